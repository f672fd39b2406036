import {
  computeFigures,
  jobOfPath,
  percentile,
  splitRequests,
} from './figures';

describe('bench figures', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
    // 3 values: p50 is the 2nd, p95 and p99 the 3rd.
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30], 95)).toBe(30);
  });

  it('computes per-view, per-CPU-second and per-job ratios', () => {
    const figures = computeFigures({
      elapsedSeconds: 10,
      // 1,000 views, 10 of them failed; durations given unsorted.
      viewMs: Array.from({ length: 1000 }, (_, i) => 1000 - i),
      failedViews: 10,
      backendCpuSeconds: 2.475,
      jenkinsRequests: 198,
      jobs: 3,
      rssBefore: 100 * 1024 * 1024,
      rssAfter: 112.5 * 1024 * 1024,
      rssPeak: 130 * 1024 * 1024,
      heapUsedBefore: 40 * 1024 * 1024,
      heapUsedAfter: 43 * 1024 * 1024,
    });
    expect(figures).toEqual({
      pageViews: 1000,
      failedViews: 10,
      pageViewsPerSecond: 99,
      backendCpuSecondsPer1000Views: 2.5,
      pageViewsPerCpuSecond: 400,
      jenkinsRequestsPerView: 0.2,
      jenkinsRequestsPerJobPerSecond: 6.6,
      p50Ms: 500,
      p95Ms: 950,
      p99Ms: 990,
      rssGrowthMb: 12.5,
      rssPeakMb: 130,
      heapUsedGrowthMb: 3,
    });
  });

  it('reports zeros rather than infinities for an empty run', () => {
    const figures = computeFigures({
      elapsedSeconds: 0,
      viewMs: [],
      failedViews: 0,
      backendCpuSeconds: 0,
      jenkinsRequests: 0,
      jobs: 0,
      rssBefore: 0,
      rssAfter: 0,
      rssPeak: 0,
    });
    expect(figures.pageViewsPerSecond).toBe(0);
    expect(figures.pageViewsPerCpuSecond).toBe(0);
    expect(figures.jenkinsRequestsPerJobPerSecond).toBe(0);
  });

  it('names the job of a Jenkins path', () => {
    expect(jobOfPath('/job/payments/job/deploy-staging/api/json')).toBe(
      'payments/deploy-staging',
    );
    expect(
      jobOfPath(
        '/job/payments/job/payments-service/job/main/42/wfapi/describe',
      ),
    ).toBe('payments/payments-service/main');
    expect(jobOfPath('/job/a%20b/api/json')).toBe('a b');
    expect(jobOfPath('/api/json')).toBeUndefined();
    expect(jobOfPath('/whoAmI/api/json')).toBeUndefined();
  });

  it('splits requests between people and the instance per job and window', () => {
    const job = (name: string) => `/job/payments/job/${name}/api/json`;
    const split = splitRequests(
      [
        { path: job('a'), query: { tree: 'x' }, user: 'reader' },
        { path: job('a'), query: { tree: 'y' }, user: 'reader' },
        { path: job('a'), query: { tree: 'x' }, user: 'reader' },
        { path: job('b'), user: 'reader' },
        { path: job('a'), user: 'viewer-1' },
        { path: job('a'), user: 'viewer-1' },
        { path: job('b'), user: 'viewer-1' },
        { path: job('a'), user: 'viewer-2' },
        { path: job('a'), user: 'poller' },
      ],
      {
        isPerson: user => user.startsWith('viewer-'),
        isInstance: user => user === 'reader',
        elapsedSeconds: 25,
        cacheTtlSeconds: 10,
      },
    );
    // 25 s at a 10 s TTL is 3 windows; job a had 3 instance requests, 2 of
    // them the same query.
    expect(split).toEqual({
      asPeople: 4,
      asInstance: 4,
      asOthers: 1,
      instanceRequestsPerJobPerWindow: 1,
      instanceRequestsPerQueryPerWindow: 2 / 3,
      maxPersonRequestsPerJob: 2,
      peopleSeen: 2,
    });
  });
});
