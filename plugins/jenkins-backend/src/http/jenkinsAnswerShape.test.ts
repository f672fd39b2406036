import {
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

/**
 * Jenkins (or a proxy or plugin answering for it) may send well-formed JSON
 * of a shape its API never has. Every answer is checked at the gateway, so
 * the caller gets a 502 that names the instance, the call and what was
 * wrong — never a 500 from a mapper tripping over it.
 */
describe('Jenkins answers of the wrong shape', () => {
  let env: JenkinsTestBackend;

  const STAGING = jobIdOf('payments/deploy-staging');
  const FAST_REFUNDS = jobIdOf(
    'payments/payments-service/feature%2Ffast-refunds',
  );
  const STAGING_JSON = '^/job/payments/job/deploy-staging/api/json$';
  const FAST_REFUNDS_BUILD =
    '^/job/payments/job/payments-service/job/feature[^/]*fast-refunds/30';

  beforeAll(async () => {
    env = await startJenkinsTestBackend({
      // The shape of an answer does not depend on who asked.
      strategy: 'service-account',
      timeouts: { cacheTtlSeconds: 0 },
      // Keep the breaker out of the way: every case is judged on its own.
      instance: { circuitBreaker: { failureThreshold: 1000 } },
    });
  });
  afterAll(async () => {
    await env?.close();
  });
  afterEach(() => {
    env.sim.control.clearFaults();
  });

  function answer(path: string, body: unknown) {
    env.sim.control.injectFault({
      path,
      kind: 'json',
      body: JSON.stringify(body),
    });
  }

  /** The message of the 502 the API answered to `path`. */
  async function badGatewayMessage(path: string): Promise<string> {
    const res = await env.get(path);
    expect(res.status).toBe(502);
    expect(res.body.error.name).toBe('JenkinsBadResponseError');
    expect(res.body.error.message).toMatch(
      /^Jenkins instance 'default' gave a malformed answer to /,
    );
    return res.body.error.message;
  }

  it('answers 502 when a job lists its branches as an object', async () => {
    answer('^/job/payments/job/payments-service/api/json$', {
      _class:
        'org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject',
      jobs: { main: {} },
    });
    expect(await badGatewayMessage(`${PAYMENTS}/jobs`)).toMatch(
      /read job payments\/payments-service: `jobs` is an object, not a list/,
    );
  });

  it('answers 502 when `builds` is a string', async () => {
    answer(STAGING_JSON, { builds: 'many' });
    expect(
      await badGatewayMessage(`${PAYMENTS}/jobs/${STAGING}/builds`),
    ).toMatch(
      /read job payments\/deploy-staging: `builds` is a string, not a list/,
    );
  });

  it('answers 502 when a build in the list has no number', async () => {
    answer(STAGING_JSON, { builds: [{ result: 'SUCCESS', timestamp: 1 }] });
    expect(
      await badGatewayMessage(`${PAYMENTS}/jobs/${STAGING}/builds`),
    ).toMatch(/`builds\[0\]\.number` is missing \(expected a number\)/);
  });

  it('answers 502 when a build is not an object', async () => {
    answer(`${FAST_REFUNDS_BUILD}/api/json$`, ['not', 'a', 'build']);
    expect(
      await badGatewayMessage(`${PAYMENTS}/jobs/${FAST_REFUNDS}/builds/30`),
    ).toMatch(/read build .*#30: the answer is a list, not an object/);
  });

  it("answers 502 when a build's number is text", async () => {
    answer(`${FAST_REFUNDS_BUILD}/api/json$`, { number: 'thirty' });
    expect(
      await badGatewayMessage(`${PAYMENTS}/jobs/${FAST_REFUNDS}/builds/30`),
    ).toMatch(/`number` is a string, not a number/);
  });

  it('answers 502 when the stages (wfapi) are not a list', async () => {
    answer(`${FAST_REFUNDS_BUILD}/wfapi/describe$`, { stages: 'Build,Test' });
    expect(
      await badGatewayMessage(`${PAYMENTS}/jobs/${FAST_REFUNDS}/builds/30`),
    ).toMatch(/read stages of .*#30: `stages` is a string, not a list/);
  });

  it("answers 502 when a test report's suites are not a list", async () => {
    answer(`${FAST_REFUNDS_BUILD}/testReport/api/json$`, {
      failCount: 2,
      suites: { cases: [] },
    });
    expect(
      await badGatewayMessage(`${PAYMENTS}/jobs/${FAST_REFUNDS}/builds/30`),
    ).toMatch(
      /read the test report of .*#30: `suites` is an object, not a list/,
    );
  });

  it('answers 502 when a started queue item names no build number', async () => {
    answer('^/queue/item/\\d+/api/json$', {
      _class: 'hudson.model.Queue$LeftItem',
      executable: { url: 'http://jenkins/job/x/1/' },
    });
    expect(
      await badGatewayMessage(`${PAYMENTS}/jobs/${STAGING}/queue/7`),
    ).toMatch(/read queue item 7: `executable\.number` is missing/);
  });

  it('still answers well-shaped JSON with nulls where Jenkins exports them', async () => {
    answer(STAGING_JSON, {
      _class: 'org.jenkinsci.plugins.workflow.job.WorkflowJob',
      builds: [
        {
          number: 3,
          result: null,
          building: true,
          displayName: null,
          actions: [null, {}],
        },
      ],
    });
    const res = await env.get(`${PAYMENTS}/jobs/${STAGING}/builds`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ number: 3, status: 'running' }),
    ]);
  });
});
