/**
 * Scaffolder actions for Jenkins (`jenkins:build:run`, `jenkins:build:wait`,
 * `jenkins:input:answer`) that act as the template's user through the
 * Jenkins plugin's API.
 *
 * @packageDocumentation
 */
export { scaffolderModuleJenkins as default } from './module';
