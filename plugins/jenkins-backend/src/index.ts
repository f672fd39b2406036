/**
 * Identity-aware Jenkins backend plugin for Backstage.
 *
 * @packageDocumentation
 */
export { jenkinsPlugin as default } from './plugin';
