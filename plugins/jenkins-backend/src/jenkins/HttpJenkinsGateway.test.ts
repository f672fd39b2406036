import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { SigningKeyStore } from '../identity/SigningKeyStore';
import { JenkinsPrincipal } from '../identity/types';
import { HttpJenkinsGateway } from './HttpJenkinsGateway';
import { jenkinsAnswerOf } from './JenkinsAnswer';
import { JenkinsRequestContext } from './JenkinsGateway';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A stand-in Jenkins whose answers each test scripts. */
async function startFakeJenkins(handler: Handler) {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body,
      });
      handler(req, res);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The error a call fails with; fails the test if it succeeds. */
async function failureOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify(body));
}

const alice: JenkinsPrincipal = {
  userRef: 'user:default/alice',
  userName: 'alice',
  groups: ['team-payments'],
};

const read: JenkinsRequestContext = {
  instance: 'default',
  principal: alice,
  purpose: 'read',
};
const write: JenkinsRequestContext = { ...read, purpose: 'write' };

function gatewayFor(baseUrl: string, instance: object = {}) {
  const config = readJenkinsConfig(
    new ConfigReader({
      jenkins: {
        instances: [
          {
            name: 'default',
            baseUrl,
            identity: {
              strategy: 'proxy-headers',
              proxyHeaders: {
                serviceUser: 'backstage',
                serviceApiToken: 'proxy-token',
              },
            },
            requestTimeoutMs: 400,
            retries: { maxAttempts: 3, backoffMs: 20 },
            ...instance,
          },
        ],
      },
    }),
  );
  const keys = {} as SigningKeyStore;
  return new HttpJenkinsGateway({
    config,
    strategies: new IdentityStrategies(config, keys),
    logger: mockServices.logger.mock(),
  });
}

const servers: Array<{ close(): Promise<void> }> = [];
async function fake(handler: Handler) {
  const server = await startFakeJenkins(handler);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map(s => s.close()));
});

