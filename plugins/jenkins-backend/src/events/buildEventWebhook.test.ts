import { TestDatabases } from '@backstage/backend-test-utils';
import { DefaultEventsService } from '@backstage/plugin-events-node';
import { mockServices } from '@backstage/backend-test-utils';
import { startJenkinsSim } from '@internal/jenkins-sim';
import knexFactory from 'knex';
import {
  JenkinsTestBackend,
  PAYMENTS,
  STAGING,
  startJenkinsTestBackend,
  TEST_WEBHOOK_SECRET,
  jobIdOf,
} from '../__testUtils__/JenkinsTestBackend';
import { JenkinsEventsPayload } from './BuildEventHub';
import { notification } from '../__testUtils__/notificationBody';

jest.setTimeout(60_000);

/** What the plugin publishes on topic `jenkins` of this events service. */
async function published(
  events: DefaultEventsService,
): Promise<JenkinsEventsPayload[]> {
  const seen: JenkinsEventsPayload[] = [];
  await events.subscribe({
    id: `test-${Math.random()}`,
    topics: ['jenkins'],
    onEvent: async params => {
      seen.push(params.eventPayload as JenkinsEventsPayload);
    },
  });
  return seen;
}

describe('the build-event webhook', () => {
  let stack: JenkinsTestBackend;
  let seen: JenkinsEventsPayload[];

  beforeAll(async () => {
    stack = await startJenkinsTestBackend();
    seen = await published(stack.eventsService);
  });
  afterAll(() => stack?.close());
  beforeEach(() => {
    seen.length = 0;
  });

  it('refuses a delivery without the secret with 401', async () => {
    const res = await stack.sendBuildEvent(
      notification(STAGING, 1, 'STARTED'),
      {
        secret: null,
      },
    );
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/webhook secret/);
    expect(seen).toEqual([]);
  });

  it('refuses a wrong Basic password or Bearer token with 401', async () => {
    const wrong = await stack.sendBuildEvent(
      notification(STAGING, 1, 'STARTED'),
      {
        secret: `${TEST_WEBHOOK_SECRET}x`,
      },
    );
    expect(wrong.status).toBe(401);
    const bearer = await stack.api
      .post('/api/jenkins/v1/instances/default/events')
      .set('Authorization', 'Bearer not-the-secret')
      .send(notification(STAGING, 1, 'STARTED'));
    expect(bearer.status).toBe(401);
    expect(seen).toEqual([]);
  });

  it('accepts the secret as the Basic password, with any user name', async () => {
    const res = await stack.sendBuildEvent(
      notification(STAGING, 101, 'STARTED'),
    );
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'handled' });
  });

  it('accepts the secret as a Bearer token', async () => {
    const res = await stack.api
      .post('/api/jenkins/v1/instances/default/events')
      .set('Authorization', `Bearer ${TEST_WEBHOOK_SECRET}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(notification(STAGING, 102, 'STARTED')));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'handled' });
  });

  it('answers 400 with a message to malformed JSON and to another shape', async () => {
    const malformed = await stack.sendBuildEvent('{"name": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/not valid JSON/);
    const shape = await stack.sendBuildEvent({ name: 'deploy-staging' });
    expect(shape.status).toBe(400);
    expect(shape.body.error.message).toMatch(/url/);
    const path = await stack.sendBuildEvent({
      ...notification(STAGING, 1, 'STARTED'),
      url: 'job/payments/job/../job/deploy-production/',
    });
    expect(path.status).toBe(400);
    expect(seen).toEqual([]);
  });

  it('answers 413 to a body over 256 KB', async () => {
    const body = {
      ...notification(STAGING, 1, 'COMPLETED', 'SUCCESS'),
      padding: 'x'.repeat(256 * 1024),
    };
    const res = await stack.sendBuildEvent(body);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/256 KB/);
  });

  it('answers 404 for an instance that is not configured', async () => {
    const res = await stack.sendBuildEvent(
      notification(STAGING, 1, 'STARTED'),
      {
        instance: 'elsewhere',
      },
    );
    expect(res.status).toBe(404);
  });

  it('accepts and ignores an event for a job no entity annotates', async () => {
    const res = await stack.sendBuildEvent(
      notification('payments/not-annotated', 5, 'COMPLETED', 'FAILURE'),
    );
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'ignored' });
    expect(seen).toEqual([]);
  });

  it('publishes the event on topic jenkins with the annotating entities', async () => {
    const res = await stack.sendBuildEvent(
      notification(STAGING, 103, 'COMPLETED', 'FAILURE'),
    );
    expect(res.status).toBe(202);
    expect(seen).toEqual([
      {
        event: {
          id: 'default:payments/deploy-staging:103:COMPLETED',
          instance: 'default',
          jobFullName: STAGING,
          buildNumber: 103,
          queueId: 41,
          phase: 'COMPLETED',
          result: 'FAILURE',
          buildUrl: `http://jenkins.example.com/job/payments/job/deploy-staging/103/`,
          timestampMs: 1_700_000_000_000,
          durationMs: 41_000,
          requestId: 'req-1',
          source: 'webhook',
        },
        entities: [
          {
            entityRef: 'component:default/payments-service',
            jobId: jobIdOf(STAGING),
            ownerRefs: ['group:default/team-payments'],
            annotatedFullName: STAGING,
          },
        ],
        environment: 'staging',
      },
    ]);
  });

  it('matches the job ignoring case, keeping the annotation spelling', async () => {
    await stack.sendBuildEvent(
      notification('Payments/Deploy-Staging', 104, 'STARTED'),
    );
    expect(seen.map(p => p.entities[0].jobId)).toEqual([jobIdOf(STAGING)]);
  });

  it('handles a redelivered event once', async () => {
    const body = notification(STAGING, 105, 'FINALIZED', 'SUCCESS');
    const first = await stack.sendBuildEvent(body);
    const second = await stack.sendBuildEvent(body);
    expect([first.body.status, second.body.status]).toEqual([
      'handled',
      'duplicate',
    ]);
    expect(seen).toHaveLength(1);
  });

  it("drops the job's cached views, so the next read asks Jenkins", async () => {
    const builds = `${PAYMENTS}/jobs/${jobIdOf(STAGING)}/builds`;
    const jenkinsReads = () =>
      stack
        .jenkinsRequests()
        .filter(r => r.path.includes('/job/deploy-staging/')).length;
    expect((await stack.get(builds)).status).toBe(200);
    const afterFirst = jenkinsReads();
    expect((await stack.get(builds)).status).toBe(200);
    // cached: Jenkins was not asked again
    expect(jenkinsReads()).toBe(afterFirst);
    await stack.sendBuildEvent(notification(STAGING, 106, 'STARTED'));
    expect((await stack.get(builds)).status).toBe(200);
    expect(jenkinsReads()).toBeGreaterThan(afterFirst);
  });
});

