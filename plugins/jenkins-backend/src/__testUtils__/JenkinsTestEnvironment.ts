import {
  BackstageCredentials,
  BackstageUserPrincipal,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  JenkinsSim,
  RequestLogEntry,
  startJenkinsSim,
} from '@internal/jenkins-sim';
import { encodeJobId } from '@internal/plugin-jenkins-common';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { jenkinsPlugin } from '../plugin';
import { httpAuthWithActors } from './onBehalfOfAuth';

/** The demo catalog, as in `examples/`: it matches the simulator's `demo` scenario. */
export const demoEntities: Entity[] = [
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
    spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'nightly-backup',
      namespace: 'default',
      annotations: { 'jenkins.io/job-full-name': 'platform/nightly-backup' },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'docs-site', namespace: 'default' },
    spec: { type: 'website', lifecycle: 'production', owner: 'platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'misconfigured',
      namespace: 'default',
      annotations: {
        'jenkins.io/job-full-name': 'elsewhere:payments/deploy-staging',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'platform' },
  },
  ...['alice', 'bob', 'carol'].map(
    (name): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name, namespace: 'default' },
      spec: {
        profile: {
          email: `${name}@example.com`,
          displayName: name[0].toUpperCase() + name.slice(1),
        },
      },
    }),
  ),
];

/** Ownership refs of the demo users, as `userInfo` reports them. */
export const demoOwnership: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/team-payments'],
  'user:default/bob': ['user:default/bob', 'group:default/release-managers'],
  'user:default/carol': ['user:default/carol'],
};

/** A test policy: a decision per permission name and user. */
export type TestPolicy = (
  permission: string,
  userRef: string,
) => 'allow' | 'deny' | ConditionalPolicyDecision;

