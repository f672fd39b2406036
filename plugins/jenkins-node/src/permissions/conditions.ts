import { createConditionExports } from '@backstage/plugin-permission-node';
import { jenkinsJobResourceRef } from './jenkinsJobResourceRef';
import { jenkinsJobRules } from './rules';

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: jenkinsJobResourceRef,
  rules: jenkinsJobRules,
});

/**
 * Conditions for policies about `jenkins-job` resources, e.g.
 * `jenkinsJobConditions.isInEnvironment({ environments: ['production'] })`.
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
