import {
  BranchesPage,
  BranchQuery,
  BuildDetail,
  BuildsPage,
  Capability,
  JobSummary,
  LogChunk,
  PendingInput,
} from '@internal/plugin-jenkins-common';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { PrincipalMapper } from '../identity/PrincipalMapper';
import { Caller } from '../identity/types';
import {
  JenkinsGateway,
  JenkinsLogStream,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';
import { isMultibranchClass } from '../jobs/JobResolver';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { toBuildSummary } from './BuildMapper';
import {
  assertWithinHistory,
  decodeBuildsCursor,
  encodeBuildsCursor,
} from './BuildsCursor';
import {
  RawBuild,
  RawJob,
  RawPendingInput,
  RawRunDescription,
  RawTestReport,
} from '../jenkins/JenkinsJson';
import {
  BUILD_DETAIL_TREE,
  buildsPageTree,
  JOB_SUMMARY_TREE,
  LAST_BUILD_NUMBER_TREE,
  PARAMETER_TYPES_TREE,
  TEST_REPORT_TREE,
} from '../jenkins/jenkinsTrees';
import {
  passwordParameterNames,
  toParameterDefinition,
  toParameterValues,
} from './ParameterMapper';
import { AccessCheck } from './AccessCheck';
import { JobListEntry, JobSummaryReads } from './JobSummaryReads';
import { toStages } from './StageMapper';
import { failedTestsOf } from './TestReportMapper';

/** Options of {@link JenkinsReadService}. @public */
export interface JenkinsReadServiceOptions {
  gateway: JenkinsGateway;
  principals: PrincipalMapper;
  strategies: IdentityStrategies;
  /** `reads: verified`: Jenkins' check of the person before shared reads. */
  accessCheck?: AccessCheck;
}

export { jobKindOf } from './jobKind';
export type { JobListEntry } from './JobSummaryReads';

/**
 * Reads jobs, builds and logs from Jenkins as the caller (with `verified`
 * reads: as the read identity, once Jenkins confirmed the caller may read the
 * job) and maps them to the API's shapes, per caller. It assumes the job was
 * resolved and the read authorized.
 *
 * @public
 */
export class JenkinsReadService {
  private readonly jobLists: JobSummaryReads;

  constructor(private readonly options: JenkinsReadServiceOptions) {
    this.jobLists = new JobSummaryReads({
      gateway: options.gateway,
      strategies: options.strategies,
      accessCheck: options.accessCheck,
      contexts: this,
    });
  }

  /** The request context of a read made for the caller. */
  readContext(caller: Caller, instance: string): JenkinsRequestContext {
    return {
      instance,
      principal: this.options.principals.principalFor(caller),
      purpose: 'read',
    };
  }

  /**
   * The context to read job `fullName` with for the caller: with `verified`
   * reads, after Jenkins confirmed (as the caller) they may read it.
   */
  async jobReadContext(
    caller: Caller,
    instance: string,
    fullName: string,
  ): Promise<JenkinsRequestContext> {
    const ctx = this.readContext(caller, instance);
    const check = this.options.accessCheck;
    return check ? check.contextFor(ctx, fullName) : ctx;
  }

  /**
   * Whether a job is a multibranch project, asked as the caller: from the
   * job's summary (cached, and read anyway to list its branches), so that
   * confirming a branch costs no request of its own.
   */
  async isMultibranch(
    caller: Caller,
    instance: string,
    fullName: string,
  ): Promise<boolean> {
    const job = (await this.options.gateway.getJob(
      await this.jobReadContext(caller, instance, fullName),
      fullName,
      JOB_SUMMARY_TREE,
    )) as RawJob;
    return isMultibranchClass(job._class);
  }

  /**
   * The jobs list, in the order given; see {@link JobSummaryReads}. A
   * multibranch job shows at most `MAX_SUMMARY_BRANCHES` branches, with
   * `include` (a branch id) among them.
   */
  jobSummaries(
    caller: Caller,
    entries: JobListEntry[],
    branchOf: (parent: ResolvedJob, branchFullName: string) => ResolvedJob,
    include?: string,
  ): Promise<JobSummary[]> {
    return this.jobLists.jobSummaries(caller, entries, branchOf, include);
  }

  /**
   * A page of a multibranch job's branches whose name contains `query.q`,
   * searched and paged here from the job's one (cached) summary request.
   */
  branchesPage(
    caller: Caller,
    job: ResolvedJob,
    query: BranchQuery,
    branchOf: (parent: ResolvedJob, branchFullName: string) => ResolvedJob,
  ): Promise<BranchesPage> {
    return this.jobLists.branchesPage(caller, job, query, branchOf);
  }

  /**
   * A page of builds, newest first, paged by Jenkins itself with `{M,N}`
   * ranges (`allBuilds` beyond the newest 100).
   */
  async buildsPage(
    caller: Caller,
    job: ResolvedJob,
    limit: number,
    cursor?: string,
  ): Promise<BuildsPage> {
    const ctx = await this.jobReadContext(caller, job.instance, job.fullName);
    const position = cursor
      ? decodeBuildsCursor(cursor)
      : { offset: 0, before: Number.MAX_SAFE_INTEGER };
    // Within Jenkins' newest 100 (`builds{M,N}`) a range costs little; only
    // `allBuilds` ranges are checked against the history first.
    const to = position.offset + limit + 1;
    if (cursor && to > 100) {
      const newest = (await this.options.gateway.getJob(
        ctx,
        job.fullName,
        LAST_BUILD_NUMBER_TREE,
      )) as RawJob;
      assertWithinHistory(position, newest.lastBuild?.number ?? 0);
    }
    // One extra build tells whether another page exists.
    const raw = (await this.options.gateway.getJob(
      ctx,
      job.fullName,
      buildsPageTree(position.offset, to),
    )) as RawJob;
    const fetched: RawBuild[] = (to > 100 ? raw.allBuilds : raw.builds) ?? [];
    const now = Date.now();
    const items = [];
    let lastIndex = -1;
    for (let i = 0; i < fetched.length && items.length < limit; i++) {
      if ((fetched[i].number ?? 0) < position.before) {
        items.push(toBuildSummary(fetched[i], { branch: job.branch, now }));
        lastIndex = i;
      }
    }
    const more = fetched.length > lastIndex + 1 && items.length === limit;
    return {
      items,
      nextCursor: more
        ? encodeBuildsCursor({
            offset: position.offset + lastIndex + 1,
            before: items[items.length - 1].number,
          })
        : null,
    };
  }

  /**
   * One build with stages, tests, parameters (secrets masked) and inputs;
   * without `canReadLogs`, no text taken from the log (test failure
   * details, stage errors).
   */
  async buildDetail(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    allowed: { canAnswer: Capability; canReadLogs: Capability },
  ): Promise<BuildDetail> {
    const { canAnswer, canReadLogs } = allowed;
    const { gateway } = this.options;
    const ctx = await this.jobReadContext(caller, job.instance, job.fullName);
    const [build, jobTypes, run] = await Promise.all([
      gateway.getBuild(
        ctx,
        job.fullName,
        buildNumber,
        BUILD_DETAIL_TREE,
      ) as Promise<RawBuild>,
      gateway.getJob(
        ctx,
        job.fullName,
        PARAMETER_TYPES_TREE,
      ) as Promise<RawJob>,
      gateway.getRunDescription(ctx, job.fullName, buildNumber) as Promise<
        RawRunDescription | undefined
      >,
    ]);
    const summary = toBuildSummary(build, { branch: job.branch });
    const paused = run?.status === 'PAUSED_PENDING_INPUT';
    const [inputs, report] = await Promise.all([
      paused
        ? (gateway.getPendingInputs(ctx, job.fullName, buildNumber) as Promise<
            RawPendingInput[]
          >)
        : Promise.resolve([]),
      summary.tests && summary.tests.failed > 0
        ? (gateway.getTestReport(
            ctx,
            job.fullName,
            buildNumber,
            TEST_REPORT_TREE,
          ) as Promise<RawTestReport | undefined>)
        : Promise.resolve(undefined),
    ]);
    const passwords = passwordParameterNames(jobTypes);
    const parameters = (build.actions ?? []).flatMap(
      action => action?.parameters ?? [],
    );
    return {
      ...summary,
      status:
        paused && summary.status === 'running' ? 'paused' : summary.status,
      description: build.description ?? null,
      queueId: typeof build.queueId === 'number' ? build.queueId : null,
      parameters: toParameterValues(parameters, passwords),
      stages: toStages(run, canReadLogs.allowed),
      failedTests: failedTestsOf(report, canReadLogs.allowed),
      pendingInputs: inputs.map(input => toPendingInput(input, canAnswer)),
      canReadLogs,
    };
  }

  /** A chunk of console text from `start`. */
  async log(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    start: number,
  ): Promise<LogChunk> {
    const chunk = await this.options.gateway.getLog(
      await this.jobReadContext(caller, job.instance, job.fullName),
      job.fullName,
      buildNumber,
      start,
    );
    return {
      text: chunk.text,
      nextStart: chunk.nextStart,
      more: chunk.more,
      hasMore: chunk.hasMore,
    };
  }

  /** The whole console log, streaming from Jenkins. */
  async logDownload(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
  ): Promise<JenkinsLogStream> {
    return this.options.gateway.streamLog(
      await this.jobReadContext(caller, job.instance, job.fullName),
      job.fullName,
      buildNumber,
    );
  }
}

function toPendingInput(
  input: RawPendingInput,
  canAnswer: Capability,
): PendingInput {
  return {
    id: input.id ?? '',
    message: input.message ?? '',
    proceedText: input.proceedText ?? 'Proceed',
    abortText: input.abortText ?? 'Abort',
    parameters: (input.inputs ?? []).map(toParameterDefinition),
    canAnswer,
  };
}
