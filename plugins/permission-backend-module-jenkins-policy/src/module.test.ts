import { permissionModuleJenkinsPolicy } from './module';

describe('permissionModuleJenkinsPolicy', () => {
  it('is a permission backend module', () => {
    expect(permissionModuleJenkinsPolicy.$$type).toBe(
      '@backstage/BackendFeature',
    );
  });
});
