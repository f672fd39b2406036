import {
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { DemoWorld } from '@internal/jenkins-demo-world';
import { loadDemoWorld } from '@internal/jenkins-demo-world/node';
import {
  JenkinsSim,
  RequestLogEntry,
  startJenkinsSim,
} from '@internal/jenkins-sim';
import { encodeJobId } from '@internal/plugin-jenkins-common';
import { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { jenkinsPlugin } from '../plugin';
import { authWithActors, httpAuthWithActors } from './onBehalfOfAuth';
import {
  capturingLogger,
  RecordedAuditEvent,
  recordingAuditor,
} from './recorders';
import { testCatalogPlugin } from './testCatalog';
import {
  allowEverything,
  permissionFeatures,
  TestPolicyOption,
} from './testPermissions';

export type { RecordedAuditEvent } from './recorders';

/** The part of `CacheManager` that hands out a plugin's store-backed Keyv. */
interface CacheManagerStores {
  getClientWithTtl(pluginId: string): { disconnect(): Promise<void> };
}

/**
 * The default cache service, except that the plugins' cache connections
 * (e.g. Redis clients) are closed when the backend stops: Backstage's
 * `CacheManager` never closes them, and an open socket keeps the Jest worker
 * from exiting.
 */
function closingCacheServiceFactory() {
  return createServiceFactory({
    service: coreServices.cache,
    deps: {
      config: coreServices.rootConfig,
      logger: coreServices.rootLogger,
      rootLifecycle: coreServices.rootLifecycle,
      plugin: coreServices.pluginMetadata,
    },
    async createRootContext({ config, logger, rootLifecycle }) {
      const manager = CacheManager.fromConfig(config, { logger });
      const pluginIds = new Set<string>();
      rootLifecycle.addShutdownHook(async () => {
        // A plugin's Keyv clients share one store (one connection) per
        // plugin; disconnecting any of them closes it.
        const stores = manager as unknown as CacheManagerStores;
        await Promise.all(
          [...pluginIds].map(id =>
            stores
              .getClientWithTtl(id)
              .disconnect()
              .catch(() => undefined),
          ),
        );
      });
      return { manager, pluginIds };
    },
    factory({ plugin }, { manager, pluginIds }) {
      pluginIds.add(plugin.getId());
      return manager.forPlugin(plugin.getId());
    },
  });
}
export type { TestPolicy, TestPolicyOption } from './testPermissions';

/**
 * The one backend test harness: this plugin in a whole Backstage backend
 * (permissions, auth, a catalog serving the demo world of `examples/` over
 * HTTP) in front of the Jenkins simulator. Test support only.
 */

/** The `demo` scenario's staging and production deploy jobs (full names). */
export const STAGING = 'payments/deploy-staging';
export const PRODUCTION = 'payments/deploy-production';

/** The API path (below `/api/jenkins`) of the demo payments-service entity. */
export const PAYMENTS = '/v1/entities/component/default/payments-service';
/** The same, with `/api/jenkins`. */
export const ENTITY_PATH = `/api/jenkins${PAYMENTS}`;

/** The job id of a demo job on the `default` instance. */
export function jobIdOf(fullName: string, instance = 'default'): string {
  return encodeJobId(instance, fullName);
}

/** `/api/jenkins/v1/entities/…/jobs/:jobId` of a demo job. */
export function jobPath(fullName: string): string {
  return `${ENTITY_PATH}/jobs/${jobIdOf(fullName)}`;
}

/** The Authorization header of a demo user, e.g. `as('alice')`. */
export function as(user: string): { Authorization: string } {
  return { Authorization: mockCredentials.user.header(`user:default/${user}`) };
}

/** Timeouts, cache and retries of the `default` instance. */
export interface TestTimeouts {
  /**
   * Default 5000: the catalog, the JWKS and Jenkins all answer from this one
   * process, so a burst of requests must not trip it (set it lower to test
   * timeouts).
   */
  requestTimeoutMs?: number;
  /** Default 5; 0 turns the read cache off. */
  cacheTtlSeconds?: number;
  /** Default `{ maxAttempts: 2, backoffMs: 50 }`; given, it replaces the default whole. */
  retries?: { maxAttempts?: number; backoffMs?: number };
}

/** Options of {@link startJenkinsTestBackend}. */
export interface JenkinsTestBackendOptions {
  /**
   * How permissions are decided (see `TestPolicyOption`). Default: a scripted
   * policy allowing everything, without the permission backend (the real
   * one's HTTP round trips slow down tests with many concurrent requests).
   */
  policy?: TestPolicyOption;
  /** The `default` instance's identity strategy; default `jwt`. */
  strategy?: 'jwt' | 'proxy-headers' | 'service-account';
  timeouts?: TestTimeouts;
  /** Extra settings of the `default` instance, applied last (they win). */
  instance?: JsonObject;
  /** A database to use, e.g. one PostgreSQL shared by several backends. */
  knex?: Knex;
  /**
   * `backend.cache`, e.g. a Redis shared by replicas; store settings such as
   * `redis: { client: { namespace } }` go along.
   */
  cache?: { store: string; connection: string } & JsonObject;
  /** Reuse a running simulator (another replica's); it is not closed. */
  sim?: JenkinsSim;
  /** The simulator's scenario when it is started here; default `demo`. */
  scenario?: string | object;
  /** Entities on top of the demo world; one with a demo entity's ref replaces it. */
  entities?: Entity[];
  /** Entity refs each user (by ref) cannot see in the catalog. */
  hiddenFrom?: Record<string, string[]>;
  /** `jenkins.userMapping`. */
  userMapping?: JsonObject;
  /** `jenkins.identity.keyEncryptionSecret`. */
  keyEncryptionSecret?: string;
}

/** A running backend, simulator and what they recorded. */
export interface JenkinsTestBackend {
  sim: JenkinsSim;
  backend: TestBackend;
  /** The backend's HTTP server, e.g. for `request(server)`. */
  server: TestBackend['server'];
  /** A supertest agent on the backend: `api.post('/api/jenkins/…')`. */
  api: ReturnType<typeof request>;
  /** The backend's base URL, e.g. `http://127.0.0.1:43210`. */
  backendUrl: string;
  /** Same as `backendUrl`. */
  baseUrl: string;
  /** The catalog the backend sees: the demo world plus `entities`. */
  world: DemoWorld;
  /** GET an API path (below `/api/jenkins`) as a user (default alice). */
  get(path: string, userRef?: string): request.Test;
  /** What the auditor service was told. */
  events: RecordedAuditEvent[];
  /** Every log line of every plugin. */
  logs: string[];
  /** Reads Jenkins as its administrator (what the simulator really did). */
  jenkinsGet(path: string): Promise<any>;
  /** POSTs to the simulator since the last `clearRequests`. */
  posts(): Array<{ path: string; user: string; status: number; crumb: string }>;
  /** The requests the simulator saw since the last `clearRequests`. */
  jenkinsRequests(): RequestLogEntry[];
  /** `METHOD /path` of every request the catalog got. */
  catalogRequests(): string[];
  /** Stops the backend, and the simulator unless it was given. */
  close(): Promise<void>;
  /** Same as `close`. */
  stop(): Promise<void>;
}

/**
 * The `aud` of the `default` instance's tokens, which Jenkins must accept:
 * `identity.jwt.audience`, by default the instance's base URL.
 */
function audienceOf(instance: JsonObject | undefined, simUrl: string): string {
  const jwt = (instance?.identity as JsonObject | undefined)?.jwt as
    | JsonObject
    | undefined;
  const baseUrl =
    typeof instance?.baseUrl === 'string' ? instance.baseUrl : simUrl;
  return typeof jwt?.audience === 'string'
    ? jwt.audience
    : baseUrl.replace(/\/+$/, '');
}

function identityConfig(strategy: string): JsonObject {
  switch (strategy) {
    case 'proxy-headers':
      return {
        strategy,
        proxyHeaders: { serviceUser: 'admin', serviceApiToken: 'admin-token' },
      };
    case 'service-account':
      return {
        strategy,
        serviceAccount: { user: 'admin', apiToken: 'admin-token' },
      };
    default:
      return { strategy: 'jwt' };
  }
}

/**
 * Starts the simulator (unless given) and a backend in front of it:
 * this plugin, the permission setup of `policy`, a catalog serving the
 * demo world over HTTP, `userInfo` giving the world's group memberships,
 * mock auth with on-behalf-of actors (requests without a token are
 * unauthenticated), a recording auditor and a capturing logger.
 */
export async function startJenkinsTestBackend(
  options: JenkinsTestBackendOptions = {},
): Promise<JenkinsTestBackend> {
  const strategy = options.strategy ?? 'jwt';
  const world = loadDemoWorld().with(options.entities ?? []);
  const sim =
    options.sim ??
    (await startJenkinsSim({
      port: 0,
      scenario: options.scenario ?? 'demo',
      virtualClock: true,
    }));
  const events: RecordedAuditEvent[] = [];
  const logs: string[] = [];
  const catalogRequests: string[] = [];
  const permissions = permissionFeatures(options.policy ?? allowEverything);
  const timeouts = options.timeouts ?? {};

  let backend: TestBackend;
  try {
    backend = await startTestBackend({
      features: [
        jenkinsPlugin,
        testCatalogPlugin({
          world,
          hiddenFrom: options.hiddenFrom,
          requests: catalogRequests,
        }),
        ...permissions.features,
        authWithActors,
        httpAuthWithActors({ defaultCredentials: mockCredentials.none() }),
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
                ownershipEntityRefs: world.ownershipOf(userEntityRef),
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
        ...(options.cache ? [closingCacheServiceFactory()] : []),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: permissions.enabled },
            backend: {
              actions: { pluginSources: ['jenkins'] },
              ...(options.cache ? { cache: options.cache } : {}),
            },
            jenkins: {
              instances: [
                {
                  name: 'default',
                  baseUrl: sim.url,
                  identity: identityConfig(strategy),
                  requestTimeoutMs: timeouts.requestTimeoutMs ?? 5000,
                  cacheTtlSeconds: timeouts.cacheTtlSeconds ?? 5,
                  retries: timeouts.retries ?? {
                    maxAttempts: 2,
                    backoffMs: 50,
                  },
                  environments: [
                    { pattern: STAGING, environment: 'staging' },
                    { pattern: PRODUCTION, environment: 'production' },
                  ],
                  ...options.instance,
                },
              ],
              ...(options.userMapping
                ? { userMapping: options.userMapping }
                : {}),
              ...(options.keyEncryptionSecret
                ? {
                    identity: {
                      keyEncryptionSecret: options.keyEncryptionSecret,
                    },
                  }
                : {}),
            },
          },
        }),
      ],
    });
  } catch (error) {
    if (!options.sim) {
      await sim.close();
    }
    throw error;
  }

  const { port } = backend.server.address() as AddressInfo;
  const backendUrl = `http://127.0.0.1:${port}`;
  if (strategy === 'jwt') {
    sim.control.configureRealm({
      jwt: {
        jwksUrl: `${backendUrl}/api/jenkins/.well-known/jwks.json`,
        acceptedAudience: audienceOf(options.instance, sim.url),
      },
    });
  } else if (strategy === 'proxy-headers') {
    sim.control.configureRealm({ proxyHeaders: { enabled: true } });
  }
  sim.control.clearRequests();

  const close = async () => {
    await backend.stop();
    if (!options.sim) {
      await sim.close();
    }
  };
  return {
    sim,
    backend,
    server: backend.server,
    api: request(backend.server),
    backendUrl,
    baseUrl: backendUrl,
    world,
    get(path: string, userRef = 'user:default/alice') {
      return request(backend.server)
        .get(`/api/jenkins${path}`)
        .set('Authorization', mockCredentials.user.header(userRef));
    },
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
    jenkinsRequests() {
      return sim.control.requests();
    },
    catalogRequests() {
      return [...catalogRequests];
    },
    close,
    stop: close,
  };
}
