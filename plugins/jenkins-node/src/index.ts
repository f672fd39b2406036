/**
 * Node library of the Jenkins plugin: the `jenkins-job` permission resource,
 * its rules, and the conditions that permission policies build decisions from.
 * Backend modules depend on this package rather than on the backend plugin.
 *
 * @packageDocumentation
 */
export {
  jenkinsJobConditions,
  createJenkinsJobConditionalDecision,
} from './permissions/conditions';
export {
  jenkinsJobRules,
  isBuildStartedByCaller,
  isEntityOwner,
  isJobOwner,
  isInEnvironment,
  isInFolder,
  isOnInstance,
  isRequestedVia,
} from './permissions/rules';
export {
  jenkinsJobResourceRef,
  jobResourceRef,
  type JenkinsJobQuery,
} from './permissions/jenkinsJobResourceRef';
