import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
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
import { decodeBuildsCursor } from './BuildsCursor';
import { JenkinsReadService } from './JenkinsReadService';

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
  ) {}

  /** The entity's jobs the caller may read, with what they may do on each. */
  async listJobs(caller: Caller, entityRef: string): Promise<JobsResponse> {
    const { entity, jobs } = await this.resolver.jobsOf(caller, entityRef);
    const actions = Object.entries(jenkinsJobActionPermissions);
    const summaries = await Promise.all(
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
        ) as Parameters<JenkinsReadService['jobSummary']>[2];
        return this.reads.jobSummary(
          caller,
          job,
          capabilities,
          branchFullName => this.resolver.branchOf(job, branchFullName),
        );
      }),
    );
    return {
      entityRef: stringifyEntityRef(entity),
      jobs: summaries.filter(<T>(s: T | undefined): s is T => s !== undefined),
    };
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
    return this.reads.buildDetail(caller, job, buildNumber, {
      canAnswer: capability(canApprove, jenkinsBuildApprovePermission),
      // Error details and stage errors are log text: `jenkins.job.read`
      // alone does not show them.
      canReadLogs: capability(canReadLogs, jenkinsBuildLogsReadPermission),
    });
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
