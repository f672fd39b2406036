import { Config } from '@backstage/config';

/** What the demo policy reads from `jenkinsPolicy`. @public */
export interface JenkinsPolicyOptions {
  /** Full group entity refs. */
  releaseManagerGroups: string[];
  /** Full group entity refs. */
  auditorGroups: string[];
  productionEnvironments: string[];
  /**
   * Refuse writes on production jobs that come through the actions registry
   * (AI assistants over MCP), while the portal still allows them to whoever
   * the rest of the policy does. Default false.
   */
  denyProductionWritesThroughActions: boolean;
  /**
   * Environments whose builds nobody may replay with an edited script
   * (`jenkins.build.replay.edit`); reruns with the same script stay allowed
   * to whoever may rerun. Default `['production']`.
   */
  denyEditedReplayIn: string[];
  /** Separation of duties on production builds (`jenkinsPolicy.production`). */
  production: {
    /**
     * A production build's input steps must be answered by a release
     * manager who did not start the build. Default true.
     */
    separateApprover: boolean;
    /**
     * With `separateApprover`, whether a build whose starter nobody can
     * establish (timer, SCM, upstream, anonymous) may be approved. Default
     * false: such a build cannot be approved through Backstage.
     */
    allowUnknownStarter: boolean;
  };
}

/** Defaults of the `jenkinsPolicy` config keys. @public */
export const DEFAULT_JENKINS_POLICY_OPTIONS: JenkinsPolicyOptions = {
  releaseManagerGroups: ['group:default/release-managers'],
  auditorGroups: ['group:default/auditors'],
  productionEnvironments: ['production'],
  denyProductionWritesThroughActions: false,
  denyEditedReplayIn: ['production'],
  production: { separateApprover: true, allowUnknownStarter: false },
};

function toGroupRef(value: string): string {
  const ref = value.trim();
  if (ref.includes(':')) {
    return ref.toLocaleLowerCase('en-US');
  }
  const name = ref.includes('/') ? ref : `default/${ref}`;
  return `group:${name}`.toLocaleLowerCase('en-US');
}

/** Reads `jenkinsPolicy` with its defaults. @public */
export function readJenkinsPolicyOptions(config: Config): JenkinsPolicyOptions {
  const policy = config.getOptionalConfig('jenkinsPolicy');
  return {
    releaseManagerGroups: (
      policy?.getOptionalStringArray('releaseManagerGroups') ??
      DEFAULT_JENKINS_POLICY_OPTIONS.releaseManagerGroups
    ).map(toGroupRef),
    auditorGroups: (
      policy?.getOptionalStringArray('auditorGroups') ??
      DEFAULT_JENKINS_POLICY_OPTIONS.auditorGroups
    ).map(toGroupRef),
    productionEnvironments:
      policy?.getOptionalStringArray('productionEnvironments') ??
      DEFAULT_JENKINS_POLICY_OPTIONS.productionEnvironments,
    denyProductionWritesThroughActions:
      policy?.getOptionalBoolean('denyProductionWritesThroughActions') ??
      DEFAULT_JENKINS_POLICY_OPTIONS.denyProductionWritesThroughActions,
    denyEditedReplayIn:
      policy?.getOptionalStringArray('denyEditedReplayIn') ??
      DEFAULT_JENKINS_POLICY_OPTIONS.denyEditedReplayIn,
    production: {
      separateApprover:
        policy?.getOptionalBoolean('production.separateApprover') ??
        DEFAULT_JENKINS_POLICY_OPTIONS.production.separateApprover,
      allowUnknownStarter:
        policy?.getOptionalBoolean('production.allowUnknownStarter') ??
        DEFAULT_JENKINS_POLICY_OPTIONS.production.allowUnknownStarter,
    },
  };
}
