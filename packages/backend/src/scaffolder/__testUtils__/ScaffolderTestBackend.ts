import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AuthService,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import { EXAMPLES_DIR, loadDemoWorld } from '@internal/jenkins-demo-world/node';
import { JenkinsSim, startJenkinsSim } from '@internal/jenkins-sim';
import { AddressInfo } from 'node:net';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import jenkinsPlugin from '@internal/plugin-jenkins-backend';
import jenkinsPolicyModule from '@internal/plugin-permission-backend-module-jenkins-policy';
import scaffolderJenkinsModule from '@internal/plugin-scaffolder-backend-module-jenkins';
import catalogTemplatesModule from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';

/**
 * A whole Backstage backend as the app installs it for software templates —
 * the real scaffolder backend with the Jenkins template actions, the Jenkins
 * plugin, the real catalog reading `examples/` (plus a test's templates),
 * the real permission backend with the demo policy — in front of the
 * Jenkins simulator. Auth is Backstage's mock, except that plugin tokens
 * issued on behalf of a user name their issuing plugin as the actor, as
 * real ones do (`plugin:scaffolder` for the template actions). Test support
 * only.
 */

const OBO_PREFIX = 'test-obo-token:';

interface OboClaims {
  sub: string;
  obo: string;
  target: string;
}

function oboClaims(token: string | undefined): OboClaims | undefined {
  return token?.startsWith(OBO_PREFIX)
    ? (JSON.parse(token.slice(OBO_PREFIX.length)) as OboClaims)
    : undefined;
}

function userWithActor(claims: OboClaims, pluginId: string) {
  if (claims.target !== pluginId) {
    throw new AuthenticationError(
      `Token for plugin ${claims.target} sent to ${pluginId}`,
    );
  }
  return mockCredentials.user(claims.obo, {
    actor: { subject: `plugin:${claims.sub}` },
  });
}

/** `coreServices.auth`: the mock, with on-behalf-of tokens that name their issuer. */
const authWithIssuers = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const pluginId = plugin.getId();
    const inner = mockServices.auth({ pluginId });
    const auth = Object.create(inner) as AuthService;
    auth.getPluginRequestToken = async options => {
      const principal = options.onBehalfOf.principal as {
        type: string;
        userEntityRef?: string;
      };
      if (principal.type === 'user') {
        return {
          token: `${OBO_PREFIX}${JSON.stringify({
            sub: pluginId,
            obo: principal.userEntityRef,
            target: options.targetPluginId,
          })}`,
        };
      }
      return inner.getPluginRequestToken(options);
    };
    auth.authenticate = async (token, options) => {
      const claims = oboClaims(token);
      return claims
        ? (userWithActor(claims, pluginId) as any)
        : inner.authenticate(token, options);
    };
    return auth;
  },
});

/** `coreServices.httpAuth`: the mock, taking the on-behalf-of tokens above. */
const httpAuthWithIssuers = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const pluginId = plugin.getId();
    const inner = mockServices.httpAuth({
      pluginId,
      defaultCredentials: mockCredentials.none(),
    });
    return {
      async credentials(req, options) {
        const token = /^Bearer\s+(\S+)$/i.exec(
          req.headers.authorization ?? '',
        )?.[1];
        const claims = oboClaims(token);
        if (!claims) {
          return inner.credentials(req, options);
        }
        if (options?.allow && !options.allow.includes('user' as never)) {
          throw new NotAllowedError('This endpoint does not take users');
        }
        return userWithActor(claims, pluginId);
      },
      issueUserCookie: inner.issueUserCookie.bind(inner),
    } as HttpAuthService;
  },
});

/** A task's state and what it said, as the scaffolder's API answers. */
export interface FinishedTask {
  id: string;
  status: string;
  /** The `completion` event's body: `output` or `error`. */
  completion: { message?: string; output?: any; error?: { message: string } };
  /** Every log line of every step. */
  log: string[];
}

/** A running scaffolder test backend. */
export interface ScaffolderTestBackend {
  sim: JenkinsSim;
  backend: TestBackend;
  baseUrl: string;
  /** Runs time in the simulator (1 s of build time each 20 ms) until stopped. */
  runClock(): () => void;
  /** `POST /api/scaffolder/v2/tasks` as a user (or a service credential). */
  createTask(
    templateName: string,
    values: Record<string, unknown>,
    as: Caller,
  ): Promise<string>;
  /** `POST /api/scaffolder/v2/tasks/:id/retry` as a user. */
  retryTask(taskId: string, as: string): Promise<void>;
  /** Waits for a task to complete or fail. */
  finished(taskId: string, as: Caller): Promise<FinishedTask>;
  /** The simulator's POSTs that start builds. */
  buildPosts(): Array<{ path: string; user: string; status: number }>;
  /** Reads Jenkins as its administrator. */
  jenkinsGet(path: string): Promise<any>;
  /** The Jenkins plugin's activity of payments-service, as a user. */
  activity(as: string): Promise<any[]>;
  stop(): Promise<void>;
}

/** Who calls: a user name of the demo world, or a service's subject. */
export type Caller = string | { service: string };

function headerOf(as: Caller): string {
  return typeof as === 'string'
    ? mockCredentials.user.header(`user:default/${as}`)
    : mockCredentials.service.header({
        onBehalfOf: mockCredentials.service(as.service),
        targetPluginId: 'scaffolder',
      });
}

/**
 * Starts the simulator (virtual clock) and the backend, and waits until the
 * catalog has ingested `templates` (YAML documents written to a temporary
 * catalog location next to `examples/`).
 */
