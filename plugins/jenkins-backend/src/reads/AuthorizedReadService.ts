import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  BranchesPage,
  BranchQuery,
  BuildDetail,
  BuildsPage,
  jenkinsBuildApprovePermission,
  jenkinsBuildLogsReadPermission,
  jenkinsJobActionPermissions,
  JenkinsJobPermission,
  jenkinsJobReadPermission,
  JobsResponse,
  LogChunk,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { JenkinsLogStream } from '../jenkins/JenkinsGateway';
import { JobResolver } from '../jobs/JobResolver';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { denialReason, JobAuthorizer } from '../permissions/JobAuthorizer';
import { decodeBranchesCursor } from './BranchesCursor';
import { ApproverDirectory } from '../jobs/ApproverDirectory';
import { BuildFactsResolver } from '../permissions/BuildFactsResolver';
import { decodeBuildsCursor } from './BuildsCursor';
import { JenkinsReadService, JobListEntry } from './JenkinsReadService';

/**
 * The read API's permission layer: resolves the job through the entity,
 * checks `jenkins.job.read` (or `jenkins.build.logs.read`) and only then
 * confirms a branch id and lets {@link JenkinsReadService} call Jenkins.
 *
 * @public
 */
export class AuthorizedReadService {
  constructor(
    private readonly resolver: JobResolver,
    private readonly authorizer: JobAuthorizer,
    private readonly reads: JenkinsReadService,
    /**
     * Who started a build and whom to ask, so that a pending input's
     * `canAnswer` is decided on the build, as its answer will be.
     */
    private readonly approvals?: {
      builds: Pick<BuildFactsResolver, 'contextOf'>;
      approvers: Pick<ApproverDirectory, 'approversOf'>;
    },
  ) {}

  /**
   * The entity's jobs the caller may read, with what they may do on each;
   * `include` (a branch id) is among its multibranch job's branches shown.
   */
  async listJobs(
    caller: Caller,
    entityRef: string,
    options: { include?: string } = {},
  ): Promise<JobsResponse> {
    const { entity, jobs } = await this.resolver.jobsOf(caller, entityRef);
    const actions = Object.entries(jenkinsJobActionPermissions);
    const readable = await Promise.all(
      jobs.map(async job => {
        const [canRead, ...allowed] = await this.authorizer.decide(
          caller,
          [jenkinsJobReadPermission, ...actions.map(([, p]) => p)],
          job,
        );
        if (!canRead) {
          return undefined;
        }
        const capabilities = Object.fromEntries(
          actions.map(([name, permission], index) => [
            name,
            allowed[index]
              ? { allowed: true }
              : {
                  allowed: false,
                  reason: denialReason(permission, job.resource),
                },
          ]),
        ) as JobListEntry['capabilities'];
        return { job, capabilities };
      }),
    );
    return {
      entityRef: stringifyEntityRef(entity),
      jobs: await this.reads.jobSummaries(
        caller,
        readable.filter(<T>(s: T | undefined): s is T => s !== undefined),
        (parent, branchFullName) =>
          this.resolver.branchOf(parent, branchFullName),
        options.include,
      ),
    };
  }

  /**
   * A page of a multibranch job's branches matching `query.q`, after the
   * `jenkins.job.read` check on the job; searched and paged by the backend.
   */
  async listBranches(
    caller: Caller,
    entityRef: string,
    jobId: string,
    query: BranchQuery,
  ): Promise<BranchesPage> {
    // A cursor never issued is bad input, refused before anything else.
    if (query.cursor) decodeBranchesCursor(query.cursor);
    const job = await this.resolver.resolveJob(caller, entityRef, jobId);
    if (job.branch !== undefined) {
      throw new InputError(
        `${jobId} names a branch: ask for the branches of its multibranch job`,
      );
    }
    await this.authorizer.authorizeJob(caller, jenkinsJobReadPermission, job);
    return this.reads.branchesPage(caller, job, query, (parent, fullName) =>
      this.resolver.branchOf(parent, fullName),
    );
  }

