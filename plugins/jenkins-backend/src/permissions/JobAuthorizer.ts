import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  JenkinsJobPermission,
  jenkinsJobActionPermissions,
  JenkinsJobResource,
  JobCapabilities,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { ResolvedJob } from '../jobs/ResolvedJob';

/** Evaluates a conditional decision against a resource. */
export type ConditionEvaluator = (
  decision: PolicyDecision,
  resource: JenkinsJobResource,
) => boolean;

/**
 * Decides what a caller may do on a job with the permission framework:
 * `authorizeConditional`, then conditional decisions evaluated locally with
 * the `jenkins-job` rules against the job's resource (no round trip).
 *
 * @public
 */
export class JobAuthorizer {
  constructor(
    private readonly permissions: PermissionsService,
    private readonly evaluate: ConditionEvaluator,
  ) {}

  /** Throws NotAllowedError naming the permission when the policy denies it. */
  async authorizeJob(
    caller: Caller,
    permission: JenkinsJobPermission,
    job: ResolvedJob,
  ): Promise<void> {
    const [allowed] = await this.decide(caller, [permission], job);
    if (!allowed) {
      throw new NotAllowedError(denialReason(permission, job.resource));
    }
  }

  /** Whether each permission is allowed; one policy call for all of them. */
  async decide(
    caller: Caller,
    permissions: JenkinsJobPermission[],
    job: ResolvedJob,
  ): Promise<boolean[]> {
    const decisions = await this.permissions.authorizeConditional(
      permissions.map(permission => ({ permission })),
      { credentials: caller.credentials },
    );
    return decisions.map(decision => {
      if (decision.result === AuthorizeResult.ALLOW) {
        return true;
      }
      if (decision.result === AuthorizeResult.CONDITIONAL) {
        return this.evaluate(decision, job.resource);
      }
      return false;
    });
  }

  /** What the caller may do on the job, with a human reason for each denial. */
  async capabilitiesFor(
    caller: Caller,
    job: ResolvedJob,
  ): Promise<JobCapabilities> {
    const entries = Object.entries(jenkinsJobActionPermissions) as Array<
      [keyof JobCapabilities, JenkinsJobPermission]
    >;
    const allowed = await this.decide(
      caller,
      entries.map(([, permission]) => permission),
      job,
    );
    const capabilities = {} as JobCapabilities;
    entries.forEach(([name, permission], index) => {
      capabilities[name] = allowed[index]
        ? { allowed: true }
        : { allowed: false, reason: denialReason(permission, job.resource) };
    });
    return capabilities;
  }
}

/**
 * "Your permission policy does not allow jenkins.job.trigger on
 * payments/deploy-production (production)".
 */
export function denialReason(
  permission: JenkinsJobPermission,
  resource: JenkinsJobResource,
): string {
  return `Your permission policy does not allow ${permission.name} on ${
    resource.jobFullName
  }${resource.environment ? ` (${resource.environment})` : ''}`;
}
