import { Config } from '@backstage/config';

/** What the demo policy reads from `jenkinsPolicy`. @public */
export interface JenkinsPolicyOptions {
  /** Full group entity refs. */
  releaseManagerGroups: string[];
  /** Full group entity refs. */
  auditorGroups: string[];
  productionEnvironments: string[];
}

/** Defaults of the `jenkinsPolicy` config keys. @public */
export const DEFAULT_JENKINS_POLICY_OPTIONS: JenkinsPolicyOptions = {
  releaseManagerGroups: ['group:default/release-managers'],
  auditorGroups: ['group:default/auditors'],
  productionEnvironments: ['production'],
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
  };
}
