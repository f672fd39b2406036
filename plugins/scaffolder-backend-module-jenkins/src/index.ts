/**
 * Scaffolder actions for Jenkins (`jenkins:build:run`, `jenkins:build:wait`,
 * `jenkins:input:answer`).
 *
 * @packageDocumentation
 */
export {};
