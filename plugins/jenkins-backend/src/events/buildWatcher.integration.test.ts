import { DefaultEventsService } from '@backstage/plugin-events-node';
import {
  as,
  JenkinsTestBackend,
  jobPath,
  STAGING,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';
import { JenkinsEventsPayload } from './BuildEventHub';

jest.setTimeout(60_000);

async function published(
  events: DefaultEventsService,
): Promise<JenkinsEventsPayload[]> {
  const seen: JenkinsEventsPayload[] = [];
  await events.subscribe({
    id: 'watcher-test',
    topics: ['jenkins'],
    onEvent: async params => {
      seen.push(params.eventPayload as JenkinsEventsPayload);
    },
  });
  return seen;
}

const WATCHER = 'jenkins-build-watcher-default';

describe('the build watcher (no webhook)', () => {
  let stack: JenkinsTestBackend;

  beforeAll(async () => {
    stack = await startJenkinsTestBackend({
      timeouts: { cacheTtlSeconds: 0 },
      buildEvents: {
        poll: { frequency: { seconds: 1 }, runAs: { user: 'admin' } },
      },
    });
  });
  afterAll(() => stack?.close());

  it('runs on one replica at a time (global scope)', async () => {
    const tasks = await stack.scheduler.getScheduledTasks();
    expect(tasks.find(task => task.id === WATCHER)?.scope).toBe('global');
  });

  it('turns a build Jenkins runs into STARTED, then COMPLETED and FINALIZED events', async () => {
    const seen = await published(stack.eventsService);
    const watcherReads = () =>
      stack
        .jenkinsRequests()
        .filter(
          r =>
            r.user === 'admin' &&
            r.path.includes('/job/deploy-staging/api/json'),
        ).length;
    // The first round only records what is there: history is no news.
    const round = () => stack.scheduler.triggerTask(WATCHER);
    await round();
    expect(watcherReads()).toBe(1);
    expect(seen).toEqual([]);

    const trigger = await stack.api
      .post(`${jobPath(STAGING)}/builds`)
      .set(as('alice'))
      .send({ parameters: { VERSION: '9.9.9' } });
    expect(trigger.status).toBe(202);
    stack.sim.control.advance(6_000);
    await round();
    const [started] = seen;
    expect(started.event).toMatchObject({
      instance: 'default',
      jobFullName: STAGING,
      phase: 'STARTED',
      source: 'watcher',
      requestId: trigger.body.requestId,
    });
    expect(started.entities.map(e => e.entityRef)).toEqual([
      'component:default/payments-service',
    ]);

    stack.sim.control.advance(30 * 60_000);
    await round();
    expect(seen.map(p => [p.event.buildNumber, p.event.phase])).toEqual([
      [started.event.buildNumber, 'STARTED'],
      [started.event.buildNumber, 'COMPLETED'],
      [started.event.buildNumber, 'FINALIZED'],
    ]);
    expect(seen[1].event.result).toEqual(expect.any(String));
    // Later rounds see the same build and announce nothing new.
    await round();
    expect(watcherReads()).toBe(4);
    expect(seen).toHaveLength(3);
  });
});
