/**
 * Permissions, API types and schemas shared by the Jenkins plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './schemas';
export * from './types';
export * from './jobId';
export * from './parameterRules';
