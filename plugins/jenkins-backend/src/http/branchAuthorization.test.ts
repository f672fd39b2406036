import {
  as,
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
  STAGING,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

/**
 * A branch id (one segment below a job the entity names) is confirmed by
 * asking Jenkins whether the named job is multibranch — a read of the job,
 * made as the caller. So the permission policy decides first: a caller it
 * refuses gets 403 and Jenkins hears nothing of the request.
 */
describe('branch ids are authorized before Jenkins is asked about them', () => {
  let env: JenkinsTestBackend;
  const MALLORY = 'user:default/mallory';

  const REAL_BRANCH = jobIdOf(
    'payments/payments-service/feature%2Ffast-refunds',
  );
  // `deploy-staging` is a plain pipeline: this "branch" does not exist.
  const MADE_UP_BRANCH = jobIdOf(`${STAGING}/sneaky`);

  beforeAll(async () => {
    env = await startJenkinsTestBackend({
      strategy: 'service-account',
      timeouts: { cacheTtlSeconds: 0 },
      // Mallory may do nothing on Jenkins jobs; everyone else anything.
      policy: (permission, userRef) =>
        userRef === MALLORY && permission.startsWith('jenkins.')
          ? 'deny'
          : 'allow',
    });
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(() => {
    env.sim.control.clearRequests();
  });

  it.each([
    ['a real branch', REAL_BRANCH],
    ['a made-up branch', MADE_UP_BRANCH],
  ])(
    'refuses reads of %s with 403 without a Jenkins request',
    async (_, jobId) => {
      for (const path of [
        `${PAYMENTS}/jobs/${jobId}/builds`,
        `${PAYMENTS}/jobs/${jobId}/builds/30`,
        `${PAYMENTS}/jobs/${jobId}/builds/30/log?start=0`,
        `${PAYMENTS}/jobs/${jobId}/queue/7`,
      ]) {
        const res = await env.get(path, MALLORY);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
        expect(res.body.error.message).toMatch(
          /Your permission policy does not allow jenkins\./,
        );
      }
      expect(env.jenkinsRequests()).toEqual([]);
    },
  );

  it('refuses a run of a branch with 403 without a Jenkins request', async () => {
    const res = await env.api
      .post(`/api/jenkins${PAYMENTS}/jobs/${REAL_BRANCH}/builds`)
      .set(as('mallory'))
      .set('Idempotency-Key', 'branch-run-1')
      .send({});
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/jenkins\.job\.trigger/);
    expect(env.jenkinsRequests()).toEqual([]);
  });

  it('still answers 404 to an allowed caller for a made-up branch, after asking Jenkins only the job’s summary (its class)', async () => {
    const res = await env.get(`${PAYMENTS}/jobs/${MADE_UP_BRANCH}/builds`);
    expect(res.status).toBe(404);
    // The job's summary, as the jobs list reads it (cached): its `_class`
    // says it is no multibranch job.
    expect(
      env
        .jenkinsRequests()
        .map(r => `${r.method} ${r.path} ${r.query.tree.slice(0, 7)}`),
    ).toEqual([`GET /job/payments/job/deploy-staging/api/json _class,`]);
  });

  it('reads a real branch for an allowed caller', async () => {
    const res = await env.get(`${PAYMENTS}/jobs/${REAL_BRANCH}/builds`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
  });
});
