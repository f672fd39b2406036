/**
 * Identity-aware Jenkins backend plugin for Backstage.
 *
 * @packageDocumentation
 */
export { jenkinsPlugin as default } from './plugin';
export {
  jenkinsJobConditions,
  createJenkinsJobConditionalDecision,
} from './permissions/conditions';
export {
  jenkinsJobRules,
  isEntityOwner,
  isInEnvironment,
  isInFolder,
  isOnInstance,
} from './permissions/rules';
export {
  jenkinsJobResourceRef,
  type JenkinsJobQuery,
} from './permissions/jenkinsJobResourceRef';
