import {
  activityPageSchema,
  AuditEntry,
  triggerResponseSchema,
} from '@internal/plugin-jenkins-common';
import {
  as,
  ENTITY_PATH,
  JenkinsTestBackend,
  jobPath,
  STAGING,
  startJenkinsTestBackend,
  TEST_WEBHOOK_SECRET,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

const BUILD_PATH = '/job/payments/job/deploy-staging';

/**
 * Runs started from Backstage, told back by Jenkins: the simulator posts
 * the Notification plugin's JSON for every phase to the real webhook
 * (jenkinsci/notification-plugin: QUEUED and STARTED when the build starts,
 * COMPLETED and FINALIZED when it ends), and nobody reads the build through
 * Backstage in between.
 */
describe('build outcomes and labels from build events', () => {
  let stack: JenkinsTestBackend;

  beforeAll(async () => {
    stack = await startJenkinsTestBackend({});
    // Not reset between tests: Jenkins never numbers two builds of a job
    // alike, and the backend handles each build's transition once.
    const host = new URL(stack.backendUrl).host;
    stack.sim.control.setNotificationEndpoints(STAGING, [
      {
        url: `http://backstage:${TEST_WEBHOOK_SECRET}@${host}/api/jenkins/v1/instances/default/events`,
        event: 'all',
      },
    ]);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(() => {
    stack.sim.control.clearRequests();
    stack.sim.control.clearNotifications();
  });

  async function activityEntry(requestId: string): Promise<AuditEntry> {
    const res = await stack.api
      .get(`${ENTITY_PATH}/activity?limit=100`)
      .set(as('alice'));
    expect(res.status).toBe(200);
    const entry = activityPageSchema
      .parse(res.body)
      .items.find(i => i.requestId === requestId);
    expect(entry).toBeDefined();
    return entry!;
  }

  it("shows how alice's run ended and labels its build, though nobody polled it", async () => {
    const res = await stack.api
      .post(`${jobPath(STAGING)}/builds`)
      .set(as('alice'))
      .send({ parameters: { VERSION: '2.5.0' } });
    expect(res.status).toBe(202);
    const { requestId, queue } = triggerResponseSchema.parse(res.body);
    expect(queue.state).toBe('waiting');
    expect((await activityEntry(requestId)).build).toBeUndefined();
    stack.sim.control.clearRequests();

    // Past the quiet period: the build starts and Jenkins says so.
    stack.sim.control.advance(6_000);
    await stack.sim.control.notificationsSettled();
    const started = stack.sim.control.notifications({
      job: STAGING,
      phase: 'STARTED',
    });
    expect(started).toEqual([
      expect.objectContaining({ outcome: 'delivered', status: 202 }),
    ]);
    const number = started[0].number;
    expect((await activityEntry(requestId)).build).toEqual({ number });
    // Labelled on STARTED, as alice, before the build finished.
    expect(
      stack.posts().filter(p => p.path.endsWith('/submitDescription')),
    ).toEqual([
      expect.objectContaining({
        path: `${BUILD_PATH}/${number}/submitDescription`,
        user: 'alice',
        // Jenkins' Run#doSubmitDescription answers with a redirect to the build.
        status: 302,
      }),
    ]);

    // Its three stages take 47 s.
    stack.sim.control.advance(60_000);
    await stack.sim.control.notificationsSettled();
    const entry = await activityEntry(requestId);

    // Backstage never asked Jenkins about the queue item or the build.
    const backstageReads = stack.sim.control
      .requests()
      .filter(r => r.method === 'GET')
      .map(r => r.path)
      .filter(
        path => path.startsWith('/queue/') || path.startsWith(`${BUILD_PATH}/`),
      );
    expect(backstageReads).toEqual([]);

    const build = await stack.jenkinsGet(
      `${BUILD_PATH}/${number}/api/json?tree=description,result,duration`,
    );
    expect(build.result).toBe('SUCCESS');
    expect(entry.build).toEqual({
      number,
      result: 'SUCCESS',
      durationMs: build.duration,
    });
    expect(build.description).toContain('Started from Backstage by Alice');
    expect(build.description).toContain(requestId);
    expect(
      stack.posts().filter(p => p.path.endsWith('/submitDescription')),
    ).toHaveLength(1);
  });

  it('gives a rebuild the outcome of the new build, not of the one it repeats', async () => {
    const first = await stack.api
      .post(`${jobPath(STAGING)}/builds`)
      .set(as('alice'))
      .send({ parameters: { VERSION: '2.6.0' } });
    stack.sim.control.advance(6_000);
    stack.sim.control.advance(60_000);
    await stack.sim.control.notificationsSettled();
    const original = (await activityEntry(first.body.requestId)).build!;
    expect(original.result).toBe('SUCCESS');

    const res = await stack.api
      .post(`${jobPath(STAGING)}/builds/${original.number}/rebuild`)
      .set(as('alice'))
      // Password parameters are never replayed: they are supplied again.
      .send({ parameters: { SMOKE_TEST_TOKEN: 'token' } });
    expect(res.status).toBe(202);
    const { requestId } = triggerResponseSchema.parse(res.body);
    stack.sim.control.advance(6_000);
    stack.sim.control.advance(60_000);
    await stack.sim.control.notificationsSettled();

    const rebuild = await activityEntry(requestId);
    expect(rebuild.action).toBe('rebuild');
    expect(rebuild.build).toEqual({
      number: original.number + 1,
      result: 'SUCCESS',
      durationMs: expect.any(Number),
    });
    expect((await activityEntry(first.body.requestId)).build).toEqual(original);
  });

  it('records the outcome in the compliance export, after `via` in each CSV row', async () => {
    const res = await stack.api
      .post(`${jobPath(STAGING)}/builds`)
      .set(as('alice'))
      .send({ parameters: { VERSION: '2.5.1' } });
    expect(res.status).toBe(202);
    const { requestId } = triggerResponseSchema.parse(res.body);
    stack.sim.control.advance(6_000);
    await stack.sim.control.notificationsSettled();
    stack.sim.control.advance(60_000);
    await stack.sim.control.notificationsSettled();
    const { number, body } = stack.sim.control.notifications({
      job: STAGING,
      phase: 'FINALIZED',
    })[0];
    const duration = (body as { build: { duration: number } }).build.duration;

    const ndjson = await stack.api
      .get('/api/jenkins/v1/audit?format=ndjson')
      .set(as('alice'));
    // Only holders of jenkins.audit.read export; the test policy allows all.
    expect(ndjson.status).toBe(200);
    const exported = ndjson.text
      .trimEnd()
      .split('\n')
      .map(line => JSON.parse(line) as AuditEntry)
      .find(e => e.requestId === requestId);
    expect(exported?.build).toEqual({
      number,
      result: 'SUCCESS',
      durationMs: duration,
    });

    const csv = await stack.api
      .get('/api/jenkins/v1/audit?format=csv')
      .set(as('alice'));
    const row = csv.text.split('\r\n').find(line => line.includes(requestId));
    // Right after `via`; later columns (environment, client) come after.
    expect(row).toContain(`,${requestId},http,${number},SUCCESS,${duration},`);
  });
});
