import {
  BackendFeature,
  BackstageUserPrincipal,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { DemoWorld } from '@internal/jenkins-demo-world';
import { loadDemoWorld } from '@internal/jenkins-demo-world/node';
import {
  JenkinsSim,
  RequestLogEntry,
  startJenkinsSim,
} from '@internal/jenkins-sim';
import { encodeJobId } from '@internal/plugin-jenkins-common';
import {
  DefaultEventsService,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
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
import { RecordedSignal, recordingSignalsFactory } from './recordingSignals';
import { testCatalogPlugin } from './testCatalog';
import {
  allowEverything,
  permissionFeatures,
  TestPolicyOption,
} from './testPermissions';

export type { RecordedAuditEvent } from './recorders';
export type { RecordedSignal } from './recordingSignals';

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

/**
 * The default database service (an in-memory SQLite database per plugin),
 * except that the databases are closed when the backend stops: Backstage's
 * `DatabaseManager` never destroys SQLite connections, and their pool's
 * reaping interval (a 1 s `setInterval`) keeps the Jest worker from exiting.
 */
export function closingDatabaseServiceFactory() {
  return createServiceFactory({
    service: coreServices.database,
    deps: {
      lifecycle: coreServices.lifecycle,
      logger: coreServices.logger,
      plugin: coreServices.pluginMetadata,
      rootLifecycle: coreServices.rootLifecycle,
      rootLogger: coreServices.rootLogger,
    },
    async createRootContext({ rootLifecycle, rootLogger }) {
      const manager = DatabaseManager.fromConfig(
        new ConfigReader({
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
        }),
        { rootLifecycle, rootLogger },
      );
      const clients = new Set<Promise<Knex>>();
      rootLifecycle.addShutdownHook(async () => {
        await Promise.all(
          [...clients].map(client =>
            client.then(knex => knex.destroy()).catch(() => undefined),
          ),
        );
      });
      return { manager, clients };
    },
    factory({ lifecycle, logger, plugin }, { manager, clients }) {
      const database = manager.forPlugin(plugin.getId(), { lifecycle, logger });
      return {
        ...database,
        getClient() {
          const client = database.getClient();
          clients.add(client);
          return client;
        },
      };
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
  /**
   * The `default` instance's `events` (`webhookSecret`, `poll`). Default:
   * `{ webhookSecret: TEST_WEBHOOK_SECRET }`.
   */
  buildEvents?: JsonObject;
  /**
   * The events service the plugin publishes on, e.g. one shared by
   * replicas; default a new in-process one (`eventsService`).
   */
  eventsService?: DefaultEventsService;
  /** More backend features, e.g. the notifications backend and its modules. */
  features?: BackendFeature[];
  /** More top-level config sections (e.g. `app`, `notifications`); not `jenkins`. */
  config?: JsonObject;
  /** More `jenkins` settings besides `instances`, e.g. `notifications`. */
  jenkins?: JsonObject;
}

/** The `default` instance's webhook secret in tests, unless `buildEvents` says otherwise. */
export const TEST_WEBHOOK_SECRET = 'test-webhook-secret';

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
  /** What the signals service was asked to publish. */
  signals: RecordedSignal[];
  /** Every log line of every plugin. */
  logs: string[];
  /**
   * The test backend's scheduler (Backstage's mock: every task runs once at
   * startup, then only when triggered): `triggerTask(id)` runs a task now
   * and waits for it, e.g. `jenkins-build-watcher-default`.
   */
  scheduler: SchedulerService;
  /** The events service the plugin publishes on: subscribe to topic `jenkins`. */
  eventsService: DefaultEventsService;
  /**
   * POSTs a Notification-plugin body to an instance's webhook (default
   * `default`) with the secret as the Basic password (default
   * `TEST_WEBHOOK_SECRET`; `null` sends no credentials).
   */
  sendBuildEvent(
    body: unknown,
    options?: { secret?: string | null; instance?: string },
  ): request.Test;
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
  const signals: RecordedSignal[] = [];
  const logs: string[] = [];
  const eventsService =
    options.eventsService ??
    DefaultEventsService.create({
      logger: mockServices.logger.mock(),
      useEventBus: 'never',
    });
  const catalogRequests: string[] = [];
  const probe: { scheduler?: SchedulerService } = {};
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
        recordingSignalsFactory(signals),
        createServiceFactory({
          service: coreServices.logger,
          deps: {},
          factory: () => capturingLogger(logs),
        }),
        // The mock scheduler is one instance for all plugins; this grabs it.
        createBackendPlugin({
          pluginId: 'scheduler-probe',
          register(reg) {
            reg.registerInit({
              deps: { scheduler: coreServices.scheduler },
              async init({ scheduler }) {
                probe.scheduler = scheduler;
              },
            });
          },
        }),
        createServiceFactory({
          service: eventsServiceRef,
          deps: { plugin: coreServices.pluginMetadata },
          factory: ({ plugin }) => eventsService.forPlugin(plugin.getId()),
        }),
        ...(options.knex
          ? [mockServices.database.factory({ knex: options.knex })]
          : [closingDatabaseServiceFactory()]),
        ...(options.cache ? [closingCacheServiceFactory()] : []),
        ...(options.features ?? []),
        mockServices.rootConfig.factory({
          data: {
            ...options.config,
            permission: { enabled: permissions.enabled },
            backend: {
              actions: { pluginSources: ['jenkins'] },
              ...(options.cache ? { cache: options.cache } : {}),
            },
            jenkins: {
              ...options.jenkins,
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
                  events: options.buildEvents ?? {
                    webhookSecret: TEST_WEBHOOK_SECRET,
                  },
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
    signals,
    logs,
    scheduler: probe.scheduler!,
    eventsService,
    sendBuildEvent(
      body,
      { secret = TEST_WEBHOOK_SECRET, instance = 'default' } = {},
    ) {
      const test = request(backend.server)
        .post(`/api/jenkins/v1/instances/${instance}/events`)
        .set('Content-Type', 'application/json;charset=UTF-8');
      return (secret === null ? test : test.auth('backstage', secret)).send(
        typeof body === 'string' ? body : JSON.stringify(body),
      );
    },
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
