import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { simHttp, token } from './simHttp';
import { WebhookReceiver } from './webhookReceiver';

/*
 * Notification-plugin webhooks, following jenkinsci/notification-plugin
 * 1.19 (commit 720ea449): `JobListener` (QUEUED + STARTED in onStarted,
 * COMPLETED in onCompleted, FINALIZED in onFinalized; no queue listener),
 * `Phase#handle` / `#isRun` / `#buildJobState` (the retry loop whose
 * `failed` flag is never reset), `model/JobState`, `BuildState`,
 * `ScmState`, `TestState` serialised by `Format.JSON` (Gson,
 * LOWER_CASE_WITH_UNDERSCORES, nulls omitted, HTML-safe escapes), and
 * `Protocol.HTTP#send` (user info → `Authorization: Basic`, status not
 * checked except a 307).
 */
const START = Date.parse('2026-01-15T09:00:00Z');

function scenario(hook: string) {
  const endpoint = { url: `http://${hook}/hook` };
  return {
    name: 'notify',
    startTime: '2026-01-15T09:00:00Z',
    queue: { quietPeriodSeconds: 5, executors: 2 },
    users: [{ id: 'admin', apiTokens: ['admin-token'] }],
    roles: {
      global: [
        {
          name: 'admin',
          permissions: ['Overall/Administer'],
          users: ['admin'],
        },
      ],
    },
    jobs: [
      {
        name: 'team/ok',
        type: 'pipeline',
        parameters: [
          { name: 'VERSION', type: 'string', default: 'a=b' },
          { name: 'DRY_RUN', type: 'boolean', default: false },
          { name: 'TOKEN', type: 'password', default: 's3cret' },
        ],
        stages: [
          { name: 'Build', durationSeconds: 30, log: ['+ make', 'done'] },
        ],
        git: { remote: 'https://git.example.com/ok.git', branch: 'main' },
        tests: { total: 10, suite: 'com.example.OkTest' },
        notifications: [endpoint],
      },
      {
        name: 'team/broken',
        type: 'pipeline',
        stages: [{ name: 'Build', durationSeconds: 10, result: 'FAILURE' }],
        tests: { total: 10, failingCases: ['com.example.PayTest#refunds'] },
        notifications: [endpoint],
      },
      { name: 'team/quiet', type: 'freestyle' },
    ],
  };
}

