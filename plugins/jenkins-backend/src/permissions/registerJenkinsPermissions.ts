import {
  AuthService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  jenkinsPermissions,
  JenkinsJobResource,
} from '@internal/plugin-jenkins-common';
import {
  jenkinsJobResourceRef,
  jenkinsJobRules,
} from '@internal/plugin-jenkins-node';
import { JobResolver } from '../jobs/JobResolver';
import { JobAuthorizer } from './JobAuthorizer';

/**
 * Registers the `jenkins-job` resource type, its permissions and rules with
 * the permissions registry (so that policies can use them in conditional
 * decisions), and returns the authorizer that applies those decisions.
 */
export function registerJenkinsPermissions(options: {
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  auth: AuthService;
  resolver: JobResolver;
}): JobAuthorizer {
  const { permissionsRegistry, auth, resolver } = options;
  permissionsRegistry.addResourceType({
    resourceRef: jenkinsJobResourceRef,
    permissions: jenkinsPermissions.filter(
      permission =>
        permission.type === 'resource' &&
        permission.resourceType === jenkinsJobResourceRef.resourceType,
    ),
    rules: Object.values(jenkinsJobRules),
    getResources: async resourceRefs => {
      const credentials = await auth.getOwnServiceCredentials();
      return Promise.all(
        resourceRefs.map(ref =>
          resolver
            .resourceFor(credentials, ref)
            .then(job => job?.resource)
            .catch(() => undefined),
        ),
      );
    },
  });
  permissionsRegistry.addPermissions(
    jenkinsPermissions.filter(permission => permission.type === 'basic'),
  );
  const conditionAuthorizer = createConditionAuthorizer(
    permissionsRegistry.getPermissionRuleset(jenkinsJobResourceRef),
  );
  return new JobAuthorizer(
    options.permissions,
    (decision, resource: JenkinsJobResource) =>
      conditionAuthorizer(decision, resource),
  );
}
