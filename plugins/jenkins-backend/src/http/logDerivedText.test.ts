import { buildDetailSchema } from '@internal/plugin-jenkins-common';
import {
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

/**
 * A failed test's error details and a stage's error message are text from
 * the build's log (JUnit's captured failure message, the failing step's
 * error). `jenkins.job.read` shows a build; only `jenkins.build.logs.read`
 * shows its log text, wherever it appears.
 */
describe('log-derived text in a build', () => {
  let env: JenkinsTestBackend;
  const VIEWER = 'user:default/viewer';
  // feature/fast-refunds #30: the Test stage failed, with two failed tests.
  const BUILD = `${PAYMENTS}/jobs/${jobIdOf(
    'payments/payments-service/feature%2Ffast-refunds',
  )}/builds/30`;

  beforeAll(async () => {
    env = await startJenkinsTestBackend({
      strategy: 'service-account',
      // The viewer may read jobs, not logs; everyone else anything.
      policy: (permission, userRef) =>
        userRef === VIEWER && permission === 'jenkins.build.logs.read'
          ? 'deny'
          : 'allow',
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('is shown to a caller who may read logs', async () => {
    const res = await env.get(BUILD);
    expect(res.status).toBe(200);
    const build = buildDetailSchema.parse(res.body);
    expect(build.canReadLogs).toEqual({ allowed: true });
    expect(build.stages.find(s => s.name === 'Test')!.error).toBe(
      'script returned exit code 1',
    );
    expect(build.failedTests).toHaveLength(2);
    for (const test of build.failedTests) {
      expect(test.errorDetails).toEqual(expect.any(String));
    }
  });

  it('is withheld from a caller who may read the job but not its logs', async () => {
    const res = await env.get(BUILD, VIEWER);
    expect(res.status).toBe(200);
    const build = buildDetailSchema.parse(res.body);
    expect(build.canReadLogs).toEqual({
      allowed: false,
      reason: expect.stringMatching(
        /does not allow jenkins\.build\.logs\.read on payments\/payments-service\/feature%2Ffast-refunds/,
      ),
    });
    // What failed stays visible; what the log said does not.
    expect(build.stages.map(s => [s.name, s.status, s.error])).toEqual([
      ['Checkout', 'success', null],
      ['Build', 'success', null],
      ['Test', 'failure', null],
    ]);
    expect(build.failedTests).toHaveLength(2);
    for (const test of build.failedTests) {
      expect(test).toEqual({
        name: expect.any(String),
        className: expect.stringMatching(/^com\.example\.payments\./),
        errorDetails: null,
        // Where the test was recorded is no log text: it stays.
        stageIds: [expect.stringMatching(/^[0-9]+$/)],
        stepId: expect.stringMatching(/^[0-9]+$/),
      });
    }
    expect(JSON.stringify(res.body)).not.toMatch(/exit code|expected/i);
  });
});
