import { createConditionExports } from '@backstage/plugin-permission-node';
import { jenkinsJobResourceRef } from './jenkinsJobResourceRef';
import { jenkinsJobRules } from './rules';

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: jenkinsJobResourceRef,
  rules: jenkinsJobRules,
});

/**
 * Conditions for policies about `jenkins-job` resources, one per rule of
 * `jenkinsJobRules`, e.g.
 * `jenkinsJobConditions.isInEnvironment({ environments: ['production'] })`,
 * `jenkinsJobConditions.isEntityOwner({ claims })` (the caller owns the
 * entity the job is reached through) or
 * `jenkinsJobConditions.isJobOwner({ claims })` (the caller owns the job by
 * the backend's `jenkins.instances[].owners` config; where no owner config
 * covers the job, the entity's owners do). Prefer `isJobOwner` for writes:
 * entity ownership alone is granted to any job an owner chooses to annotate.
 * For separation of duties,
 * `{ not: jenkinsJobConditions.isBuildStartedByCaller({ claims: [userRef], matchUnknown: true }) }`
 * says "not the person who started the build" (and refuses builds whose
 * starter is unknown; leave `matchUnknown` out to allow them).
 *
 * @public
 */
export const jenkinsJobConditions = conditions;

/**
 * Wraps `jenkinsJobConditions` into a conditional policy decision.
 *
 * @public
 */
export const createJenkinsJobConditionalDecision = createConditionalDecision;
