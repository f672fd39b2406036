import { startJenkinsSim } from '@internal/jenkins-sim';
import {
  as,
  ENTITY_PATH,
  jobPath,
  STAGING,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

/**
 * The audit trail records what Jenkins really answered a write — its own
 * HTTP status, or none when the request never reached it — apart from the
 * Backstage outcome.
 */
describe('the audit trail of a write records what Jenkins answered', () => {
  it.each([500, 503])(
    'stores the %i Jenkins answered a trigger with, and answers 502',
    async status => {
      const stack = await startJenkinsTestBackend({ policy: 'allow-all' });
      try {
        stack.sim.control.injectFault({
          path: '^/job/payments/job/deploy-staging/build(WithParameters)?$',
          method: 'POST',
          kind: 'status',
          status,
          body: 'Jenkins broke',
        });
        const res = await stack.api
          .post(`${jobPath(STAGING)}/builds`)
          .set(as('alice'))
          .send({ parameters: { VERSION: '1.2.3' } });
        expect(res.status).toBe(502);
        // What the simulator really sent, from its own request log.
        expect(stack.posts().map(p => p.status)).toContain(status);

        const activity = await stack.api
          .get(`${ENTITY_PATH}/activity?limit=1`)
          .set(as('alice'));
        expect(activity.body.items[0]).toMatchObject({
          action: 'trigger',
          decision: 'allow',
          outcome: 'failure',
          jenkinsStatus: status,
        });
      } finally {
        await stack.close();
      }
    },
  );

  it('stores no Jenkins status and outcome unreachable when the write never reached Jenkins', async () => {
    const sim = await startJenkinsSim({
      port: 0,
      scenario: 'demo',
      virtualClock: true,
    });
    // A cache keeps the job's parameter definitions, so the write itself is
    // the first request that finds Jenkins gone.
    const stack = await startJenkinsTestBackend({
      policy: 'allow-all',
      sim,
      timeouts: { cacheTtlSeconds: 60 },
    });
    try {
      const invalid = await stack.api
        .post(`${jobPath(STAGING)}/builds`)
        .set(as('alice'))
        .send({ parameters: { NO_SUCH_PARAMETER: 'x' } });
      expect(invalid.status).toBe(400);
      await sim.close();

      const res = await stack.api
        .post(`${jobPath(STAGING)}/builds`)
        .set(as('alice'))
        .send({ parameters: { VERSION: '1.2.3' } });
      expect(res.status).toBe(502);
      expect(res.body.error.message).toMatch(/unreachable/);

      const activity = await stack.api
        .get(`${ENTITY_PATH}/activity?limit=1`)
        .set(as('alice'));
      expect(activity.body.items[0]).toMatchObject({
        action: 'trigger',
        decision: 'allow',
        outcome: 'unreachable',
        jenkinsStatus: null,
      });
    } finally {
      await stack.close();
    }
  });
});
