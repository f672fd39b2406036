import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { permissionModuleJenkinsPolicy } from './module';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { JenkinsPermissionPolicy } from './JenkinsPermissionPolicy';

describe('permissionModuleJenkinsPolicy', () => {
  it('installs the Jenkins policy in the permission plugin', async () => {
    let installed: PermissionPolicy | undefined;
    const fakePermissionPlugin = createBackendPlugin({
      pluginId: 'permission',
      register(reg) {
        reg.registerExtensionPoint(policyExtensionPoint, {
          setPolicy(policy) {
            installed = policy;
          },
        });
        reg.registerInit({ deps: {}, async init() {} });
      },
    });
    await startTestBackend({
      features: [
        fakePermissionPlugin,
        permissionModuleJenkinsPolicy,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    expect(installed).toBeInstanceOf(JenkinsPermissionPolicy);
  });
});
