import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  BuildDetail,
  BuildsPage,
  jenkinsBuildApprovePermission,
  jenkinsBuildLogsReadPermission,
  jenkinsJobActionPermissions,
  jenkinsJobReadPermission,
  JobsResponse,
  LogChunk,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { JobResolver } from '../jobs/JobResolver';
import { denialReason, JobAuthorizer } from '../permissions/JobAuthorizer';
import { JenkinsReadService } from './JenkinsReadService';

/**
 * The read API's permission layer: resolves the job through the entity,
 * checks `jenkins.job.read` (or `jenkins.build.logs.read`) and only then
 * lets {@link JenkinsReadService} call Jenkins.
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
    const job = await this.resolver.resolveJob(caller, entityRef, jobId);
    await this.authorizer.authorizeJob(caller, jenkinsJobReadPermission, job);
    return this.reads.buildsPage(caller, job, page.limit, page.cursor);
  }

  async getBuild(
    caller: Caller,
    entityRef: string,
    jobId: string,
    buildNumber: number,
  ): Promise<BuildDetail> {
    const job = await this.resolver.resolveJob(caller, entityRef, jobId);
    const [canRead, canApprove] = await this.authorizer.decide(
      caller,
      [jenkinsJobReadPermission, jenkinsBuildApprovePermission],
      job,
    );
    if (!canRead) {
      throw new NotAllowedError(
        denialReason(jenkinsJobReadPermission, job.resource),
      );
    }
    return this.reads.buildDetail(
      caller,
      job,
      buildNumber,
      canApprove
        ? { allowed: true }
        : {
            allowed: false,
            reason: denialReason(jenkinsBuildApprovePermission, job.resource),
          },
    );
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
    return this.reads.log(caller, job, buildNumber, start);
  }
}
