import { FaultSpec } from '@internal/jenkins-sim';
import {
  as,
  JenkinsTestBackend,
  jobPath,
  PAYMENTS,
  STAGING,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

/**
 * Our own fault suite: Jenkins (the simulator) hangs, resets, sends broken
 * or wrong-shaped JSON, fails with 5xx, lets a crumb expire, applies a POST
 * and then never answers, and the breaker half-opens. Whatever it does, the
 * caller gets a clear error naming the instance within the timeout plus one
 * second, and an idempotency key never yields a second build.
 */

const TIMEOUT_MS = 1000;
const STAGING_API = '^/job/payments/job/deploy-staging/api/json';
const TRIGGER = '/job/payments/job/deploy-staging/buildWithParameters';
const CLEAR = /Jenkins instance 'default'/;

async function timed<T>(run: () => PromiseLike<T>) {
  const started = Date.now();
  const res = await run();
  return { res, elapsed: Date.now() - started };
}

describe('faults of Jenkins, as the API answers them', () => {
  let env: JenkinsTestBackend;
  let keySerial = 0;

  beforeAll(async () => {
    env = await startJenkinsTestBackend({
      timeouts: { requestTimeoutMs: TIMEOUT_MS, cacheTtlSeconds: 0 },
      // Every case starts with a closed breaker.
      instance: { circuitBreaker: { failureThreshold: 1000 } },
    });
    // One answered read first: the signing key, the caller's profile and
    // the catalog lookup are made once, so the timings below measure how a
    // fault is answered, not the backend's first request.
    const warmUp = await env.get(`${PAYMENTS}/jobs`);
    if (warmUp.status !== 200) {
      throw new Error(`The warm-up read answered ${warmUp.status}`);
    }
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(() => {
    env.sim.control.reset({ keepRealm: true });
  });

  const jobId = jobPath(STAGING).split('/jobs/')[1];
  const readBuilds = () =>
    timed(() => env.get(`${PAYMENTS}/jobs/${jobId}/builds`));

  const trigger = (key: string) =>
    timed(() =>
      env.api
        .post(`${jobPath(STAGING)}/builds`)
        .set(as('alice'))
        .set('Idempotency-Key', key)
        .send({ parameters: { VERSION: '3.1.4' } }),
    );

  /** The POSTs that reached `buildWithParameters`, with Jenkins' statuses. */
  const triggerPosts = () =>
    env.sim.control
      .requests({ method: 'POST', path: TRIGGER })
      .map(r => r.status);

  /** Queue items and builds Jenkins holds for the staging job now. */
  async function stagingRuns(): Promise<number> {
    const queue = await env.jenkinsGet('/queue/api/json');
    return queue.items.filter((i: any) =>
      String(i.task?.url ?? '').includes('/job/deploy-staging/'),
    ).length;
  }

  describe('reads', () => {
    it.each<[string, FaultSpec, number, RegExp]>([
      // A Jenkins stuck in a long GC pause, or a proxy holding the socket.
      ['hangs', { path: STAGING_API, kind: 'hang' }, 504, /within 1000 ms/],
      // A load balancer dropping the connection.
      [
        'resets the connection',
        { path: STAGING_API, kind: 'reset' },
        502,
        /unreachable/,
      ],
      // A proxy cutting the body short.
      [
        'sends malformed JSON',
        { path: STAGING_API, kind: 'malformed' },
        502,
        /malformed/,
      ],
      // An error page or a proxy answering 200 with other JSON.
      [
        'sends JSON of the wrong shape',
        { path: STAGING_API, kind: 'json' },
        502,
        /malformed|unexpected|shape/i,
      ],
      // Jenkins failing with an internal error (an exception page).
      [
        'fails with 500',
        { path: STAGING_API, kind: 'status', status: 500 },
        502,
        /HTTP 500/,
      ],
      [
        'is unavailable (503)',
        { path: STAGING_API, kind: 'status', status: 503 },
        502,
        /HTTP 503/,
      ],
    ])(
      'when Jenkins %s: a clear error within the timeout',
      async (_, fault, status, detail) => {
        env.sim.control.injectFault(fault);
        const { res, elapsed } = await readBuilds();
        expect(res.status).toBe(status);
        expect(res.body.error.message).toMatch(CLEAR);
        expect(res.body.error.message).toMatch(detail);
        expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
      },
    );
  });

  describe('writes', () => {
    it('refreshes an expired crumb once and starts exactly one build', async () => {
      // core CrumbFilter: 403 "No valid crumb" once the session expired.
      env.sim.control.injectFault({
        path: TRIGGER,
        method: 'POST',
        kind: 'expireCrumb',
        times: 1,
      });
      const { res, elapsed } = await trigger(`faults-crumb-${++keySerial}`);
      expect(res.status).toBe(202);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
      expect(triggerPosts()).toEqual([403, 201]);
      expect(await stagingRuns()).toBe(1);
    });

    it('answers a 5xx to the POST with a clear 502, and does not repeat it', async () => {
      env.sim.control.injectFault({
        path: TRIGGER,
        method: 'POST',
        kind: 'status',
        status: 500,
      });
      const { res, elapsed } = await trigger(`faults-500-${++keySerial}`);
      expect(res.status).toBe(502);
      expect(res.body.error.message).toMatch(CLEAR);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
      expect(triggerPosts()).toEqual([500]);
    });

    it.each<[string, FaultSpec['kind']]>([
      // Jenkins never got to it: a retry must start the build, once.
      ['hangs before applying the POST', 'hang'],
      // A reverse proxy timing out after Jenkins queued the build.
      ['applies the POST, then hangs', 'applyThenHang'],
      // The connection dropped after Jenkins queued the build.
      ['applies the POST, then resets the connection', 'applyThenReset'],
    ])(
      'when Jenkins %s: a clear error in time, and one build per idempotency key',
      async (_, kind) => {
        env.sim.control.injectFault({
          path: TRIGGER,
          method: 'POST',
          kind,
          times: 1,
        });
        const key = `faults-lost-${++keySerial}`;
        const first = await trigger(key);
        expect(first.res.status).toBeGreaterThanOrEqual(500);
        expect(first.res.body.error.message).toMatch(CLEAR);
        expect(first.elapsed).toBeLessThan(TIMEOUT_MS + 1000);

        const retry = await trigger(key);
        expect(retry.elapsed).toBeLessThan(TIMEOUT_MS + 1000);
        expect(retry.res.status).toBe(202);
        expect(retry.res.body.queue.queueId).toEqual(expect.any(Number));
        // Never a blind second POST: one build, whichever attempt made it.
        expect(await stagingRuns()).toBe(1);
        expect(triggerPosts()).toHaveLength(kind === 'hang' ? 2 : 1);
        const again = await trigger(key);
        expect(again.res.body.queue.queueId).toBe(retry.res.body.queue.queueId);
        expect(await stagingRuns()).toBe(1);
      },
    );
  });
});

describe('the circuit breaker under faults', () => {
  let env: JenkinsTestBackend;
  const path = `${PAYMENTS}/jobs/${jobPath(STAGING).split('/jobs/')[1]}/builds`;

  beforeEach(async () => {
    env = await startJenkinsTestBackend({
      timeouts: {
        requestTimeoutMs: TIMEOUT_MS,
        cacheTtlSeconds: 0,
        retries: { maxAttempts: 1 },
      },
      instance: {
        circuitBreaker: { failureThreshold: 2, resetAfterMs: 300 },
      },
    });
  });
  afterEach(async () => {
    await env?.close();
  });

  it('lets exactly one trial call through when half-open', async () => {
    const failing = env.sim.control.injectFault({
      path: STAGING_API,
      kind: 'status',
      status: 500,
    });
    expect((await env.get(path)).status).toBe(502);
    expect((await env.get(path)).status).toBe(502);
    env.sim.control.removeFault(failing);
    await new Promise(resolve => setTimeout(resolve, 400));
    // The trial is slow, so that the others arrive while it is in flight.
    env.sim.control.injectFault({
      path: STAGING_API,
      kind: 'latency',
      latencyMs: 300,
      times: 1,
    });
    env.sim.control.clearRequests();
    // Four different views: identical reads would be coalesced into one.
    const { res: answers, elapsed } = await timed(() =>
      Promise.all(
        [1, 2, 3, 4].map(limit =>
          env.get(`${path}?limit=${limit}`).then(r => r),
        ),
      ),
    );
    const statuses = answers.map(r => r.status).sort();
    expect(statuses).toEqual([200, 502, 502, 502]);
    for (const refused of answers.filter(r => r.status === 502)) {
      expect(refused.body.error.message).toMatch(
        /^Jenkins instance 'default' is unreachable/,
      );
    }
    expect(
      env.jenkinsRequests().filter(r => r.path.endsWith('/api/json')),
    ).toHaveLength(1);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
    // Closed again: the next call goes through.
    expect((await env.get(path)).status).toBe(200);
  });

  it("does not count the caller's own bad requests as failures", async () => {
    // Builds that do not exist: Jenkins answers 404, the caller asked wrongly.
    for (let i = 0; i < 3; i++) {
      expect((await env.get(`${path}/99999`)).status).toBe(404);
    }
    env.sim.control.clearRequests();
    expect((await env.get(path)).status).toBe(200);
    expect(env.jenkinsRequests()).not.toEqual([]);
  });
});
