import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  jenkinsAuditReadPermission,
  jenkinsBuildAbortPermission,
  jenkinsBuildApprovePermission,
  jenkinsBuildLogsReadPermission,
  jenkinsBuildRebuildPermission,
  jenkinsJobReadPermission,
  jenkinsJobTriggerPermission,
} from '@internal/plugin-jenkins-common';
// The Jenkins plugin's public policy API, used here as an adopter's policy would.
import {
  createJenkinsJobConditionalDecision,
  jenkinsJobConditions,
} from '@internal/plugin-jenkins-node';
import { JenkinsPolicyOptions } from './JenkinsPolicyOptions';

const WRITE_PERMISSIONS = [
  jenkinsJobTriggerPermission,
  jenkinsBuildRebuildPermission,
  jenkinsBuildAbortPermission,
  jenkinsBuildApprovePermission,
];

const READ_PERMISSIONS = [
  jenkinsJobReadPermission,
  jenkinsBuildLogsReadPermission,
];

/**
 * The demo app's policy:
 * - everyone signed in may read jobs, builds and logs;
 * - owners of a job may run, rebuild and abort it and answer its input steps
 *   when it is not a production job; a job's owners are the groups the
 *   Jenkins config (`jenkins.instances[].owners`) says own it, or, where no
 *   owner config covers the job, the owners of its entity (`isJobOwner`);
 * - only release managers may do so for production jobs (of any entity);
 * - only auditors may read the audit trail;
 * - everything else in Backstage stays allowed.
 *
 * Job decisions are conditional, built from the Jenkins plugin's exported
 * rules, so they are evaluated against the job the request is about.
 *
 * @public
 */
export class JenkinsPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: JenkinsPolicyOptions,
    private readonly userInfo: UserInfoService,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const isJenkins = permission.name.startsWith('jenkins.');
    if (!isJenkins) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }

    if (READ_PERMISSIONS.some(p => isPermission(permission, p))) {
      return { result: AuthorizeResult.ALLOW };
    }

    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    const claims = ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US'));
    const memberOf = (groups: string[]) => groups.some(g => claims.includes(g));

    if (isPermission(permission, jenkinsAuditReadPermission)) {
      return {
        result: memberOf(this.options.auditorGroups)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }

    const writePermission = WRITE_PERMISSIONS.find(p =>
      isPermission(permission, p),
    );
    if (writePermission) {
      // The job's owners, not only the entity's: an entity's owners choose
      // which jobs it annotates, so they must not own a job by annotating it.
      const owner = jenkinsJobConditions.isJobOwner({ claims });
      const production = jenkinsJobConditions.isInEnvironment({
        environments: this.options.productionEnvironments,
      });
      if (memberOf(this.options.releaseManagerGroups)) {
        return createJenkinsJobConditionalDecision(writePermission, {
          anyOf: [owner, production],
        });
      }
      return createJenkinsJobConditionalDecision(writePermission, {
        allOf: [owner, { not: production }],
      });
    }

    // A Jenkins permission this policy does not know yet: deny until decided.
    return { result: AuthorizeResult.DENY };
  }
}
