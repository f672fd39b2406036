import {
  BackstageCredentials,
  BackstageUserPrincipal,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import allowAllPolicy from '@backstage/plugin-permission-backend-module-allow-all-policy';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import jenkinsPolicy from '@internal/plugin-permission-backend-module-jenkins-policy';

/** A scripted policy: a decision per permission name and user. Test support only. */
export type TestPolicy = (
  permission: string,
  userRef: string,
) => 'allow' | 'deny' | ConditionalPolicyDecision;

/** The default policy: allows everything, without a permission backend. */
export const allowEverything: TestPolicy = () => 'allow';

/**
 * How a test backend decides permissions:
 * - `allow-all`: the real permission backend with Backstage's allow-all
 *   policy module, so that Jenkins is the only gate;
 * - `demo`: the real permission backend with this repository's policy module
 *   (`@internal/plugin-permission-backend-module-jenkins-policy`);
 * - a {@link TestPolicy} function: no permission backend; the permissions
 *   service answers from the script;
 * - a `PermissionPolicy` object: the real permission backend with it, so
 *   that conditional decisions travel the real way.
 */
export type TestPolicyOption =
  | 'allow-all'
  | 'demo'
  | TestPolicy
  | PermissionPolicy;

function userRefOf(credentials: BackstageCredentials): string {
  return (credentials.principal as BackstageUserPrincipal).userEntityRef ?? '';
}

function scriptedPermissions(policy: TestPolicy) {
  return mockServices.permissions.mock({
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
  }).factory;
}

function policyModule(policy: PermissionPolicy) {
  return createBackendModule({
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
  });
}

/** The backend features for a policy option, and whether `permission.enabled` is on. */
export function permissionFeatures(policy: TestPolicyOption) {
  if (typeof policy === 'function') {
    return { enabled: false, features: [scriptedPermissions(policy)] };
  }
  const module =
    // eslint-disable-next-line no-nested-ternary
    policy === 'allow-all'
      ? allowAllPolicy
      : policy === 'demo'
      ? jenkinsPolicy
      : policyModule(policy);
  return { enabled: true, features: [permissionPlugin, module] };
}
