import { InputError } from '@backstage/errors';
import {
  BranchesPage,
  BranchQuery,
  JobCapabilities,
  JobSummary,
} from '@internal/plugin-jenkins-common';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { Caller } from '../identity/types';
import {
  JenkinsGateway,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';
import { RawJob } from '../jenkins/JenkinsJson';
import { FOLDER_LISTING_TREE, JOB_SUMMARY_TREE } from '../jenkins/jenkinsTrees';
import { isMultibranchClass } from '../jobs/JobResolver';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { AccessCheck } from './AccessCheck';
import {
  branchesMatching,
  multibranchStatus,
  shownBranches,
  toBranchSummary,
} from './BranchMapper';
import { decodeBranchesCursor, encodeBranchesCursor } from './BranchesCursor';
import { jobStatusOf, toBuildSummary } from './BuildMapper';
import { jobKindOf } from './jobKind';
import {
  parameterDefinitionsOf,
  toParameterDefinition,
} from './ParameterMapper';

/** Where {@link JobSummaryReads} gets the context of a read for a caller. */
export interface ReadContexts {
  readContext(caller: Caller, instance: string): JenkinsRequestContext;
  jobReadContext(
    caller: Caller,
    instance: string,
    fullName: string,
  ): Promise<JenkinsRequestContext>;
}

/** Options of {@link JobSummaryReads}. */
export interface JobSummaryReadsOptions {
  gateway: JenkinsGateway;
  strategies: IdentityStrategies;
  accessCheck?: AccessCheck;
  contexts: ReadContexts;
}

/**
 * The jobs list and a multibranch job's branches, with as few Jenkins
 * requests as an entity of many jobs, or a job of thousands of branches,
 * allows: one listing per folder, one summary per multibranch job (which
 * also serves the branch search), and with `reads: verified` one check of
 * the person per folder.
 */
export class JobSummaryReads {
  constructor(private readonly options: JobSummaryReadsOptions) {}

  /**
   * The jobs list, in the order given. Jobs of one folder (two or more)
   * are read with one request for the folder's items; a multibranch job,
   * or a job the listing does not show, with one request of its own. A
   * multibranch job shows at most `MAX_SUMMARY_BRANCHES` branches (see
   * `jobSummarySchema`), with `include` (a branch id) among them.
   */
  async jobSummaries(
    caller: Caller,
    entries: JobListEntry[],
    branchOf: (parent: ResolvedJob, branchFullName: string) => ResolvedJob,
    include?: string,
  ): Promise<JobSummary[]> {
    const raws = await this.rawSummaries(
      caller,
      entries.map(entry => entry.job),
    );
    const now = Date.now();
    return entries.map(({ job, capabilities }, index) => {
      const { ctx, raw } = raws[index];
      const kind = jobKindOf(raw._class);
      const all = kind === 'multibranch' ? raw.jobs ?? [] : undefined;
      const branches = all
        ? shownBranches(all, job.fullName, include).map(branchJob =>
            toBranchSummary(job, branchJob, branchOf, now),
          )
        : null;
      return {
        id: job.id,
        instance: job.instance,
        fullName: job.fullName,
        displayName: raw.displayName ?? raw.name ?? job.fullName,
        url: raw.url ?? '',
        kind,
        environment: job.resource.environment,
        status: all ? multibranchStatus(all) : jobStatusOf(raw),
        buildable: raw.buildable ?? false,
        lastBuild: raw.lastBuild
          ? toBuildSummary(raw.lastBuild, { now })
          : null,
        branches,
        branchCount: all ? all.length : null,
        parameters: parameterDefinitionsOf(raw).map(toParameterDefinition),
        capabilities,
        identity: this.options.strategies
          .forInstance(job.instance)
          .describe(ctx.principal),
      };
    });
  }

  /**
   * A page of a multibranch job's branches whose name contains `query.q`
   * (ignoring case), in Jenkins' order: searched and paged here, from the
   * job's one (cached) summary request.
   */
  async branchesPage(
    caller: Caller,
    job: ResolvedJob,
    query: BranchQuery,
    branchOf: (parent: ResolvedJob, branchFullName: string) => ResolvedJob,
  ): Promise<BranchesPage> {
    const offset = query.cursor ? decodeBranchesCursor(query.cursor) : 0;
    const ctx = await this.options.contexts.jobReadContext(
      caller,
      job.instance,
      job.fullName,
    );
    const raw = (await this.options.gateway.getJob(
      ctx,
      job.fullName,
      JOB_SUMMARY_TREE,
    )) as RawJob;
    if (!isMultibranchClass(raw._class)) {
      throw new InputError(
        `${job.fullName} is not a multibranch job: it has no branches`,
      );
    }
    const matching = branchesMatching(
      job,
      raw.jobs ?? [],
      query.q.toLocaleLowerCase('en-US'),
    );
    const now = Date.now();
    const items = matching
      .slice(offset, offset + query.limit)
      .map(branchJob => toBranchSummary(job, branchJob, branchOf, now));
    const next = offset + query.limit;
    return {
      items,
      total: matching.length,
      nextCursor: next < matching.length ? encodeBranchesCursor(next) : null,
    };
  }

  /** Each job's summary answer and the context it was read with, in order. */
  private async rawSummaries(
    caller: Caller,
    jobs: ResolvedJob[],
  ): Promise<RawSummary[]> {
    const folders = new Map<string, ResolvedJob[]>();
    for (const job of jobs) {
      const key = `${job.instance}\n${folderOf(job.fullName)}`;
      folders.set(key, [...(folders.get(key) ?? []), job]);
    }
    const found = new Map<ResolvedJob, RawSummary>();
    await Promise.all(
      [...folders.values()].map(async group => {
        const folder = folderOf(group[0].fullName);
        const summaries =
          folder && group.length > 1
            ? await this.listedSummaries(caller, folder, group)
            : await Promise.all(group.map(job => this.ownSummary(caller, job)));
        group.forEach((job, index) => found.set(job, summaries[index]));
      }),
    );
    return jobs.map(job => found.get(job)!);
  }

  /** One job's summary with a request of its own. */
  private async ownSummary(
    caller: Caller,
    job: ResolvedJob,
  ): Promise<RawSummary> {
    const ctx = await this.options.contexts.jobReadContext(
      caller,
      job.instance,
      job.fullName,
    );
    const raw = (await this.options.gateway.getJob(
      ctx,
      job.fullName,
      JOB_SUMMARY_TREE,
    )) as RawJob;
    return { ctx, raw };
  }

  /**
   * Several jobs of one folder from one listing of its items; with
   * `verified` reads, after one check of the person on the folder's items.
   */
  private async listedSummaries(
    caller: Caller,
    folder: string,
    jobs: ResolvedJob[],
  ): Promise<RawSummary[]> {
    const { instance } = jobs[0];
    await this.options.accessCheck?.verifyListed(
      this.options.contexts.readContext(caller, instance),
      folder,
      jobs.map(job => job.fullName),
    );
    // Jenkins' own answer for any job the person may not read, as before.
    const contexts = await Promise.all(
      jobs.map(job =>
        this.options.contexts.jobReadContext(caller, instance, job.fullName),
      ),
    );
    // Every job's context is the same: the person's, or verified for all.
    const listing = (await this.options.gateway.getJob(
      contexts[0],
      folder,
      FOLDER_LISTING_TREE,
    )) as RawJob;
    const items = new Map(
      (listing.jobs ?? []).map(item => [(item.name ?? '').toLowerCase(), item]),
    );
    return Promise.all(
      jobs.map(async (job, index) => {
        const item = items.get(
          job.fullName.slice(job.fullName.lastIndexOf('/') + 1).toLowerCase(),
        );
        // Branches are not in the listing; a job not listed (beyond the
        // bound, or hidden from this identity) gets Jenkins' own answer.
        if (!item || isMultibranchClass(item._class)) {
          return this.ownSummary(caller, job);
        }
        return { ctx: contexts[index], raw: item as RawJob };
      }),
    );
  }
}

/** A job of the jobs list, with what the caller may do on it. */
export interface JobListEntry {
  job: ResolvedJob;
  capabilities: JobCapabilities;
}

/** A job's summary as Jenkins answered it, and who it was read as. */
interface RawSummary {
  ctx: JenkinsRequestContext;
  raw: RawJob;
}

/** The folder a job is in: its full name without the last part ('' at the root). */
function folderOf(fullName: string): string {
  const slash = fullName.lastIndexOf('/');
  return slash < 0 ? '' : fullName.slice(0, slash);
}
