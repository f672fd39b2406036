import {
  ActivityPage,
  BuildsPage,
  JobsResponse,
  JobSummary,
  OverviewResponse,
  OverviewSelection,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { AuthorizedReadService } from './AuthorizedReadService';
import { encodeBuildsCursor } from './BuildsCursor';

/** What the overview shows: sizes of its pages and the job asked for. */
export interface OverviewRequest {
  /** The job (or branch) id to show; the entity's first job without it. */
  job?: string;
  /** The size of the first builds page. */
  limit: number;
  /** How many builds the trend shows. */
  trend: number;
  /** The size of the activity page. */
  activityLimit: number;
}

/** The activity read, as {@link AuditReadService} offers it. */
export interface ActivityReads {
  activity(
    caller: Caller,
    entityRef: string,
    page: { limit: number; cursor?: string },
  ): Promise<ActivityPage>;
}

/** Failures that mean "not for you" or "not here", not "Jenkins is broken". */
const REFUSALS = new Set(['NotAllowedError', 'NotFoundError', 'InputError']);

function refusedOrThrow(error: unknown): null {
  if (error instanceof Error && REFUSALS.has(error.name)) {
    return null;
  }
  throw error;
}

/**
 * The job id the tab shows when none is asked for: the first job, or for a
 * multibranch job its main (else master, else first) branch — as the
 * frontend's `resolveTarget` picks it.
 */
export function defaultTargetId(jobs: JobSummary[]): string | undefined {
  const job = jobs[0];
  if (!job) return undefined;
  if (job.kind !== 'multibranch' || !job.branches?.length) return job.id;
  const branch =
    job.branches.find(b => b.name === 'main') ??
    job.branches.find(b => b.name === 'master') ??
    job.branches[0];
  return branch.id;
}

/**
 * The first page of `limit` builds cut from a page of `fetched.items`
 * newest builds: the same items and cursor `GET …/builds?limit=` gives.
 */
export function firstPageOf(fetched: BuildsPage, limit: number): BuildsPage {
  const items = fetched.items.slice(0, limit);
  if (fetched.items.length > limit) {
    return {
      items,
      nextCursor: encodeBuildsCursor({
        offset: limit,
        before: items[items.length - 1].number,
      }),
    };
  }
  return { items, nextCursor: fetched.nextCursor };
}

/**
 * Everything the Jenkins tab paints first, in one answer: the entity's
 * jobs, the selected job's first builds page and trend (one Jenkins
 * request for both), and the recent activity. Each part goes through the
 * same authorized reads as its own route, so nobody sees more here.
 */
export class OverviewService {
  constructor(
    private readonly reads: AuthorizedReadService,
    private readonly activity: ActivityReads,
  ) {}

  async overview(
    caller: Caller,
    entityRef: string,
    request: OverviewRequest,
  ): Promise<OverviewResponse> {
    const selection = (jobId: string) =>
      this.selection(caller, entityRef, jobId, request).catch(refusedOrThrow);
    const [jobs, activity, asked] = await Promise.all([
      // The job asked for, if a branch, is among its job's branches shown.
      this.reads.listJobs(caller, entityRef, { include: request.job }),
      // The activity route's rules: visible only to those who may read at
      // least one of the entity's jobs; refused, it is left out.
      this.activity
        .activity(caller, entityRef, { limit: request.activityLimit })
        .catch(refusedOrThrow),
      // A job asked for is read alongside the jobs list.
      request.job ? selection(request.job) : Promise.resolve(null),
    ]);
    return {
      jobs,
      selected: request.job
        ? asked
        : await this.firstSelection(jobs, selection),
      activity,
    };
  }

  private async firstSelection(
    jobs: JobsResponse,
    selection: (jobId: string) => Promise<OverviewSelection | null>,
  ): Promise<OverviewSelection | null> {
    const jobId = defaultTargetId(jobs.jobs);
    return jobId ? selection(jobId) : null;
  }

  private async selection(
    caller: Caller,
    entityRef: string,
    jobId: string,
    request: OverviewRequest,
  ): Promise<OverviewSelection> {
    // One page as long as the longer of the two: one Jenkins request.
    const fetched = await this.reads.listBuilds(caller, entityRef, jobId, {
      limit: Math.max(request.limit, request.trend),
    });
    return {
      jobId,
      builds: firstPageOf(fetched, request.limit),
      trend: fetched.items.slice(0, request.trend),
    };
  }
}