export async function startScaffolderTestBackend(options: {
  templates: string;
  scenario?: string | object;
  /** Ownership refs of users beyond the demo world's, by user ref. */
  extraOwnership?: Record<string, string[]>;
}): Promise<ScaffolderTestBackend> {
  const world = loadDemoWorld();
  const sim = await startJenkinsSim({
    port: 0,
    scenario: options.scenario ?? 'demo',
    virtualClock: true,
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffolder-jenkins-'));
  const templatesFile = path.join(dir, 'templates.yaml');
  fs.writeFileSync(templatesFile, options.templates);

  let backend: TestBackend;
  try {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogTemplatesModule,
        permissionPlugin,
        jenkinsPolicyModule,
        jenkinsPlugin,
        scaffolderPlugin,
        scaffolderJenkinsModule,
        authWithIssuers,
        httpAuthWithIssuers,
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            async getUserInfo(credentials) {
              const userEntityRef = (
                credentials.principal as BackstageUserPrincipal
              ).userEntityRef;
              return {
                userEntityRef,
                ownershipEntityRefs:
                  options.extraOwnership?.[userEntityRef] ??
                  world.ownershipOf(userEntityRef),
              };
            },
          }),
        }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            jenkinsPolicy: {
              releaseManagerGroups: ['group:default/release-managers'],
              productionEnvironments: ['production'],
            },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'API',
                    'Resource',
                    'Location',
                    'User',
                    'Group',
                    'Template',
                  ],
                },
              ],
              locations: [
                path.join(EXAMPLES_DIR, 'entities.yaml'),
                path.join(EXAMPLES_DIR, 'org.yaml'),
                templatesFile,
              ].map(target => ({ type: 'file', target })),
            },
            scaffolder: { jenkins: { pollIntervalMs: 100 } },
            jenkins: {
              instances: [
                {
                  name: 'default',
                  baseUrl: sim.url,
                  identity: { strategy: 'jwt' },
                  requestTimeoutMs: 5000,
                  cacheTtlSeconds: 0,
                  environments: [
                    {
                      pattern: 'payments/deploy-staging',
                      environment: 'staging',
                    },
                    {
                      pattern: 'payments/deploy-production',
                      environment: 'production',
                    },
                  ],
                  owners: [
                    {
                      path: 'payments/**',
                      groups: ['group:default/team-payments'],
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
  } catch (error) {
    await sim.close();
    throw error;
  }
  const { port } = backend.server.address() as AddressInfo;
  const baseUrl = `http://localhost:${port}`;
  sim.control.configureRealm({
    jwt: {
      jwksUrl: `${baseUrl}/api/jenkins/.well-known/jwks.json`,
      acceptedAudience: sim.url,
    },
  });

  const api = async (
    method: string,
    apiPath: string,
    as: Caller,
    body?: unknown,
  ) => {
    const res = await fetch(`${baseUrl}${apiPath}`, {
      method,
      headers: {
        Authorization: headerOf(as),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) {
      throw new Error(`${method} ${apiPath} answered ${res.status}: ${text}`);
    }
    return text ? JSON.parse(text) : undefined;
  };

  // The catalog ingests its file locations in the background.
  const deadline = Date.now() + 30_000;
  const first = /name:\s*(\S+)/.exec(options.templates)?.[1];
  const ingested = () =>
    Promise.all([
      api(
        'GET',
        `/api/catalog/entities/by-name/template/default/${first}`,
        'alice',
      ),
      api(
        'GET',
        '/api/catalog/entities/by-name/component/default/payments-service',
        'alice',
      ),
    ]).then(
      () => undefined,
      (error: unknown) => error,
    );
  for (let error = await ingested(); error; error = await ingested()) {
    if (Date.now() > deadline) {
      await backend.stop();
      await sim.close();
      throw new Error(
        `The catalog did not ingest the test templates: ${error}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  sim.control.clearRequests();

  return {
    sim,
    backend,
    baseUrl,
    runClock() {
      const timer = setInterval(() => sim.control.advance(1000), 20);
      return () => clearInterval(timer);
    },
    async createTask(templateName, values, as) {
      const { id } = await api('POST', '/api/scaffolder/v2/tasks', as, {
        templateRef: `template:default/${templateName}`,
        values,
      });
      return id;
    },
    async retryTask(taskId, as) {
      await api('POST', `/api/scaffolder/v2/tasks/${taskId}/retry`, as, {});
    },
    async finished(taskId, as) {
      const until = Date.now() + 60_000;
      for (;;) {
        const task = await api('GET', `/api/scaffolder/v2/tasks/${taskId}`, as);
        if (['completed', 'failed', 'cancelled'].includes(task.status)) {
          const events: any[] = await api(
            'GET',
            `/api/scaffolder/v2/tasks/${taskId}/events`,
            as,
          );
          const completion = events.filter(e => e.type === 'completion').pop();
          return {
            id: taskId,
            status: task.status,
            completion: completion?.body ?? {},
            log: events
              .filter(e => e.type === 'log')
              .map(e => String(e.body.message)),
          };
        }
        if (Date.now() > until) {
          throw new Error(`Task ${taskId} is still ${task.status}`);
        }
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    },
    buildPosts() {
      return sim.control
        .requests({ method: 'POST' })
        .filter(({ path: p }) => /\/build(WithParameters)?$/.test(p))
        .map(({ path: p, user, status }) => ({ path: p, user, status }));
    },
    async jenkinsGet(jenkinsPath) {
      const res = await fetch(`${sim.url}${jenkinsPath}`, {
        headers: {
          Authorization: `Basic ${Buffer.from('admin:admin-token').toString(
            'base64',
          )}`,
        },
      });
      return res.json();
    },
    async activity(as) {
      const page = await api(
        'GET',
        '/api/jenkins/v1/entities/component/default/payments-service/activity',
        as,
      );
      return page.items;
    },
    async stop() {
      await backend.stop();
      await sim.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
