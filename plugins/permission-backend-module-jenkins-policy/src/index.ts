/**
 * Permission policy module for the Jenkins plugin.
 *
 * @packageDocumentation
 */
export { permissionModuleJenkinsPolicy as default } from './module';
