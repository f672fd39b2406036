import {
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(30_000);

const STAGING = jobIdOf('payments/deploy-staging');
const TIMEOUT_MS = 1000;

describe('the read API when Jenkins misbehaves', () => {
  let env: JenkinsTestBackend;

  beforeEach(async () => {
    env = await startJenkinsTestBackend({
      timeouts: { requestTimeoutMs: TIMEOUT_MS },
      instance: {
        // Keep the breaker out of the way: every case starts closed.
        circuitBreaker: { failureThreshold: 100 },
      },
    });
  });
  afterEach(async () => {
    await env.close();
  });

  async function timed(path: string) {
    const started = Date.now();
    const res = await env.get(path);
    return { res, elapsed: Date.now() - started };
  }

  it('answers 502 naming the instance when Jenkins is down', async () => {
    await env.sim.close();
    const { res, elapsed } = await timed(`${PAYMENTS}/jobs`);
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(
      /^Jenkins instance 'default' is unreachable/,
    );
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it('answers 504 when Jenkins is slower than the timeout', async () => {
    env.sim.control.injectFault({
      path: '^/job/payments/job/deploy-staging/api/json',
      kind: 'latency',
      latencyMs: 5000,
    });
    const { res, elapsed } = await timed(`${PAYMENTS}/jobs/${STAGING}/builds`);
    expect(res.status).toBe(504);
    expect(res.body.error.message).toMatch(
      /^Jenkins instance 'default' did not answer read job payments\/deploy-staging within 1000 ms/,
    );
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it('answers 504 when Jenkins hangs', async () => {
    env.sim.control.injectFault({ path: '/wfapi/', kind: 'hang' });
    const { res, elapsed } = await timed(
      `${PAYMENTS}/jobs/${STAGING}/builds/40`,
    );
    expect(res.status).toBe(504);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it('answers 502 when Jenkins fails with 500, after retrying the read', async () => {
    env.sim.control.injectFault({
      path: '^/job/payments/job/deploy-staging/api/json',
      kind: 'status',
      status: 500,
    });
    const { res, elapsed } = await timed(`${PAYMENTS}/jobs/${STAGING}/builds`);
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(/HTTP 500/);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
    expect(
      env.jenkinsRequests().filter(r => r.path.endsWith('/api/json')),
    ).toHaveLength(2);
  });

  it('recovers when one retry of the read succeeds', async () => {
    env.sim.control.injectFault({
      path: '^/job/payments/job/deploy-staging/api/json',
      kind: 'status',
      status: 503,
      times: 1,
    });
    const { res } = await timed(`${PAYMENTS}/jobs/${STAGING}/builds`);
    expect(res.status).toBe(200);
  });

  it('answers 502 when Jenkins sends malformed JSON', async () => {
    env.sim.control.injectFault({
      path: '^/job/payments/job/deploy-staging/api/json',
      kind: 'malformed',
    });
    const { res, elapsed } = await timed(`${PAYMENTS}/jobs/${STAGING}/builds`);
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(/malformed/);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it('answers 502 when Jenkins resets the connection', async () => {
    env.sim.control.injectFault({
      path: '/logText/',
      kind: 'reset',
    });
    const { res, elapsed } = await timed(
      `${PAYMENTS}/jobs/${STAGING}/builds/40/log`,
    );
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(/unreachable/);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it('answers 404 when the job is gone from Jenkins', async () => {
    env.sim.control.injectFault({
      path: '^/job/payments/job/deploy-staging/',
      kind: 'status',
      status: 404,
    });
    const res = await env.get(`${PAYMENTS}/jobs/${STAGING}/builds`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/payments\/deploy-staging/);
  });
});

describe('the circuit breaker', () => {
  it('stops calling a failing instance and answers at once that it is unreachable', async () => {
    const env = await startJenkinsTestBackend({
      timeouts: { retries: { maxAttempts: 1 } },
      instance: {
        circuitBreaker: { failureThreshold: 2, resetAfterMs: 60_000 },
      },
    });
    try {
      env.sim.control.injectFault({
        path: '/api/json',
        kind: 'status',
        status: 500,
      });
      const path = `${PAYMENTS}/jobs/${STAGING}/builds`;
      expect((await env.get(path)).status).toBe(502);
      expect((await env.get(path)).status).toBe(502);
      const open = await env.get(path);
      expect(open.status).toBe(502);
      expect(open.body.error.message).toMatch(
        /^Jenkins instance 'default' is unreachable: 2 calls in a row failed/,
      );
      expect(env.jenkinsRequests()).toHaveLength(2);
    } finally {
      await env.close();
    }
  });
});