describe('HttpJenkinsGateway reads', () => {
  it('reads a job with exactly the given tree, as the person', async () => {
    const jenkins = await fake((_req, res) =>
      json(res, 200, { _class: 'x', name: 'deploy' }),
    );
    const job = await gatewayFor(jenkins.url).getJob(
      read,
      'payments/feature%2Fx',
      'name,color',
    );
    expect(job).toEqual({ _class: 'x', name: 'deploy' });
    expect(jenkins.seen).toHaveLength(1);
    const url = new URL(jenkins.seen[0].url, 'http://x');
    expect(url.pathname).toBe('/job/payments/job/feature%252Fx/api/json');
    expect(url.searchParams.get('tree')).toBe('name,color');
    expect(url.searchParams.has('depth')).toBe(false);
    expect(jenkins.seen[0].headers['x-forwarded-user']).toBe('alice');
    expect(jenkins.seen[0].headers['x-forwarded-groups']).toBe('team-payments');
  });

  it('answers 502 naming the instance when Jenkins is down', async () => {
    const jenkins = await fake(() => undefined);
    const url = jenkins.url;
    await jenkins.close();
    const started = Date.now();
    const error = await failureOf(
      gatewayFor(url).getJob(read, 'payments/deploy', 'name'),
    );
    expect(error).toMatchObject({
      name: 'JenkinsUnreachableError',
      statusCode: 502,
    });
    expect(error.message).toMatch(/Jenkins instance 'default' is unreachable/);
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('answers 504 within the timeout when Jenkins hangs', async () => {
    const jenkins = await fake(() => undefined);
    const started = Date.now();
    const error = await failureOf(
      gatewayFor(jenkins.url).getJob(read, 'payments/deploy', 'name'),
    );
    expect(error).toMatchObject({
      name: 'JenkinsTimeoutError',
      statusCode: 504,
    });
    expect(error.message).toMatch(/did not answer .* within 400 ms/);
    expect(Date.now() - started).toBeLessThan(1400);
    expect(jenkins.seen).toHaveLength(1);
  });

  it('retries a read on a server error, then answers 502', async () => {
    const jenkins = await fake((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/html' });
      res.end('<html>oops</html>');
    });
    const error = await failureOf(
      gatewayFor(jenkins.url).getBuild(read, 'payments/deploy', 3, 'number'),
    );
    expect(error).toMatchObject({ statusCode: 502 });
    expect(error.message).toMatch(/HTTP 500/);
    expect(jenkins.seen).toHaveLength(3);
  });

  it('recovers when a retry succeeds', async () => {
    let calls = 0;
    const jenkins = await fake((_req, res) => {
      calls += 1;
      if (calls === 1) {
        res.writeHead(503);
        res.end();
      } else {
        json(res, 200, { number: 3 });
      }
    });
    await expect(
      gatewayFor(jenkins.url).getBuild(read, 'payments/deploy', 3, 'number'),
    ).resolves.toEqual({ number: 3 });
  });

  it('answers 502 for malformed JSON without retrying', async () => {
    const jenkins = await fake((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"name": "dep');
    });
    const error = await failureOf(
      gatewayFor(jenkins.url).getJob(read, 'payments/deploy', 'name'),
    );
    expect(error).toMatchObject({
      name: 'JenkinsBadResponseError',
      statusCode: 502,
    });
    expect(jenkins.seen).toHaveLength(1);
  });

  it('answers 502 when Jenkins resets the connection', async () => {
    const jenkins = await fake(req => req.socket.destroy());
    const error = await failureOf(
      gatewayFor(jenkins.url).getRunDescription(read, 'payments/deploy', 3),
    );
    expect(error).toMatchObject({ statusCode: 502 });
    expect(error.message).toMatch(/unreachable/);
  });

  it('turns a Jenkins denial into a 403 naming the person and the permission', async () => {
    const jenkins = await fake((_req, res) => {
      res.writeHead(403, {
        'Content-Type': 'text/html',
        'X-Required-Permission': 'hudson.model.Item.Read',
      });
      res.end('<html>Access denied</html>');
    });
    const error = await failureOf(
      gatewayFor(jenkins.url).getJob(read, 'platform/nightly-backup', 'name'),
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      "Jenkins denied alice to read job platform/nightly-backup on instance 'default': requires hudson.model.Item.Read",
    );
  });

  it('turns a missing job into a 404', async () => {
    const jenkins = await fake((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<html>Not found</html>');
    });
    const error = await failureOf(
      gatewayFor(jenkins.url).getJob(read, 'payments/gone', 'name'),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/payments\/gone/);
  });

  it('treats a missing wfapi, test report or input list as none', async () => {
    const jenkins = await fake((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    const gateway = gatewayFor(jenkins.url);
    await expect(
      gateway.getRunDescription(read, 'platform/nightly-backup', 1),
    ).resolves.toBeUndefined();
    await expect(
      gateway.getTestReport(read, 'platform/nightly-backup', 1, 'failCount'),
    ).resolves.toBeUndefined();
    await expect(
      gateway.getPendingInputs(read, 'platform/nightly-backup', 1),
    ).resolves.toEqual([]);
  });

  it('reads log chunks with a GET and the progressive headers', async () => {
    const jenkins = await fake((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'text/plain',
        'X-Text-Size': '42',
        'X-More-Data': 'true',
      });
      res.end('hello\r\n');
    });
    await expect(
      gatewayFor(jenkins.url).getLog(read, 'payments/deploy', 7, 10),
    ).resolves.toEqual({
      text: 'hello\r\n',
      nextStart: 42,
      more: true,
      hasMore: false,
    });
    expect(jenkins.seen[0].method).toBe('GET');
    expect(jenkins.seen[0].url).toBe(
      '/job/payments/job/deploy/7/logText/progressiveText?start=10',
    );
  });

  it('uses the shared read identity when reads are shared', async () => {
    const jenkins = await fake((_req, res) => json(res, 200, {}));
    await gatewayFor(jenkins.url, {
      reads: 'shared',
      readCredentials: { user: 'reader', apiToken: 'read-token' },
    }).getJob(read, 'payments/deploy', 'name');
    expect(jenkins.seen[0].headers.authorization).toBe(
      `Basic ${Buffer.from('reader:read-token').toString('base64')}`,
    );
    expect(jenkins.seen[0].headers['x-forwarded-user']).toBeUndefined();
  });

  it('opens the circuit after repeated failures and stops calling Jenkins', async () => {
    const jenkins = await fake((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const gateway = gatewayFor(jenkins.url, {
      retries: { maxAttempts: 1 },
      circuitBreaker: { failureThreshold: 2, resetAfterMs: 60000 },
    });
    await gateway.getJob(read, 'a', 'name').catch(() => undefined);
    await gateway.getJob(read, 'a', 'name').catch(() => undefined);
    const error = await failureOf(gateway.getJob(read, 'a', 'name'));
    expect(error).toMatchObject({
      name: 'JenkinsCircuitOpenError',
      statusCode: 502,
    });
    expect(jenkins.seen).toHaveLength(2);
  });
});

describe('HttpJenkinsGateway writes', () => {
  /** Issues a new crumb and session per crumb request; POSTs go to `onPost`. */
  function crumbIssuing(onPost: Handler): Handler {
    let session = 0;
    return (req, res) => {
      if (req.url === '/crumbIssuer/api/json') {
        session += 1;
        res.setHeader(
          'Set-Cookie',
          `JSESSIONID.abc=s${session}; Path=/; HttpOnly`,
        );
        json(res, 200, {
          _class: 'hudson.security.csrf.DefaultCrumbIssuer',
          crumb: `crumb-${session}`,
          crumbRequestField: 'Jenkins-Crumb',
        });
        return;
      }
      onPost(req, res);
    };
  }

  it('triggers with the crumb and session cookie fetched as the same person', async () => {
    const jenkins = await fake(
      crumbIssuing((_req, res) => {
        res.writeHead(201, { Location: 'http://jenkins/queue/item/57/' });
        res.end();
      }),
    );
    const result = await gatewayFor(jenkins.url).triggerBuild(
      write,
      'payments/deploy-staging',
      { VERSION: '1.2.3' },
    );
    expect(result).toEqual({ queueId: 57, alreadyQueued: false, status: 201 });
    const [crumb, post] = jenkins.seen;
    expect(crumb.url).toBe('/crumbIssuer/api/json');
    expect(crumb.headers['x-forwarded-user']).toBe('alice');
    expect(post.method).toBe('POST');
    expect(post.url).toBe(
      '/job/payments/job/deploy-staging/buildWithParameters',
    );
    expect(post.headers['jenkins-crumb']).toBe('crumb-1');
    expect(post.headers.cookie).toContain('JSESSIONID.abc=s1');
    expect(post.headers['x-forwarded-user']).toBe('alice');
    expect(post.body).toBe('VERSION=1.2.3');
  });

  it('reports an identical queued item (303) as already queued', async () => {
    const jenkins = await fake((req, res) => {
      if (req.url === '/crumbIssuer/api/json') {
        json(res, 200, { crumb: 'c', crumbRequestField: 'Jenkins-Crumb' });
        return;
      }
      res.writeHead(303, { Location: 'http://jenkins/queue/item/41/' });
      res.end();
    });
    await expect(
      gatewayFor(jenkins.url).triggerBuild(
        write,
        'payments/deploy-staging',
        {},
      ),
    ).resolves.toEqual({ queueId: 41, alreadyQueued: true, status: 303 });
  });

  it('refreshes a rejected crumb once and retries the write', async () => {
    let posts = 0;
    const jenkins = await fake((req, res) => {
      if (req.url === '/crumbIssuer/api/json') {
        json(res, 200, { crumb: 'c', crumbRequestField: 'Jenkins-Crumb' });
        return;
      }
      posts += 1;
      if (posts === 1) {
        res.writeHead(403, { 'Content-Type': 'text/html' });
        res.end('<html>No valid crumb was included in the request</html>');
        return;
      }
      res.writeHead(204);
      res.end();
    });
    await gatewayFor(jenkins.url).cancelQueueItem(write, 12);
    expect(posts).toBe(2);
    expect(
      jenkins.seen.filter(r => r.url === '/crumbIssuer/api/json'),
    ).toHaveLength(2);
  });

  it('gives up after one crumb refresh', async () => {
    const jenkins = await fake((req, res) => {
      if (req.url === '/crumbIssuer/api/json') {
        json(res, 200, { crumb: 'c', crumbRequestField: 'Jenkins-Crumb' });
        return;
      }
      res.writeHead(403, { 'Content-Type': 'text/html' });
      res.end('No valid crumb was included in the request');
    });
    await expect(
      gatewayFor(jenkins.url).stopBuild(write, 'payments/deploy', 3),
    ).rejects.toBeInstanceOf(NotAllowedError);
    expect(jenkins.seen.filter(r => r.method === 'POST')).toHaveLength(2);
  });

  it('never retries a write on a server error', async () => {
    const jenkins = await fake((req, res) => {
      if (req.url === '/crumbIssuer/api/json') {
        json(res, 200, { crumb: 'c', crumbRequestField: 'Jenkins-Crumb' });
        return;
      }
      res.writeHead(500);
      res.end();
    });
    await expect(
      gatewayFor(jenkins.url).triggerBuild(write, 'payments/deploy'),
    ).rejects.toMatchObject({ statusCode: 502 });
    expect(jenkins.seen.filter(r => r.method === 'POST')).toHaveLength(1);
  });

  it('sends a Basic API token without any crumb for a service account', async () => {
    const jenkins = await fake((_req, res) => {
      res.writeHead(302, { Location: '/' });
      res.end();
    });
    await gatewayFor(jenkins.url, {
      identity: {
        strategy: 'service-account',
        serviceAccount: { user: 'bot', apiToken: 'bot-token' },
      },
    }).setBuildDescription(write, 'payments/deploy', 3, 'Deployed by alice');
    expect(jenkins.seen).toHaveLength(1);
    expect(jenkins.seen[0].url).toBe(
      '/job/payments/job/deploy/3/submitDescription',
    );
    expect(jenkins.seen[0].body).toBe('description=Deployed+by+alice');
    expect(jenkins.seen[0].headers.authorization).toMatch(/^Basic /);
  });

  it('answers an input step: proceedEmpty, submit with parameters, abort', async () => {
    const jenkins = await fake((req, res) => {
      if (req.url === '/crumbIssuer/api/json') {
        json(res, 200, { crumb: 'c', crumbRequestField: 'Jenkins-Crumb' });
        return;
      }
      res.writeHead(200);
      res.end();
    });
    const gateway = gatewayFor(jenkins.url);
    await gateway.answerInput(
      write,
      'payments/deploy-production',
      9,
      'Promote',
      {
        action: 'approve',
      },
    );
    await gateway.answerInput(
      write,
      'payments/deploy-production',
      9,
      'Promote',
      {
        action: 'approve',
        parameters: { REASON: 'ok' },
      },
    );
    await gateway.answerInput(
      write,
      'payments/deploy-production',
      9,
      'Promote',
      {
        action: 'reject',
      },
    );
    const posts = jenkins.seen.filter(r => r.method === 'POST');
    expect(posts.map(p => p.url)).toEqual([
      '/job/payments/job/deploy-production/9/input/Promote/proceedEmpty',
      '/job/payments/job/deploy-production/9/input/Promote/submit',
      '/job/payments/job/deploy-production/9/input/Promote/abort',
    ]);
    expect(new URLSearchParams(posts[1].body).get('json')).toBe(
      JSON.stringify({ parameter: [{ name: 'REASON', value: 'ok' }] }),
    );
  });
});

describe('HttpJenkinsGateway over pooled connections', () => {
  const bob: JenkinsRequestContext = {
    instance: 'default',
    principal: { userRef: 'user:default/bob', userName: 'bob', groups: [] },
    purpose: 'write',
  };

  it('sends each concurrent call as its own person, crumb requests included', async () => {
    const jenkins = await fake((req, res) => {
      // Answer late, so that the calls overlap on the shared client.
      setTimeout(() => {
        if (req.url === '/crumbIssuer/api/json') {
          json(res, 200, {
            _class: 'hudson.security.csrf.DefaultCrumbIssuer',
            crumb: `crumb-of-${req.headers['x-forwarded-user']}`,
            crumbRequestField: 'Jenkins-Crumb',
          });
          return;
        }
        if (req.method === 'POST') {
          res.writeHead(201, { Location: 'http://jenkins/queue/item/7/' });
          res.end();
          return;
        }
        json(res, 200, { name: req.headers['x-forwarded-user'] });
      }, 20);
    });
    const gateway = gatewayFor(jenkins.url);
    const reads = await Promise.all([
      gateway.getJob(read, 'a', 'name'),
      gateway.getJob({ ...bob, purpose: 'read' }, 'a', 'name'),
      gateway.getJob(read, 'a', 'name'),
    ]);
    expect(reads).toEqual([
      { name: 'alice' },
      { name: 'bob' },
      { name: 'alice' },
    ]);
    await Promise.all([
      gateway.triggerBuild(write, 'payments/deploy'),
      gateway.triggerBuild(bob, 'payments/deploy'),
    ]);
    const posts = jenkins.seen.filter(r => r.method === 'POST');
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      expect(post.headers['jenkins-crumb']).toBe(
        `crumb-of-${post.headers['x-forwarded-user']}`,
      );
    }
  });
});

describe('HttpJenkinsGateway results and answers', () => {
  it('returns the status Jenkins really answered each write with', async () => {
    const statuses: Record<string, number> = {
      '/job/payments/job/deploy/3/stop': 302,
      '/queue/cancelItem?id=12': 204,
      '/job/payments/job/deploy/3/submitDescription': 200,
      '/job/payments/job/deploy/3/input/Promote/proceedEmpty': 302,
    };
    const jenkins = await fake((req, res) => {
      if (req.url === '/crumbIssuer/api/json') {
        json(res, 200, { crumb: 'c', crumbRequestField: 'Jenkins-Crumb' });
        return;
      }
      res.writeHead(statuses[req.url!] ?? 500, { Location: '/' });
      res.end();
    });
    const gateway = gatewayFor(jenkins.url);
    await expect(
      gateway.stopBuild(write, 'payments/deploy', 3),
    ).resolves.toEqual({ status: 302 });
    await expect(gateway.cancelQueueItem(write, 12)).resolves.toEqual({
      status: 204,
    });
    await expect(
      gateway.setBuildDescription(write, 'payments/deploy', 3, 'x'),
    ).resolves.toEqual({ status: 200 });
    await expect(
      gateway.answerInput(write, 'payments/deploy', 3, 'Promote', {
        action: 'approve',
      }),
    ).resolves.toEqual({ status: 302 });
  });

  it.each([
    [
      'an input answer refused with a Failure (400)',
      400,
      { 'X-Error': 'You need to be release-managers to submit this.' },
      '<html><h1>Error</h1></html>',
      (g: HttpJenkinsGateway) =>
        g.answerInput(write, 'payments/deploy', 3, 'Promote', {
          action: 'approve',
        }),
      /^Jenkins denied alice to approve input Promote of payments\/deploy #3 on instance 'default': You need to be release-managers to submit this\.$/,
    ],
    [
      'a queue cancel refused with 422 (Queue.doCancelItem)',
      422,
      {},
      '<html><h1>Oops!</h1><pre>java.lang.Exception: Item for id (12) is not cancellable\n\tat hudson.model.Queue</pre></html>',
      (g: HttpJenkinsGateway) => g.cancelQueueItem(write, 12),
      /^Jenkins denied alice to cancel queue item 12 on instance 'default': Item for id \(12\) is not cancellable$/,
    ],
  ])(
    'answers %s as Jenkins denying the person, in its own words',
    async (_, status, headers, body, call, message) => {
      const jenkins = await fake((req, res) => {
        if (req.url === '/crumbIssuer/api/json') {
          json(res, 200, { crumb: 'c', crumbRequestField: 'Jenkins-Crumb' });
          return;
        }
        res.writeHead(status, { 'Content-Type': 'text/html', ...headers });
        res.end(body);
      });
      const error = await failureOf(call(gatewayFor(jenkins.url)));
      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toMatch(message);
      expect(jenkinsAnswerOf(error)).toEqual({ status, reached: 'yes' });
    },
  );

  it.each([
    [400, 'InputError'],
    [401, 'NotAllowedError'],
    [403, 'NotAllowedError'],
    [404, 'NotFoundError'],
    [409, 'ConflictError'],
    [422, 'InputError'],
    [500, 'JenkinsUnreachableError'],
  ])(
    'carries the HTTP %i Jenkins answered a read and a write with',
    async (status, name) => {
      const jenkins = await fake((req, res) => {
        if (req.url === '/crumbIssuer/api/json') {
          json(res, 200, { crumb: 'c', crumbRequestField: 'Jenkins-Crumb' });
          return;
        }
        res.writeHead(status, { 'Content-Type': 'text/html' });
        res.end('<html>no</html>');
      });
      const gateway = gatewayFor(jenkins.url, {
        retries: { maxAttempts: 1 },
      });
      const calls = [
        () => gateway.getJob(read, 'payments/deploy', 'name'),
        () => gateway.getLog(read, 'payments/deploy', 3, 0),
        () => gateway.triggerBuild(write, 'payments/deploy'),
        () => gateway.stopBuild(write, 'payments/deploy', 3),
        ...(status === 422 ? [] : [() => gateway.cancelQueueItem(write, 12)]),
      ];
      for (const call of calls) {
        const error = await failureOf(call());
        expect(error.name).toBe(name);
        expect(jenkinsAnswerOf(error)).toEqual({ status, reached: 'yes' });
      }
    },
  );

  it('says Jenkins answered 200 when the answer was malformed', async () => {
    const jenkins = await fake((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"name": "dep');
    });
    const gateway = gatewayFor(jenkins.url);
    for (const call of [
      gateway.getJob(read, 'payments/deploy', 'name'),
      gateway.getRunDescription(read, 'payments/deploy', 3),
    ]) {
      expect(jenkinsAnswerOf(await failureOf(call))).toEqual({
        status: 200,
        reached: 'yes',
      });
    }
  });

  it('says a refused connection, an open circuit or an unknown instance never reached Jenkins', async () => {
    const jenkins = await fake(() => undefined);
    const url = jenkins.url;
    await jenkins.close();
    const gateway = gatewayFor(url, {
      retries: { maxAttempts: 1 },
      circuitBreaker: { failureThreshold: 1, resetAfterMs: 60000 },
    });
    const refused = await failureOf(gateway.triggerBuild(write, 'a'));
    expect(refused).toMatchObject({ name: 'JenkinsUnreachableError' });
    expect(jenkinsAnswerOf(refused)).toEqual({ status: null, reached: 'no' });
    const open = await failureOf(gateway.getJob(read, 'a', 'name'));
    expect(open).toMatchObject({ name: 'JenkinsCircuitOpenError' });
    expect(jenkinsAnswerOf(open)).toEqual({ status: null, reached: 'no' });
    const unknown = await failureOf(
      gateway.getJob({ ...read, instance: 'elsewhere' }, 'a', 'name'),
    );
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(jenkinsAnswerOf(unknown)).toEqual({ status: null, reached: 'no' });
  });

  it('says a write that timed out or lost its connection may have reached Jenkins', async () => {
    const jenkins = await fake((req, res) => {
      if (req.url === '/crumbIssuer/api/json') {
        json(res, 200, { crumb: 'c', crumbRequestField: 'Jenkins-Crumb' });
      } else if (req.url?.startsWith('/queue/cancelItem')) {
        req.socket.destroy();
      }
      // Anything else hangs.
    });
    const gateway = gatewayFor(jenkins.url);
    const timedOut = await failureOf(gateway.triggerBuild(write, 'a'));
    expect(timedOut).toMatchObject({ name: 'JenkinsTimeoutError' });
    expect(jenkinsAnswerOf(timedOut)).toEqual({
      status: null,
      reached: 'unknown',
    });
    const plainTimedOut = await failureOf(
      gateway.setBuildDescription(write, 'a', 1, 'x'),
    );
    expect(plainTimedOut).toMatchObject({ name: 'JenkinsTimeoutError' });
    expect(jenkinsAnswerOf(plainTimedOut)).toEqual({
      status: null,
      reached: 'unknown',
    });
    const reset = await failureOf(gateway.cancelQueueItem(write, 3));
    expect(reset).toMatchObject({ name: 'JenkinsUnreachableError' });
    expect(jenkinsAnswerOf(reset)).toEqual({
      status: null,
      reached: 'unknown',
    });
  });

  it('keeps the answer out of the error fields', async () => {
    const jenkins = await fake((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    const error = await failureOf(
      gatewayFor(jenkins.url).getJob(read, 'a', 'name'),
    );
    expect(Object.keys(error)).not.toContain('answer');
    expect(JSON.stringify(error)).not.toMatch(/reached/);
    expect(jenkinsAnswerOf(new Error('elsewhere'))).toEqual({
      status: null,
      reached: 'unknown',
    });
  });
});
