import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { encodeJobId } from '@internal/plugin-jenkins-common';
import { JenkinsSim, startJenkinsSim } from '@internal/jenkins-sim';
import { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import permissionPlugin from '@backstage/plugin-permission-backend';
import allowAllPolicy from '@backstage/plugin-permission-backend-module-allow-all-policy';
import jenkinsPolicy from '@internal/plugin-permission-backend-module-jenkins-policy';
import { jenkinsPlugin } from '../plugin';
import { authWithActors, httpAuthWithActors } from './onBehalfOfAuth';

/**
 * A whole Backstage backend (this plugin, the permission backend with a
 * policy, a catalog with the demo entities) in front of the simulator's
 * `demo` scenario, for the write API's end-to-end tests. Test support only.
 */

/** Group memberships of the demo users, as `userInfo` reports them. */
const MEMBERSHIPS: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-payments'],
  'user:default/bob': ['group:default/release-managers'],
  'user:default/carol': [],
  'user:default/dave': ['group:default/auditors'],
};

const ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-service',
      namespace: 'default',
      annotations: {
        'jenkins.io/job-full-name':
          'payments/payments-service, payments/deploy-staging, payments/deploy-production',
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-payments',
      system: 'payments',
    },
  },
  ...['alice', 'bob', 'carol', 'dave'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {
      profile: {
        displayName: name[0].toUpperCase() + name.slice(1),
        email: `${name}@example.com`,
      },
      memberOf: MEMBERSHIPS[`user:default/${name}`].map(g => g.split('/')[1]),
    },
  })),
];

/** What the auditor service was told. */
export interface RecordedAuditEvent {
  options: AuditorServiceCreateEventOptions;
  outcome?: { status: 'success' | 'fail'; meta?: unknown; error?: string };
}

export const STAGING = 'payments/deploy-staging';
export const PRODUCTION = 'payments/deploy-production';
export const ENTITY_PATH =
  '/api/jenkins/v1/entities/component/default/payments-service';

/** `/api/jenkins/v1/entities/…/jobs/:jobId` of a demo job. */
export function jobPath(fullName: string): string {
  return `${ENTITY_PATH}/jobs/${encodeJobId('default', fullName)}`;
}

/** The Authorization header of a demo user. */
export function as(user: string): { Authorization: string } {
  return { Authorization: mockCredentials.user.header(`user:default/${user}`) };
}

export interface WriteApiStack {
  sim: JenkinsSim;
  /** The backend's base URL, e.g. `http://localhost:43210`. */
  baseUrl: string;
  server: ReturnType<typeof request>;
  events: RecordedAuditEvent[];
  logs: string[];
  /** Reads Jenkins as its administrator (what the simulator really did). */
  jenkinsGet(path: string): Promise<any>;
  /** POSTs to the simulator since the last `clearRequests`. */
  posts(): Array<{ path: string; user: string; status: number; crumb: string }>;
  stop(): Promise<void>;
}

function capturingLogger(lines: string[]): LoggerService {
  const log =
    (level: string) =>
    (message: string, meta?: Error | Record<string, unknown>) => {
      lines.push(
        `${level} ${message} ${
          meta instanceof Error
            ? `${meta.name}: ${meta.message}`
            : JSON.stringify(meta ?? {})
        }`,
      );
    };
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: () => capturingLogger(lines),
  };
}

function recordingAuditor(events: RecordedAuditEvent[]): AuditorService {
  return {
    async createEvent(options) {
      const event: RecordedAuditEvent = {
        options: { ...options, request: undefined },
      };
      events.push(event);
      return {
        async success(o) {
          event.outcome = { status: 'success', meta: o?.meta };
        },
        async fail(o) {
          event.outcome = {
            status: 'fail',
            meta: o.meta,
            error: o.error.message,
          };
        },
      };
    },
  };
}

/**
 * Starts the simulator and a backend in front of it.
 *
 * @param options.policy `jenkins` installs the demo policy module, `allow-all`
 * lets Backstage allow everything so that Jenkins is the only gate.
 */
export async function startWriteApiStack(options: {
  strategy: 'jwt' | 'proxy-headers';
  policy: 'jenkins' | 'allow-all';
  /** A shared database (several backends on one PostgreSQL). */
  knex?: Knex;
  /** An already running simulator to put the backend in front of. */
  sim?: JenkinsSim;
}): Promise<WriteApiStack> {
  const sim =
    options.sim ??
    (await startJenkinsSim({ port: 0, scenario: 'demo', virtualClock: true }));
  const events: RecordedAuditEvent[] = [];
  const logs: string[] = [];
  const policy = options.policy === 'jenkins' ? jenkinsPolicy : allowAllPolicy;

  const backend = await startTestBackend({
    features: [
      jenkinsPlugin,
      permissionPlugin,
      policy,
      catalogServiceMock.factory({ entities: ENTITIES }),
      authWithActors,
      httpAuthWithActors(),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials) {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: [ref, ...(MEMBERSHIPS[ref] ?? [])],
            };
          },
        }),
      }),
      createServiceFactory({
        service: coreServices.auditor,
        deps: {},
        factory: () => recordingAuditor(events),
      }),
      createServiceFactory({
        service: coreServices.logger,
        deps: {},
        factory: () => capturingLogger(logs),
      }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          backend: { actions: { pluginSources: ['jenkins'] } },
          jenkins: {
            instances: [
              {
                name: 'default',
                baseUrl: sim.url,
                identity: { strategy: options.strategy },
                requestTimeoutMs: 10000,
                // The write side must never see a cached state in these tests.
                cacheTtlSeconds: 0,
                environments: [
                  { pattern: STAGING, environment: 'staging' },
                  { pattern: PRODUCTION, environment: 'production' },
                ],
              },
            ],
          },
        },
      }),
    ],
  });
  const port = (backend.server.address() as AddressInfo).port;
  if (options.strategy === 'jwt') {
    sim.control.configureRealm({
      jwt: {
        jwksUrl: `http://localhost:${port}/api/jenkins/.well-known/jwks.json`,
      },
    });
  } else {
    sim.control.configureRealm({ proxyHeaders: { enabled: true } });
  }

  return {
    sim,
    baseUrl: `http://localhost:${port}`,
    server: request(backend.server),
    events,
    logs,
    async jenkinsGet(path) {
      const res = await fetch(`${sim.url}${path}`, {
        headers: {
          Authorization: `Basic ${Buffer.from('admin:admin-token').toString(
            'base64',
          )}`,
        },
      });
      if (!res.ok) {
        throw new Error(`Simulator answered ${res.status} to GET ${path}`);
      }
      return res.json();
    },
    posts() {
      return sim.control
        .requests({ method: 'POST' })
        .map(({ path, user, status, crumb }) => ({
          path,
          user,
          status,
          crumb,
        }));
    },
    async stop() {
      await backend.stop();
      if (!options.sim) {
        await sim.close();
      }
    },
  };
}