  async listBuilds(
    caller: Caller,
    entityRef: string,
    jobId: string,
    page: { limit: number; cursor?: string },
  ): Promise<BuildsPage> {
    // A cursor never issued is bad input: refused before anything is looked
    // up (resolving a branch id asks Jenkins).
    if (page.cursor) decodeBuildsCursor(page.cursor);
    const job = await this.resolver.resolveJob(caller, entityRef, jobId);
    await this.authorizer.authorizeJob(caller, jenkinsJobReadPermission, job);
    await this.resolver.confirmBranch(caller, job);
    return this.reads.buildsPage(caller, job, page.limit, page.cursor);
  }

  async getBuild(
    caller: Caller,
    entityRef: string,
    jobId: string,
    buildNumber: number,
  ): Promise<BuildDetail> {
    const job = await this.resolver.resolveJob(caller, entityRef, jobId);
    const [canRead, canApprove, canReadLogs] = await this.authorizer.decide(
      caller,
      [
        jenkinsJobReadPermission,
        jenkinsBuildApprovePermission,
        jenkinsBuildLogsReadPermission,
      ],
      job,
    );
    if (!canRead) {
      throw new NotAllowedError(
        denialReason(jenkinsJobReadPermission, job.resource),
      );
    }
    await this.resolver.confirmBranch(caller, job);
    const capability = (allowed: boolean, permission: JenkinsJobPermission) =>
      allowed
        ? { allowed: true as const }
        : {
            allowed: false as const,
            reason: denialReason(permission, job.resource),
          };
    const detail = await this.reads.buildDetail(caller, job, buildNumber, {
      canAnswer: capability(canApprove, jenkinsBuildApprovePermission),
      // Error details and stage errors are log text: `jenkins.job.read`
      // alone does not show them.
      canReadLogs: capability(canReadLogs, jenkinsBuildLogsReadPermission),
    });
    return this.withBuildApprovals(caller, job, detail);
  }

  /**
   * A paused build's inputs, decided on the build as answering them will be
   * (who started it counts), with whom to ask. The build was just read, so
   * establishing its starter costs no Jenkins request.
   */
  private async withBuildApprovals(
    caller: Caller,
    job: ResolvedJob,
    detail: BuildDetail,
  ): Promise<BuildDetail> {
    if (!this.approvals || detail.pendingInputs.length === 0) {
      return detail;
    }
    const { builds } = this.approvals;
    let startedBy: string | null = null;
    const canAnswer = await this.authorizer.capabilityOnBuild(
      caller,
      jenkinsBuildApprovePermission,
      job,
      detail.number,
      async () => {
        const { facts } = await builds.contextOf(caller, job, detail.number);
        startedBy = facts.startedBy;
        return facts;
      },
    );
    if (canAnswer.allowed) {
      return {
        ...detail,
        pendingInputs: detail.pendingInputs.map(input => ({
          ...input,
          canAnswer,
        })),
      };
    }
    const approvers = await this.approvals.approvers.approversOf(
      caller,
      job,
      startedBy,
    );
    return {
      ...detail,
      pendingInputs: detail.pendingInputs.map(input => ({
        ...input,
        canAnswer,
        approvers,
      })),
    };
  }

  async getLog(
    caller: Caller,
    entityRef: string,
    jobId: string,
    buildNumber: number,
    start: number,
  ): Promise<LogChunk> {
    const job = await this.resolver.resolveJob(caller, entityRef, jobId);
    await this.authorizer.authorizeJob(
      caller,
      jenkinsBuildLogsReadPermission,
      job,
    );
    await this.resolver.confirmBranch(caller, job);
    return this.reads.log(caller, job, buildNumber, start);
  }

  /**
   * The whole log of a build, streamed for a download, after the same
   * `jenkins.build.logs.read` check as {@link AuthorizedReadService.getLog}.
   */
  async downloadLog(
    caller: Caller,
    entityRef: string,
    jobId: string,
    buildNumber: number,
  ): Promise<{ job: ResolvedJob; log: JenkinsLogStream }> {
    const job = await this.resolver.resolveJob(caller, entityRef, jobId);
    await this.authorizer.authorizeJob(
      caller,
      jenkinsBuildLogsReadPermission,
      job,
    );
    await this.resolver.confirmBranch(caller, job);
    return { job, log: await this.reads.logDownload(caller, job, buildNumber) };
  }
}
