import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { JenkinsPermissionPolicy } from './JenkinsPermissionPolicy';
import { readJenkinsPolicyOptions } from './JenkinsPolicyOptions';

/**
 * The demo app's permission policy for Jenkins: groups and environments from
 * `jenkinsPolicy` config.
 *
 * @public
 */
export const permissionModuleJenkinsPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'jenkins-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          new JenkinsPermissionPolicy(
            readJenkinsPolicyOptions(config),
            userInfo,
          ),
        );
      },
    });
  },
});
