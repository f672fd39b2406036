/*
 * The bench's figures, computed from what it recorded: pure functions, so a
 * test can check them without starting anything (see figures.test.ts).
 */

/** Nearest-rank percentile of an ascending list; 0 for an empty list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return 0;
  }
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)];
}

/** One Jenkins request as the simulator logged it. */
export interface JenkinsRequest {
  path: string;
  query?: Record<string, string>;
  user: string;
}

/** What a bench run recorded. */
export interface BenchRecord {
  /** Wall time from the first page view's start to the last one's end. */
  elapsedSeconds: number;
  /** Duration of every page view started, failed ones included (ms). */
  viewMs: number[];
  /** Page views that failed (a request not 2xx/304, timed out or broke). */
  failedViews: number;
  /** Backend CPU (user + system) over the run, in seconds. */
  backendCpuSeconds: number;
  /** Jenkins requests counted by the simulator over the run. */
  jenkinsRequests: number;
  /** Jobs of the entity (top level, as the jobs route lists them). */
  jobs: number;
  /** Backend RSS after a GC before and after the run, and its peak (bytes). */
  rssBefore: number;
  rssAfter: number;
  rssPeak: number;
  /** V8 heap used plus array buffers, after a GC, before and after (bytes). */
  heapUsedBefore?: number;
  heapUsedAfter?: number;
}

/** The figures the bench prints. */
export interface BenchFigures {
  pageViews: number;
  failedViews: number;
  pageViewsPerSecond: number;
  backendCpuSecondsPer1000Views: number;
  pageViewsPerCpuSecond: number;
  jenkinsRequestsPerView: number;
  jenkinsRequestsPerJobPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  rssGrowthMb: number;
  rssPeakMb: number;
  /** Growth of what the backend holds after a GC (heap and buffers). */
  heapUsedGrowthMb: number;
}

const MB = 1024 * 1024;

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}

/** Computes the printed figures from a run's record. */
export function computeFigures(record: BenchRecord): BenchFigures {
  const sorted = [...record.viewMs].sort((a, b) => a - b);
  const views = sorted.length;
  const ok = views - record.failedViews;
  return {
    pageViews: views,
    failedViews: record.failedViews,
    pageViewsPerSecond: ratio(ok, record.elapsedSeconds),
    backendCpuSecondsPer1000Views: ratio(record.backendCpuSeconds * 1000, ok),
    pageViewsPerCpuSecond: ratio(ok, record.backendCpuSeconds),
    jenkinsRequestsPerView: ratio(record.jenkinsRequests, ok),
    jenkinsRequestsPerJobPerSecond: ratio(
      record.jenkinsRequests,
      record.jobs * record.elapsedSeconds,
    ),
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    rssGrowthMb: (record.rssAfter - record.rssBefore) / MB,
    rssPeakMb: record.rssPeak / MB,
    heapUsedGrowthMb:
      ((record.heapUsedAfter ?? 0) - (record.heapUsedBefore ?? 0)) / MB,
  };
}

/**
 * The Jenkins job a request is about: the `/job/a/job/b` prefix of its path
 * as `a/b`, or undefined for requests about no job (`/api/json`, `/whoAmI`).
 */
export function jobOfPath(path: string): string | undefined {
  const segments = path.split('/').filter(Boolean);
  const names: string[] = [];
  for (let i = 0; i + 1 < segments.length && segments[i] === 'job'; i += 2) {
    names.push(decodeURIComponent(segments[i + 1]));
  }
  return names.length ? names.join('/') : undefined;
}

/** How the Jenkins requests of a run split between people and the instance. */
export interface RequestSplit {
  /** Requests made as a person (a viewer), by Jenkins user. */
  asPeople: number;
  /** Requests made as the instance's read identity. */
  asInstance: number;
  /** Requests made as anyone else (background work such as build polling). */
  asOthers: number;
  /** Instance requests per job, divided by the cache windows of the run. */
  instanceRequestsPerJobPerWindow: number;
  /** The same for one request (path and query) asked again. */
  instanceRequestsPerQueryPerWindow: number;
  /** The most requests one person made about one job. */
  maxPersonRequestsPerJob: number;
  /** People who reached Jenkins at all. */
  peopleSeen: number;
}

/**
 * Splits logged Jenkins requests into those made as a person (`isPerson`
 * on the Jenkins user), as the instance's read identity (`isInstance`) and
 * as anyone else, and computes the
 * per-job and per-person figures of the `verified` read mode's targets.
 */
export function splitRequests(
  requests: JenkinsRequest[],
  options: {
    isPerson: (user: string) => boolean;
    isInstance: (user: string) => boolean;
    elapsedSeconds: number;
    cacheTtlSeconds: number;
  },
): RequestSplit {
  const instancePerJob = new Map<string, number>();
  const instancePerQuery = new Map<string, number>();
  const personPerJob = new Map<string, number>();
  const people = new Set<string>();
  let asPeople = 0;
  let asInstance = 0;
  let asOthers = 0;
  for (const r of requests) {
    const job = jobOfPath(r.path) ?? '(none)';
    if (options.isPerson(r.user)) {
      asPeople++;
      people.add(r.user);
      const key = `${r.user}\u0000${job}`;
      personPerJob.set(key, (personPerJob.get(key) ?? 0) + 1);
    } else if (options.isInstance(r.user)) {
      asInstance++;
      instancePerJob.set(job, (instancePerJob.get(job) ?? 0) + 1);
      const query = `${r.path}?${new URLSearchParams(r.query ?? {})}`;
      instancePerQuery.set(query, (instancePerQuery.get(query) ?? 0) + 1);
    } else {
      asOthers++;
    }
  }
  const windows = Math.max(
    1,
    Math.ceil(options.elapsedSeconds / options.cacheTtlSeconds),
  );
  const maxInstance = Math.max(0, ...instancePerJob.values());
  const maxQuery = Math.max(0, ...instancePerQuery.values());
  return {
    asPeople,
    asInstance,
    asOthers,
    instanceRequestsPerJobPerWindow: maxInstance / windows,
    instanceRequestsPerQueryPerWindow: maxQuery / windows,
    maxPersonRequestsPerJob: Math.max(0, ...personPerJob.values()),
    peopleSeen: people.size,
  };
}
