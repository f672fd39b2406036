import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { controlRoute } from '../control/controlRoutes';
import { faultResponse } from '../control/faultResponse';
import type { SimControl } from '../control/SimControl';
import type { RequestLogEntry } from '../control/RequestLog';
import type { Item } from '../model/types';
import type { PermissionName } from '../scenario/scenarioSchema';
import {
  badCredentials,
  loginRequired,
  missingPermission,
  noValidCrumb,
  notFound,
  oops,
} from './errorPages';
import type { RequestContext } from './RequestContext';
import { JenkinsHttpError, SimResponse } from './SimResponse';
import { itemRoute } from './routes/itemRoutes';
import { cancelItem, queueApi, queueItemRoute } from './routes/queueRoutes';
import {
  crumbIssuerApi,
  meApi,
  rootApi,
  userApi,
  whoAmIApi,
} from './routes/rootRoutes';

const MAX_BODY = 10 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () =>
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

function rawSegments(pathname: string): string[] {
  return pathname.split('/').filter(s => s !== '');
}

function decodeSegments(raw: string[]): string[] {
  return raw.map(s => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}

function sentCredentials(req: IncomingMessage): RequestLogEntry['sent'] {
  const one = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  return {
    authorization: one('authorization'),
    cookie: one('cookie'),
    crumb: one('jenkins-crumb'),
  };
}

/** Serves the Jenkins remote API (and the control API) over node:http. */
export class SimServer {
  readonly server: http.Server;
  private readonly hanging = new Set<ServerResponse>();
  private readonly sockets = new Set<Socket>();
  baseUrl = '';

  constructor(
    private readonly control: SimControl,
    private readonly controlEnabled: boolean,
  ) {
    this.server = http.createServer({ keepAliveTimeout: 30000 }, (req, res) => {
      this.handle(req, res).catch(e => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
        }
        res.end(String(e));
      });
    });
    this.server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async listen(port: number, host: string, publicHost: string) {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    const actualPort =
      typeof address === 'object' && address ? address.port : port;
    this.baseUrl = `http://${publicHost}:${actualPort}`;
  }

  async close() {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    await new Promise<void>(resolve => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private send(res: ServerResponse, response: SimResponse) {
    const state = this.control.state;
    const headers: Record<string, string | string[]> = {
      'X-Content-Type-Options': 'nosniff',
      'X-Jenkins': state.scenario.jenkinsVersion,
      'X-Jenkins-Session': state.instanceSession,
      Server: 'Jetty(12.0.22)',
      ...response.headers,
    };
    const body = response.body ?? '';
    headers['Content-Length'] = String(Buffer.byteLength(body));
    res.writeHead(response.status, headers);
    res.end(body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sim');
    const pathname = url.pathname;
    const body = await readBody(req);

    if (this.controlEnabled && pathname.startsWith('/__sim/')) {
      let parsed: unknown;
      try {
        parsed = body.length ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        this.send(res, { status: 400, body: '{"error":"body must be JSON"}' });
        return;
      }
      this.send(
        res,
        controlRoute(this.control, method, pathname, url.searchParams, parsed),
      );
      return;
    }

    const state = this.control.state;
    const params = new URLSearchParams(url.search);
    const contentType = String(req.headers['content-type'] ?? '');
    if (
      body.length > 0 &&
      contentType.startsWith('application/x-www-form-urlencoded')
    ) {
      for (const [k, v] of new URLSearchParams(body.toString('utf8')))
        params.append(k, v);
    }

    const auth = await state.authenticator.authenticate(req);
    const identity = auth.ok ? auth.identity : undefined;
    const entry: RequestLogEntry = {
      time: Date.now(),
      method,
      path: pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      user: auth.ok ? auth.identity.id : auth.user,
      groups: identity && !identity.anonymous ? identity.groups : [],
      realm: auth.ok ? auth.realm : 'rejected',
      crumb: 'not-required',
      sent: sentCredentials(req),
    };
    // Set by an `applyThen…` fault: the request is served, the answer lost.
    let lostAnswer: 'hang' | 'reset' | undefined;
    const withhold = (how: 'hang' | 'reset') => {
      if (how === 'reset') {
        req.socket.resetAndDestroy();
      } else {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
      }
    };
    const finish = (response: SimResponse) => {
      entry.status = response.status;
      this.control.log.record(entry);
      if (lostAnswer) {
        withhold(lostAnswer);
        return;
      }
      this.send(res, response);
    };

    const fault = this.control.faultInjector.take(method, pathname);
    if (fault) {
      entry.fault = fault.id;
      const outcome = await faultResponse(fault);
      if (outcome.action === 'respond') {
        finish(outcome.response);
        return;
      }
      if (outcome.action === 'reset' || outcome.action === 'hang') {
        this.control.log.record(entry);
        withhold(outcome.action);
        return;
      }
      if (outcome.action === 'expireCrumb') {
        state.crumbs.invalidateAll();
      } else if (outcome.action === 'applyThen') {
        lostAnswer = outcome.then;
      }
    }

    if (!auth.ok) {
      finish(badCredentials(auth.user));
      return;
    }

    const sessionId = state.crumbs.sessionFrom(req.headers.cookie);
    if (
      method === 'POST' &&
      state.authenticator.realm.crumbs &&
      auth.realm !== 'basic'
    ) {
      const crumb =
        (req.headers['jenkins-crumb'] as string | undefined) ??
        params.get('Jenkins-Crumb') ??
        undefined;
      const valid = state.crumbs.validate(auth.identity.id, sessionId, crumb);
      entry.crumb = valid ? 'valid' : 'invalid';
      if (!valid) {
        finish(noValidCrumb());
        return;
      }
    }

    const { roles } = state;
    const xhr = req.headers['x-requested-with'] === 'XMLHttpRequest';
    const raw = rawSegments(pathname);
    const ctx: RequestContext = {
      req,
      method,
      segments: decodeSegments(raw),
      rawSegments: raw,
      ancestors: new Map(),
      path: pathname,
      params,
      identity: auth.identity,
      realm: auth.realm,
      baseUrl: this.baseUrl,
      sessionId,
      has: (permission: PermissionName, item?: Item) =>
        roles.hasPermission(
          auth.identity,
          permission,
          item?.fullName || undefined,
        ),
      check(permission: PermissionName, item?: Item) {
        if (!this.has(permission, item)) {
          throw auth.identity.anonymous
            ? loginRequired(pathname, xhr)
            : missingPermission(auth.identity, permission);
        }
      },
    };
    try {
      finish(this.route(ctx));
    } catch (e) {
      if (e instanceof JenkinsHttpError) {
        finish(e.response);
      } else {
        finish(oops(String((e as Error)?.stack ?? e)).response);
      }
    }
  }

  private route(ctx: RequestContext): SimResponse {
    const state = this.control.state;
    const s = ctx.segments;
    const path = s.join('/');
    if (s[0] === 'job') return itemRoute(ctx, state);
    switch (path) {
      case '':
        ctx.check('Overall/Read');
        return {
          status: 200,
          headers: { 'Content-Type': 'text/html;charset=utf-8' },
          body: '<!DOCTYPE html><html><head><title>Dashboard [Jenkins]</title></head><body></body></html>',
        };
      case 'api/json':
        return rootApi(ctx, state);
      case 'crumbIssuer/api/json':
        return crumbIssuerApi(ctx, state);
      case 'whoAmI/api/json':
        return whoAmIApi(ctx, state);
      case 'me/api/json':
        return meApi(ctx, state);
      case 'queue/api/json':
        return queueApi(ctx, state);
      case 'queue/cancelItem':
        return cancelItem(ctx, state);
      default:
    }
    if (s[0] === 'queue' && s[1] === 'item' && s[2] !== undefined) {
      return queueItemRoute(ctx, state, s[2], s.slice(3).join('/'));
    }
    if (
      s[0] === 'user' &&
      s[1] !== undefined &&
      s.slice(2).join('/') === 'api/json'
    ) {
      return userApi(ctx, state, s[1]);
    }
    if (!ctx.has('Overall/Read')) ctx.check('Overall/Read');
    throw notFound();
  }
}
