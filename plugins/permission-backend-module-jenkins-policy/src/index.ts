/**
 * Permission policy module for the Jenkins plugin.
 *
 * @packageDocumentation
 */
export { permissionModuleJenkinsPolicy as default } from './module';
export { JenkinsPermissionPolicy } from './JenkinsPermissionPolicy';
export {
  readJenkinsPolicyOptions,
  DEFAULT_JENKINS_POLICY_OPTIONS,
  type JenkinsPolicyOptions,
} from './JenkinsPolicyOptions';