describe('Notification-plugin webhooks', () => {
  let sim: JenkinsSim;
  let hook: WebhookReceiver;
  const admin = { basic: token('admin') };

  const trigger = (job: string, path = 'build') =>
    simHttp(`${sim.url}/job/team/job/${job}/${path}`, {
      method: 'POST',
      ...admin,
    });
  const advance = async (ms: number) => {
    sim.control.advance(ms);
    await sim.control.notificationsSettled();
  };

  beforeAll(async () => {
    hook = await new WebhookReceiver().start();
    sim = await startJenkinsSim({
      port: 0,
      virtualClock: true,
      scenario: scenario(hook.host),
    });
  });
  afterAll(async () => {
    await sim.close();
    await hook.close();
  });
  beforeEach(() => {
    sim.control.reset();
    hook.clear();
  });

  it('sends QUEUED and STARTED when a build starts, COMPLETED and FINALIZED when it ends', async () => {
    expect((await trigger('ok', 'buildWithParameters')).status).toBe(201);
    await advance(4000);
    // No QueueListener: nothing while the item waits in the queue.
    expect(hook.received).toEqual([]);
    await advance(1000);
    expect(hook.phases()).toEqual(['ok#1 QUEUED', 'ok#1 STARTED']);
    const [queued, started] = hook.received.map(r => r.body.build);
    // QUEUED: now - Executor#getTimeSpentInQueue; STARTED: Run#getTimeInMillis.
    expect(queued.timestamp).toBe(START);
    expect(started.timestamp).toBe(START + 5000);
    expect(queued.status).toBeUndefined();
    expect(started.duration).toBe(0);
    await advance(29_000);
    expect(hook.received).toHaveLength(2);
    await advance(1000);
    expect(hook.phases()).toEqual([
      'ok#1 QUEUED',
      'ok#1 STARTED',
      'ok#1 COMPLETED',
      'ok#1 FINALIZED',
    ]);
    const [completed, finalized] = hook.received
      .slice(2)
      .map(r => r.body.build);
    expect(completed).toMatchObject({
      status: 'SUCCESS',
      timestamp: START + 35_000,
      duration: 30_000,
    });
    expect(finalized).toMatchObject({ status: 'SUCCESS', duration: 30_000 });
  });

  it('reports a failing build as FAILURE with its failed tests', async () => {
    await trigger('broken');
    await advance(5000 + 10_000);
    expect(hook.phases()).toEqual([
      'broken#1 QUEUED',
      'broken#1 STARTED',
      'broken#1 COMPLETED',
      'broken#1 FINALIZED',
    ]);
    const completed = hook.received[2].body.build;
    expect(completed.status).toBe('FAILURE');
    // junit's TestResult, as the build's test report shows it.
    const report = (
      await simHttp(
        `${sim.url}/job/team/job/broken/1/testReport/api/json`,
        admin,
      )
    ).json();
    expect(completed.test_summary).toEqual({
      total: report.passCount + report.failCount + report.skipCount,
      failed: report.failCount,
      passed: report.passCount,
      skipped: report.skipCount,
      failed_tests: ['com.example.PayTest.refunds'],
    });
    expect(hook.received[3].body.build.status).toBe('FAILURE');
  });

  it('sends the JobState shape of each phase, nulls omitted, as Gson writes it', async () => {
    await trigger('ok', 'buildWithParameters');
    await advance(5000 + 30_000);
    const [queued, started, completed] = hook.received;
    expect(queued.method).toBe('POST');
    expect(queued.path).toBe('/hook');
    expect(queued.headers['content-type']).toBe(
      'application/json;charset=UTF-8',
    );
    expect(queued.headers.authorization).toBeUndefined();
    // Gson's htmlSafe escapes '=' in strings.
    expect(queued.raw).toContain('"VERSION":"a\\u003db"');
    expect(Object.keys(queued.body)).toEqual([
      'name',
      'display_name',
      'url',
      'build',
    ]);
    expect(started.body).toEqual({
      name: 'ok',
      display_name: 'ok',
      url: 'job/team/job/ok/',
      build: {
        full_url: `${sim.url}/job/team/job/ok/1/`,
        number: 1,
        queue_id: 1000,
        timestamp: START + 5000,
        duration: 0,
        phase: 'STARTED',
        url: 'job/team/job/ok/1/',
        scm: { changes: [], culprits: [] },
        parameters: { VERSION: 'a=b', DRY_RUN: 'false' },
        log: '',
        artifacts: {},
      },
    });
    expect(Object.keys(completed.body.build)).toEqual([
      'full_url',
      'number',
      'queue_id',
      'timestamp',
      'duration',
      'phase',
      'status',
      'url',
      'scm',
      'parameters',
      'log',
      'test_summary',
      'artifacts',
    ]);
    expect(completed.body.build.scm).toEqual({
      url: 'https://git.example.com/ok.git',
      branch: 'origin/main',
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      changes: [],
      culprits: [],
    });
    const report = (
      await simHttp(`${sim.url}/job/team/job/ok/1/testReport/api/json`, admin)
    ).json();
    expect(completed.body.build.test_summary).toEqual({
      total: report.passCount + report.failCount + report.skipCount,
      failed: 0,
      passed: report.passCount,
      skipped: report.skipCount,
      failed_tests: [],
    });
  });

  it('sends the last loglines of the console when asked', async () => {
    sim.control.setNotificationEndpoints('team/ok', [
      { url: `http://${hook.host}/hook`, event: 'completed', loglines: 2 },
    ]);
    await trigger('ok', 'buildWithParameters');
    await advance(35_000);
    expect(hook.phases()).toEqual(['ok#1 COMPLETED']);
    // Run#getLog(2): the last two lines, the first replaced by a truncation note.
    const consoleText = (
      await simHttp(`${sim.url}/job/team/job/ok/1/consoleText`, admin)
    ).text;
    const before = consoleText.slice(
      0,
      consoleText.lastIndexOf('\n[Pipeline] End of Pipeline\n'),
    );
    expect(hook.received[0].body.build.log).toBe(
      `[...truncated ${
        Buffer.byteLength(before) - 1
      } B...]\nFinished: SUCCESS\n`,
    );
  });

  it('sends the URL user info as HTTP Basic credentials and strips it from the request', async () => {
    sim.control.setNotificationEndpoints('team/broken', [
      {
        url: `http://hook:p%40ss@${hook.host}/events?instance=default`,
        event: 'started',
      },
    ]);
    await trigger('broken');
    await advance(5000);
    expect(hook.received).toHaveLength(1);
    const [request] = hook.received;
    expect(request.path).toBe('/events?instance=default');
    expect(request.headers.host).toBe(hook.host);
    // URL#getUserInfo is the raw, still-encoded text.
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from('hook:p%40ss').toString('base64')}`,
    );
    const [entry] = sim.control.notifications({ phase: 'STARTED' });
    expect(entry.url).toBe(`http://${hook.host}/events?instance=default`);
    expect(entry.sent?.authorization).toBe(request.headers.authorization);
  });

  it('retries after a network failure, then keeps sending: the plugin never resets its failed flag', async () => {
    sim.control.setNotificationEndpoints('team/broken', [
      { url: `http://${hook.host}/hook`, event: 'started', retries: 2 },
    ]);
    hook.answerNext('reset');
    await trigger('broken');
    await advance(5000);
    const log = sim.control.notifications({ phase: 'STARTED' });
    expect(log.map(e => [e.attempt, e.outcome])).toEqual([
      [1, 'failed'],
      [2, 'delivered'],
      [3, 'delivered'],
    ]);
    // Two deliveries of the same phase: receivers must de-duplicate.
    expect(hook.phases()).toEqual(['broken#1 STARTED', 'broken#1 STARTED']);
  });

  it('retries once with retries: 1 and stops after the success', async () => {
    sim.control.setNotificationEndpoints('team/broken', [
      { url: `http://${hook.host}/hook`, event: 'started', retries: 1 },
    ]);
    hook.answerNext('reset');
    await trigger('broken');
    await advance(5000);
    expect(
      sim.control.notifications().map(e => [e.attempt, e.outcome]),
    ).toEqual([
      [1, 'failed'],
      [2, 'delivered'],
    ]);
    expect(hook.received).toHaveLength(1);
  });

  it('does not retry an HTTP 500: the plugin only fails on exceptions', async () => {
    sim.control.setNotificationEndpoints('team/broken', [
      { url: `http://${hook.host}/hook`, event: 'started', retries: 3 },
    ]);
    hook.answerNext(500);
    await trigger('broken');
    await advance(5000);
    const log = sim.control.notifications();
    expect(log.map(e => [e.attempt, e.outcome, e.status])).toEqual([
      [1, 'delivered', 500],
    ]);
  });

  it('gives up after retries + 1 failed attempts', async () => {
    sim.control.setNotificationEndpoints('team/broken', [
      { url: `http://${hook.host}/hook`, event: 'started', retries: 2 },
    ]);
    hook.answerNext('reset', 'reset', 'reset', 'reset');
    await trigger('broken');
    await advance(5000);
    expect(sim.control.notifications().map(e => e.outcome)).toEqual([
      'failed',
      'failed',
      'failed',
    ]);
  });

  it('sends nothing for a job without endpoints', async () => {
    await trigger('quiet');
    await advance(60_000);
    expect(hook.received).toEqual([]);
    expect(sim.control.notifications()).toEqual([]);
    sim.control.setNotificationEndpoints('team/ok', []);
    await trigger('ok', 'buildWithParameters');
    await advance(60_000);
    expect(hook.received).toEqual([]);
  });

  it('filters by event: failed fires only at FINALIZED of a failure', async () => {
    sim.control.setNotificationEndpoints('team/broken', [
      { url: `http://${hook.host}/hook`, event: 'failed' },
    ]);
    await trigger('broken');
    await advance(15_000);
    expect(hook.phases()).toEqual(['broken#1 FINALIZED']);
  });

  it('validates endpoints through the HTTP control API', async () => {
    const bad = await simHttp(`${sim.url}/__sim/jobs/notifications`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        job: 'team/ok',
        endpoints: [{ url: 'not a url', event: 'sometimes' }],
      }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json().error).toMatch(/\[0\]\.url: Invalid URL/);
    expect(bad.json().error).toMatch(/\[0\]\.event/);
    const set = await simHttp(`${sim.url}/__sim/jobs/notifications`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        job: 'team/quiet',
        endpoints: [{ url: `http://${hook.host}/hook`, event: 'completed' }],
      }),
    });
    expect(set.status).toBe(200);
    expect(set.json().endpoints[0]).toEqual({
      url: `http://${hook.host}/hook`,
      event: 'completed',
      timeout: 30000,
      retries: 0,
      loglines: 0,
      branch: '.*',
    });
    await trigger('quiet');
    await advance(60_000);
    const log = await simHttp(`${sim.url}/__sim/notifications?job=team/quiet`);
    expect(log.json().map((e: any) => e.phase)).toEqual(['COMPLETED']);
  });
});
