import {
  as,
  JenkinsTestBackend,
  STAGING,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';
import { notification } from '../__testUtils__/notificationBody';

jest.setTimeout(60_000);

const entityRef = 'component:default/payments-service';
const LOGS_READ = 'jenkins.build.logs.read';

/**
 * The actions an assistant uses to read and follow builds — search-build-log,
 * summarize-build-failure, wait-for-build — over HTTP as the actions
 * registry serves them, against the simulator. bob may read jobs but not
 * logs; mallory may read nothing.
 */
describe('the assistant actions', () => {
  let stack: JenkinsTestBackend;

  const invoke = (user: string, action: string, input: object) =>
    stack.api
      .post(
        `/api/jenkins/.backstage/actions/v2/actions/jenkins:${action}/invoke`,
      )
      .set(as(user))
      .send({ input });

  /** Runs deploy-staging as alice: its queue id. */
  const run = async (): Promise<number> => {
    const res = await invoke('alice', 'run-job', {
      entityRef,
      jobFullName: STAGING,
      parameters: { VERSION: '7.0.0' },
    });
    expect(res.status).toBe(200);
    return res.body.output.queue.queueId;
  };

  /** A finished build of deploy-staging with a given result, from history. */
  const historyBuild = async (result: string): Promise<number> => {
    const job = await stack.jenkinsGet(
      '/job/payments/job/deploy-staging/api/json?tree=builds[number,result]',
    );
    const build = job.builds.find((b: any) => b.result === result);
    expect(build).toBeDefined();
    return build.number;
  };

  beforeAll(async () => {
    stack = await startJenkinsTestBackend({
      policy: (permission, userRef) => {
        if (userRef === 'user:default/mallory') return 'deny';
        if (userRef === 'user:default/bob' && permission === LOGS_READ) {
          return 'deny';
        }
        return 'allow';
      },
      timeouts: { cacheTtlSeconds: 0, requestTimeoutMs: 10_000 },
    });
  });

  afterAll(async () => {
    await stack?.close();
  });

  beforeEach(() => {
    stack.sim.control.reset({ keepRealm: true });
    stack.sim.control.clearRequests();
  });

  describe('search-build-log', () => {
    const LOG = Array.from({ length: 30 }, (_, i) =>
      i % 10 === 9 ? `ERROR: step ${i + 1} failed` : `line ${i + 1}`,
    ).join('\n');

    const search = (user: string, input: object) =>
      invoke(user, 'search-build-log', {
        entityRef,
        jobFullName: STAGING,
        buildNumber: 1,
        ...input,
      });

    beforeEach(() => {
      stack.sim.control.seedBuildLog(STAGING, 1, `${LOG}\n`);
    });

    it('finds a literal text with the lines around it', async () => {
      const res = await search('alice', {
        pattern: 'step 20',
        contextLines: 2,
      });
      expect(res.status).toBe(200);
      expect(res.body.output).toMatchObject({
        matches: [
          {
            line: 20,
            text: 'ERROR: step 20 failed',
            before: ['line 18', 'line 19'],
            after: ['line 21', 'line 22'],
          },
        ],
        truncated: false,
        complete: true,
        more: false,
      });
    });

    it('pages through matches from nextStart and nextLine', async () => {
      const first = await search('alice', {
        pattern: 'error',
        ignoreCase: true,
        maxMatches: 2,
        contextLines: 0,
      });
      expect(first.status).toBe(200);
      expect(first.body.output.matches.map((m: any) => m.line)).toEqual([
        10, 20,
      ]);
      expect(first.body.output).toMatchObject({
        truncated: true,
        complete: false,
        nextLine: 30,
      });
      const second = await search('alice', {
        pattern: 'error',
        ignoreCase: true,
        maxMatches: 2,
        contextLines: 0,
        start: first.body.output.nextStart,
        startLine: first.body.output.nextLine,
      });
      expect(second.body.output.matches).toEqual([
        { line: 30, text: 'ERROR: step 30 failed', before: [], after: [] },
      ]);
      expect(second.body.output.complete).toBe(true);
    });

    it('matches a regular expression', async () => {
      const res = await search('alice', {
        pattern: '^ERROR: step [23]\\d failed$',
        mode: 'regex',
        contextLines: 0,
      });
      expect(res.status).toBe(200);
      expect(res.body.output.matches.map((m: any) => m.line)).toEqual([20, 30]);
    });

    it('reads a long log in chunks and stops at its byte budget', async () => {
      const filler = `${'x'.repeat(99)}\n`.repeat(100_000); // 10 MB
      stack.sim.control.seedBuildLog(STAGING, 1, `${filler}needle\n`);
      const first = await search('alice', {
        pattern: 'needle',
        contextLines: 0,
      });
      expect(first.status).toBe(200);
      expect(first.body.output.matches).toEqual([]);
      expect(first.body.output.complete).toBe(false);
      expect(first.body.output.scannedBytes).toBeLessThanOrEqual(
        8 * 1024 * 1024 + 1024 * 1024,
      );
      const second = await search('alice', {
        pattern: 'needle',
        contextLines: 0,
        start: first.body.output.nextStart,
        startLine: first.body.output.nextLine,
      });
      expect(second.body.output.matches).toEqual([
        expect.objectContaining({ line: 100_001, text: 'needle' }),
      ]);
      expect(second.body.output.complete).toBe(true);
    });

    it('stops a regular expression that backtracks without end', async () => {
      stack.sim.control.seedBuildLog(
        STAGING,
        1,
        `${'a'.repeat(40)}!\n`.repeat(5),
      );
      const started = Date.now();
      const res = await search('alice', {
        pattern: '^(a+)+$',
        mode: 'regex',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /pattern.*took longer than 1000 ms/,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it.each([
      [{ pattern: '' }, /pattern/],
      [{ pattern: 'x'.repeat(201) }, /pattern/],
      [{ pattern: '(unclosed', mode: 'regex' }, /valid regular expression/],
      [{ pattern: 'x', contextLines: 11 }, /contextLines/],
      [{ pattern: 'x', maxMatches: 0 }, /maxMatches/],
      [{ pattern: 'x', start: -1 }, /start/],
      [{ pattern: 'x', mode: 'glob' }, /mode/],
    ])('refuses bad input %j', async (input, message) => {
      const res = await search('alice', input);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(stack.jenkinsRequests()).toEqual([]);
    });

    it('refuses a person who may not read the logs, before reading them', async () => {
      const res = await search('bob', { pattern: 'ERROR' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(LOGS_READ);
      expect(
        stack.jenkinsRequests().filter(r => r.path.includes('progressiveText')),
      ).toEqual([]);
    });
  });

  describe('summarize-build-failure', () => {
    it('names the failing stage and the last error lines of a failed build', async () => {
      const number = await historyBuild('FAILURE');
      const res = await invoke('alice', 'summarize-build-failure', {
        entityRef,
        jobFullName: STAGING,
        buildNumber: number,
      });
      expect(res.status).toBe(200);
      const summary = res.body.output;
      expect(summary).toMatchObject({
        number,
        status: 'failure',
        failed: true,
        logTailRead: true,
        canReadLogs: { allowed: true },
      });
      expect(summary.url).toContain(`/job/deploy-staging/${number}/`);
      expect(summary.failingStage).toMatchObject({ status: 'failure' });
      expect(summary.failedStages).toContain(summary.failingStage.name);
      expect(summary.lastErrorLines.length).toBeGreaterThan(0);
      expect(summary.lastErrorLines.length).toBeLessThanOrEqual(20);
      expect(summary.lastErrorLines.join('\n')).toMatch(/error|fail/i);
    });

    it('reports a successful build as not failed', async () => {
      const number = await historyBuild('SUCCESS');
      const res = await invoke('alice', 'summarize-build-failure', {
        entityRef,
        jobFullName: STAGING,
        buildNumber: number,
        errorLines: 3,
      });
      expect(res.status).toBe(200);
      expect(res.body.output).toMatchObject({
        status: 'success',
        failed: false,
        failingStage: null,
        failedStages: [],
      });
      expect(res.body.output.lastErrorLines.length).toBeLessThanOrEqual(3);
    });

    it('leaves out log text for a person who may not read logs', async () => {
      const number = await historyBuild('FAILURE');
      stack.sim.control.clearRequests();
      const res = await invoke('bob', 'summarize-build-failure', {
        entityRef,
        jobFullName: STAGING,
        buildNumber: number,
      });
      expect(res.status).toBe(200);
      expect(res.body.output).toMatchObject({
        failed: true,
        lastErrorLines: null,
        canReadLogs: {
          allowed: false,
          reason: expect.stringContaining(LOGS_READ),
        },
      });
      expect(res.body.output.failingStage.error).toBeNull();
      expect(
        stack.jenkinsRequests().filter(r => r.path.includes('progressiveText')),
      ).toEqual([]);
    });

    it('refuses a person who may not read the job', async () => {
      const res = await invoke('mallory', 'summarize-build-failure', {
        entityRef,
        jobFullName: STAGING,
        buildNumber: 1,
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('jenkins.job.read');
      expect(stack.jenkinsRequests()).toEqual([]);
    });

    it('refuses bad input', async () => {
      const res = await invoke('alice', 'summarize-build-failure', {
        entityRef,
        jobFullName: STAGING,
        buildNumber: 1,
        errorLines: 500,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/errorLines/);
    });
  });

  describe('wait-for-build', () => {
    const wait = (user: string, input: object) =>
      invoke(user, 'wait-for-build', {
        entityRef,
        jobFullName: STAGING,
        ...input,
      });

    it('waits for a queue item to start and its build to finish', async () => {
      const queueId = await run();
      // The simulator's clock runs only when told: the build finishes
      // while the action waits.
      const waiting = wait('alice', { queueId, timeoutSeconds: 30 });
      const ticker = setInterval(() => stack.sim.control.advance(5_000), 200);
      try {
        const res = await waiting;
        expect(res.status).toBe(200);
        expect(res.body.output).toMatchObject({
          state: 'finished',
          timedOut: false,
          queueId,
          buildNumber: expect.any(Number),
          status: expect.stringMatching(/^(success|failure|unstable)$/),
          url: expect.stringContaining('/job/deploy-staging/'),
        });
      } finally {
        clearInterval(ticker);
      }
    });

    it('wakes on a build event instead of waiting out its interval', async () => {
      const queueId = await run();
      stack.sim.control.advance(6_000);
      const queue = await wait('alice', { queueId, timeoutSeconds: 1 });
      const buildNumber = queue.body.output.buildNumber;
      expect(buildNumber).toEqual(expect.any(Number));

      const waiting = wait('alice', { buildNumber, timeoutSeconds: 60 });
      // Let the wait read twice and go to sleep again: it reads at 0 s and
      // 1 s, and would read next at 2.5 s (intervals grow from 1 s by 1.5).
      await new Promise(resolve => setTimeout(resolve, 1_200));
      stack.sim.control.advance(120_000);
      const sent = Date.now();
      const event = await stack.sendBuildEvent(
        notification(STAGING, buildNumber, 'COMPLETED', 'SUCCESS'),
      );
      expect(event.status).toBeLessThan(300);
      const res = await waiting;
      expect(res.status).toBe(200);
      expect(res.body.output).toMatchObject({ state: 'finished', buildNumber });
      // Woken by the event, not by the next interval (about 1.3 s away).
      expect(Date.now() - sent).toBeLessThan(800);
    });

    it('answers when the wait runs out, without an error', async () => {
      const queueId = await run();
      const started = Date.now();
      const res = await wait('alice', { queueId, timeoutSeconds: 2 });
      expect(res.status).toBe(200);
      expect(res.body.output).toMatchObject({
        state: 'queued',
        timedOut: true,
        queueId,
        buildNumber: null,
        why: expect.stringMatching(/quiet period/i),
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
      expect(Date.now() - started).toBeLessThan(6_000);
      // A few reads spaced out, not a hot loop.
      const queueReads = stack
        .jenkinsRequests()
        .filter(r => r.path.includes(`/queue/item/${queueId}/`));
      expect(queueReads.length).toBeLessThanOrEqual(4);
    });

    it('reports a cancelled queue item', async () => {
      const queueId = await run();
      const cancel = await invoke('alice', 'cancel-queue-item', {
        entityRef,
        jobFullName: STAGING,
        queueId,
      });
      expect(cancel.status).toBe(200);
      const res = await wait('alice', { queueId, timeoutSeconds: 5 });
      expect(res.body.output).toMatchObject({
        state: 'cancelled',
        timedOut: false,
        buildNumber: null,
      });
    });

    it.each([
      [{ timeoutSeconds: 5 }, /queueId/],
      [{ queueId: 1, buildNumber: 1 }, /queueId/],
      [{ buildNumber: 1, timeoutSeconds: 281 }, /timeoutSeconds/],
      [{ buildNumber: 1, timeoutSeconds: 0 }, /timeoutSeconds/],
      [{ queueId: -3 }, /queueId/],
    ])('refuses bad input %j', async (input, message) => {
      const res = await wait('alice', input);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    });

    it('refuses a person who may not read the job', async () => {
      const queueId = await run();
      stack.sim.control.clearRequests();
      const res = await wait('mallory', { queueId, timeoutSeconds: 5 });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('jenkins.job.read');
      expect(stack.jenkinsRequests()).toEqual([]);
    });
  });
});
