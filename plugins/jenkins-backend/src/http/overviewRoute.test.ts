import {
  as,
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
  STAGING,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

const OVERVIEW = `${PAYMENTS}/overview`;

/** The tab's first paint is this one request (plus nothing else). */
describe('the overview route', () => {
  let env: JenkinsTestBackend;

  beforeAll(async () => {
    env = await startJenkinsTestBackend({
      strategy: 'service-account',
      policy: (permission, user) =>
        user === 'user:default/mallory' && permission === 'jenkins.job.read'
          ? 'deny'
          : 'allow',
      timeouts: { cacheTtlSeconds: 60 },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('answers jobs, the first job’s builds and trend, and the activity as their own routes do', async () => {
    // Something in the activity first.
    const trigger = await env.api
      .post(`/api/jenkins${PAYMENTS}/jobs/${jobIdOf(STAGING)}/builds`)
      .set(as('user:default/alice'))
      .set('Idempotency-Key', 'overview-1')
      .send({});
    expect(trigger.status).toBeLessThan(300);

    const res = await env.get(`${OVERVIEW}?limit=10&trend=20`);
    expect(res.status).toBe(200);
    const jobs = await env.get(`${PAYMENTS}/jobs`);
    expect(res.body.jobs).toEqual(jobs.body);
    // The first job is payments-service's multibranch job: its main branch
    // is shown first, as the tab picks it.
    const main = jobs.body.jobs[0].branches.find(
      (b: { name: string }) => b.name === 'main',
    );
    const first = main.id;
    expect(res.body.selected.jobId).toBe(first);
    const page = await env.get(`${PAYMENTS}/jobs/${first}/builds?limit=10`);
    expect(res.body.selected.builds).toEqual(page.body);
    expect(res.body.selected.builds.nextCursor).not.toBeNull();
    const trend = await env.get(`${PAYMENTS}/jobs/${first}/builds?limit=20`);
    expect(res.body.selected.trend).toEqual(trend.body.items);
    const activity = await env.get(`${PAYMENTS}/activity?limit=10`);
    expect(activity.body.items.length).toBeGreaterThan(0);
    expect(res.body.activity).toEqual(activity.body);
  });

  it('shows the job asked for', async () => {
    const production = jobIdOf('payments/deploy-production');
    const res = await env.get(`${OVERVIEW}?job=${production}&limit=5&trend=5`);
    expect(res.status).toBe(200);
    expect(res.body.selected.jobId).toBe(production);
    const page = await env.get(`${PAYMENTS}/jobs/${production}/builds?limit=5`);
    expect(res.body.selected.builds).toEqual(page.body);
  });

  it('leaves out what the caller may not read: no jobs, no builds, no activity', async () => {
    const res = await env.get(OVERVIEW, 'user:default/mallory');
    expect(res.status).toBe(200);
    expect(res.body.jobs.jobs).toEqual([]);
    expect(res.body.selected).toBeNull();
    expect(res.body.activity).toBeNull();
    // The activity route refuses them the same way.
    expect(
      (await env.get(`${PAYMENTS}/activity`, 'user:default/mallory')).status,
    ).toBe(403);
  });

  it('refuses bad input with a message naming the field', async () => {
    for (const query of ['limit=0', 'trend=101', 'job=%2F%2F', 'sort=name']) {
      const res = await env.get(`${OVERVIEW}?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/query/);
    }
  });
});

describe('the cost of a view', () => {
  let env: JenkinsTestBackend;

  afterEach(async () => {
    await env?.close();
  });

  it('costs a cold entity one listing of its jobs’ folder, its multibranch job’s summary and one builds page; an unchanged refresh a 304 and nothing of Jenkins', async () => {
    env = await startJenkinsTestBackend({
      strategy: 'service-account',
      timeouts: { cacheTtlSeconds: 60 },
    });
    env.sim.control.clearRequests();
    const res = await env.get(OVERVIEW);
    expect(res.status).toBe(200);
    const jobCount = res.body.jobs.jobs.length;
    expect(jobCount).toBeGreaterThan(1);
    const reads = env.jenkinsRequests();
    const builds = reads.filter(r => /^builds\[/.test(r.query.tree ?? ''));
    // The jobs of the `payments` folder in one listing, the multibranch
    // job's own summary (its branches, and its `_class`, which confirms the
    // branch shown: no request of its own), and one builds page for the
    // builds table and the trend together (of its main branch).
    expect(builds.map(r => [r.path, r.query.tree.slice(-7)])).toEqual([
      ['/job/payments/job/payments-service/job/main/api/json', ']{0,21}'],
    ]);
    expect(reads.filter(r => r.query.tree === '_class')).toHaveLength(0);
    expect(reads.map(r => r.path).sort()).toEqual([
      '/job/payments/api/json',
      '/job/payments/job/payments-service/api/json',
      '/job/payments/job/payments-service/job/main/api/json',
    ]);

    const tag = res.headers.etag;
    expect(tag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    env.sim.control.clearRequests();
    const again = await env.get(OVERVIEW).set('If-None-Match', tag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    expect(env.jenkinsRequests()).toEqual([]);
  });

  it('answers every read route conditionally', async () => {
    env = await startJenkinsTestBackend({
      strategy: 'service-account',
      timeouts: { cacheTtlSeconds: 60 },
    });
    const job = jobIdOf(STAGING);
    for (const path of [
      `${PAYMENTS}/jobs`,
      `${PAYMENTS}/jobs/${job}/builds?limit=5`,
      `${PAYMENTS}/jobs/${job}/builds/40`,
      `${PAYMENTS}/activity`,
      OVERVIEW,
    ]) {
      const first = await env.get(path);
      expect(first.status).toBe(200);
      // A strong tag of the body, and leave to revalidate every time (the
      // browser then sends If-None-Match itself).
      expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      const second = await env
        .get(path)
        .set('If-None-Match', first.headers.etag);
      expect([path, second.status]).toEqual([path, 304]);
      // Another tag (a changed answer) gets the whole body again.
      const changed = await env.get(path).set('If-None-Match', '"stale"');
      expect([path, changed.status]).toEqual([path, 200]);
      expect(changed.body).toEqual(first.body);
    }
  });
});

describe('completed builds', () => {
  let env: JenkinsTestBackend;

  afterEach(async () => {
    await env?.close();
  });

  it('reads a completed build’s stages from Jenkins once across views further apart than the cache TTL', async () => {
    env = await startJenkinsTestBackend({
      strategy: 'service-account',
      timeouts: { cacheTtlSeconds: 1 },
    });
    const detail = `${PAYMENTS}/jobs/${jobIdOf(STAGING)}/builds/40`;
    env.sim.control.clearRequests();
    for (let view = 0; view < 3; view++) {
      const res = await env.get(detail);
      expect(res.status).toBe(200);
      expect(res.body.status).not.toBe('running');
      // Past the TTL and the stale window (2 TTLs) of the read cache.
      await new Promise(resolve => setTimeout(resolve, 2200));
    }
    const reads = env.jenkinsRequests();
    const build = reads.filter(r =>
      /^\/job\/payments\/job\/deploy-staging\/40\/api\/json$/.test(r.path),
    );
    const stages = reads.filter(r =>
      /^\/job\/payments\/job\/deploy-staging\/40\/wfapi\//.test(r.path),
    );
    // The build itself is read again each time; its stages never change.
    expect(build.length).toBeGreaterThanOrEqual(3);
    expect(stages).toHaveLength(1);
  });
});
