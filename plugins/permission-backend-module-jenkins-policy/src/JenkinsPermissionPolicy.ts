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
  jenkinsBuildArtifactsReadPermission,
  jenkinsBuildLogsReadPermission,
  jenkinsBuildPausePermission,
  jenkinsBuildRebuildPermission,
  jenkinsBuildReplayEditPermission,
  jenkinsBuildReplayPermission,
  jenkinsBuildRestartPermission,
  jenkinsJobReadPermission,
  jenkinsJobTriggerPermission,
} from '@internal/plugin-jenkins-common';
// The Jenkins plugin's public policy API, used here as an adopter's policy would.
import {
  createJenkinsJobConditionalDecision,
  jenkinsJobConditions,
} from '@internal/plugin-jenkins-node';
import { JenkinsPolicyOptions } from './JenkinsPolicyOptions';

/** What a conditional decision about jobs is made of. */
type JobCriteria = Parameters<typeof createJenkinsJobConditionalDecision>[1];

const WRITE_PERMISSIONS = [
  jenkinsJobTriggerPermission,
  jenkinsBuildRebuildPermission,
  jenkinsBuildAbortPermission,
  jenkinsBuildApprovePermission,
  jenkinsBuildRestartPermission,
  jenkinsBuildReplayPermission,
  jenkinsBuildPausePermission,
];

const READ_PERMISSIONS = [
  jenkinsJobReadPermission,
  jenkinsBuildLogsReadPermission,
  jenkinsBuildArtifactsReadPermission,
];

/**
 * The demo app's policy:
 * - everyone signed in may read jobs, builds and logs;
 * - owners of a job may run, rebuild and abort it and answer its input steps
 *   when it is not a production job; a job's owners are the groups the
 *   Jenkins config (`jenkins.instances[].owners`) says own it, or, where no
 *   owner config covers the job, the owners of its entity (`isJobOwner`);
 * - only release managers may do so for production jobs (of any entity),
 *   and, with `jenkinsPolicy.production.separateApprover` (the default),
 *   answer a production build's input steps only when they did not start
 *   the build (`isBuildStartedByCaller`); a build whose starter nobody can
 *   establish is refused unless `production.allowUnknownStarter`;
 * - with `jenkinsPolicy.denyProductionWritesThroughActions`, nobody may do
 *   so for production jobs through the actions registry (AI assistants over
 *   MCP): such writes are for the portal (off by default);
 * - restart from a stage, rerun/replay and pause/resume follow the same
 *   rules; a replay with an edited script is refused on
 *   `jenkinsPolicy.denyEditedReplayIn` environments (default: production)
 *   for everyone, release managers included;
 * - everyone signed in may download artifacts;
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

    if (isPermission(permission, jenkinsBuildReplayEditPermission)) {
      return this.editedReplayDecision(request, user);
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
      const allowed: JobCriteria = memberOf(this.options.releaseManagerGroups)
        ? this.releaseManagerCriteria(permission, user, owner, production)
        : { allOf: [owner, { not: production }] };
      if (!this.options.denyProductionWritesThroughActions) {
        return createJenkinsJobConditionalDecision(writePermission, allowed);
      }
      // The backend knows which of its adapters a request came through; an
      // assistant cannot present itself as the portal.
      const throughActions = jenkinsJobConditions.isRequestedVia({
        via: ['action'],
      });
      return createJenkinsJobConditionalDecision(writePermission, {
        allOf: [allowed, { not: { allOf: [production, throughActions] } }],
      });
    }

    // A Jenkins permission this policy does not know yet: deny until decided.
    return { result: AuthorizeResult.DENY };
  }
  /**
   * A replay with an edited script: whoever may rerun the build (the write
   * rules above), except on jobs of `jenkinsPolicy.denyEditedReplayIn`
   * environments (default: production), where nobody may run a script that
   * did not go through review — a rerun stays possible.
   */
  private async editedReplayDecision(
    request: PolicyQuery,
    user: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const rerun = await this.handle(
      { ...request, permission: jenkinsBuildReplayPermission },
      user,
    );
    if (rerun.result === AuthorizeResult.DENY) {
      return rerun;
    }
    const rerunCriteria =
      rerun.result === AuthorizeResult.CONDITIONAL
        ? (rerun.conditions as JobCriteria)
        : undefined;
    const denied = this.options.denyEditedReplayIn;
    if (denied.length === 0) {
      return rerunCriteria
        ? createJenkinsJobConditionalDecision(
            jenkinsBuildReplayEditPermission,
            rerunCriteria,
          )
        : rerun;
    }
    const notDenied: JobCriteria = {
      not: jenkinsJobConditions.isInEnvironment({ environments: denied }),
    };
    const conditions: JobCriteria = rerunCriteria
      ? { allOf: [rerunCriteria, notDenied] }
      : notDenied;
    return createJenkinsJobConditionalDecision(
      jenkinsBuildReplayEditPermission,
      conditions,
    );
  }

  /**
   * Release managers act on their own jobs and on production; with
   * `production.separateApprover`, on a production build's input steps only
   * when they did not start the build (who did comes from the audit trail
   * or Jenkins, never the request), and not at all when nobody can tell who
   * did, unless `production.allowUnknownStarter`.
   */
  private releaseManagerCriteria(
    permission: PolicyQuery['permission'],
    user: PolicyQueryUser,
    owner: JobCriteria,
    production: JobCriteria,
  ): JobCriteria {
    const { separateApprover, allowUnknownStarter } = this.options.production;
    if (
      !separateApprover ||
      !isPermission(permission, jenkinsBuildApprovePermission)
    ) {
      return { anyOf: [owner, production] };
    }
    const startedByCaller = jenkinsJobConditions.isBuildStartedByCaller({
      claims: [user.info.userEntityRef],
      matchUnknown: !allowUnknownStarter,
    });
    return {
      anyOf: [
        { allOf: [owner, { not: production }] },
        { allOf: [production, { not: startedByCaller }] },
      ],
    };
  }
}