describe('the webhook of an instance without a secret', () => {
  it('is off: 404, saying why', async () => {
    const stack = await startJenkinsTestBackend({ buildEvents: {} });
    try {
      const res = await stack.sendBuildEvent(
        notification(STAGING, 1, 'STARTED'),
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/no events.webhookSecret/);
    } finally {
      await stack.close();
    }
  });
});

describe('build events across backend replicas', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'handles one event sent to two backends sharing %s once',
    async databaseId => {
      const poolA = await databases.init(databaseId);
      const poolB = knexFactory(poolA.client.config);
      const sim = await startJenkinsSim({
        port: 0,
        scenario: 'demo',
        virtualClock: true,
      });
      // Both replicas publish on one events service, as with the events
      // backend's bus, so one handling shows as one publication.
      const eventsService = DefaultEventsService.create({
        logger: mockServices.logger.mock(),
        useEventBus: 'never',
      });
      const seen = await published(eventsService);
      const stacks: JenkinsTestBackend[] = [];
      try {
        for (const knex of [poolA, poolB]) {
          stacks.push(
            await startJenkinsTestBackend({ knex, sim, eventsService }),
          );
        }
        const body = notification(STAGING, 7, 'COMPLETED', 'SUCCESS');
        const answers = await Promise.all(
          stacks.map(stack => stack.sendBuildEvent(body)),
        );
        expect(answers.map(a => a.status)).toEqual([202, 202]);
        expect(answers.map(a => a.body.status).sort()).toEqual([
          'duplicate',
          'handled',
        ]);
        expect(seen).toHaveLength(1);
      } finally {
        for (const stack of stacks) {
          await stack.stop();
        }
        await sim.close();
        await poolB.destroy();
      }
    },
  );
});