/** Options of {@link startJenkinsTestEnvironment}. */
export interface JenkinsTestEnvironmentOptions {
  strategy?: 'jwt' | 'proxy-headers' | 'service-account';
  scenario?: string | object;
  policy?: TestPolicy;
  /** Entity refs each user cannot see in the catalog. */
  hiddenFrom?: Record<string, string[]>;
  /** Extra settings of the `default` instance. */
  instance?: JsonObject;
  knex?: Knex;
  entities?: Entity[];
  /** `backend.cache`, e.g. a Redis shared by replicas. */
  cache?: { store: string; connection: string };
  /** Reuse a running simulator (another replica's); it is not closed. */
  sim?: JenkinsSim;
  /**
   * Run the real permission backend with this policy instead of the
   * scripted `policy`, so conditional decisions travel the real way.
   */
  permissionPolicy?: PermissionPolicy;
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

function userRefOf(credentials: BackstageCredentials): string {
  return (credentials.principal as BackstageUserPrincipal).userEntityRef ?? '';
}

/** The real permission backend, deciding with the given policy. */
function permissionBackendWith(policy: PermissionPolicy) {
  return [
    permissionPlugin,
    createBackendModule({
      pluginId: 'permission',
      moduleId: 'jenkins-test-policy',
      register(reg) {
        reg.registerInit({
          deps: { policies: policyExtensionPoint },
          async init({ policies }) {
            policies.setPolicy(policy);
          },
        });
      },
    }),
  ];
}

/** A running plugin, simulator and their test doubles. */
export interface JenkinsTestEnvironment {
  sim: JenkinsSim;
  backend: TestBackend;
  server: TestBackend['server'];
  backendUrl: string;
  /** GET an API path (below `/api/jenkins`) as a user. */
  get(path: string, userRef?: string): request.Test;
  /** The requests the simulator saw. */
  jenkinsRequests(): RequestLogEntry[];
  close(): Promise<void>;
}

/**
 * The whole plugin over real HTTP against the simulator, with the demo
 * catalog, the demo users' ownership and a scripted permission policy.
 */
export async function startJenkinsTestEnvironment(
  options: JenkinsTestEnvironmentOptions = {},
): Promise<JenkinsTestEnvironment> {
  const strategy = options.strategy ?? 'jwt';
  const sim =
    options.sim ??
    (await startJenkinsSim({
      port: 0,
      scenario: options.scenario ?? 'demo',
      virtualClock: true,
    }));
  if (strategy === 'proxy-headers') {
    sim.control.configureRealm({ proxyHeaders: { enabled: true } });
  }
  const entities = options.entities ?? demoEntities;
  const policy: TestPolicy = options.policy ?? (() => 'allow');

  const catalog = catalogServiceMock.mock({
    getEntityByRef: async (ref, requestOptions) => {
      const credentials = (
        requestOptions as { credentials: BackstageCredentials }
      ).credentials;
      const wanted = (
        typeof ref === 'string' ? ref : stringifyEntityRef(ref)
      ).toLocaleLowerCase('en-US');
      if (options.hiddenFrom?.[userRefOf(credentials)]?.includes(wanted)) {
        return undefined;
      }
      return entities.find(
        e => stringifyEntityRef(e).toLocaleLowerCase('en-US') === wanted,
      );
    },
  });

  const permissions = mockServices.permissions.mock({
    authorizeConditional: async (requests, { credentials }) =>
      requests.map(({ permission }) => {
        const decision = policy(permission.name, userRefOf(credentials));
        if (decision === 'allow') return { result: AuthorizeResult.ALLOW };
        if (decision === 'deny') return { result: AuthorizeResult.DENY };
        return decision;
      }),
    authorize: async (requests, { credentials }) =>
      requests.map(({ permission }) => ({
        result:
          policy(permission.name, userRefOf(credentials)) === 'allow'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
  });

  const userInfo = mockServices.userInfo.mock({
    getUserInfo: async credentials => {
      const userEntityRef = userRefOf(credentials);
      return {
        userEntityRef,
        ownershipEntityRefs: demoOwnership[userEntityRef] ?? [userEntityRef],
      };
    },
  });

  const backend = await startTestBackend({
    features: [
      jenkinsPlugin,
      mockServices.rootConfig.factory({
        data: {
          ...(options.permissionPolicy
            ? { permission: { enabled: true } }
            : {}),
          ...(options.cache ? { backend: { cache: options.cache } } : {}),
          jenkins: {
            instances: [
              {
                name: 'default',
                baseUrl: sim.url,
                identity: identityConfig(strategy),
                requestTimeoutMs: 1000,
                cacheTtlSeconds: 5,
                retries: { maxAttempts: 2, backoffMs: 50 },
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
                ...options.instance,
              },
            ],
          },
        },
      }),
      catalog.factory,
      ...(options.permissionPolicy
        ? permissionBackendWith(options.permissionPolicy)
        : [permissions.factory]),
      // Requests without a token are unauthenticated, as in production.
      options.permissionPolicy
        ? httpAuthWithActors({ defaultCredentials: mockCredentials.none() })
        : mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
      userInfo.factory,
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const backendUrl = `http://127.0.0.1:${port}`;
  if (strategy === 'jwt') {
    sim.control.configureRealm({
      jwt: { jwksUrl: `${backendUrl}/api/jenkins/.well-known/jwks.json` },
    });
  }
  sim.control.clearRequests();

  return {
    sim,
    backend,
    server: backend.server,
    backendUrl,
    get(path: string, userRef = 'user:default/alice') {
      return request(backend.server)
        .get(`/api/jenkins${path}`)
        .set('Authorization', mockCredentials.user.header(userRef));
    },
    jenkinsRequests() {
      return sim.control.requests();
    },
    async close() {
      await backend.stop();
      if (!options.sim) {
        await sim.close();
      }
    },
  };
}

/** The job id of a demo job on the `default` instance. */
export function jobIdOf(fullName: string, instance = 'default'): string {
  return encodeJobId(instance, fullName);
}

/** The API path of the demo payments-service entity. */
export const PAYMENTS = '/v1/entities/component/default/payments-service';
