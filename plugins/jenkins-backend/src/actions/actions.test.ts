import {
  as,
  ENTITY_PATH,
  JenkinsTestBackend,
  PRODUCTION,
  STAGING,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

const entityRef = 'component:default/payments-service';

/**
 * Each action of the actions registry (MCP), invoked over HTTP as the
 * registry serves it, against the simulator, under the demo policy.
 */
describe('the Jenkins actions', () => {
  let stack: JenkinsTestBackend;

  const invoke = (user: string, action: string, input: object) =>
    stack.api
      .post(
        `/api/jenkins/.backstage/actions/v2/actions/jenkins:${action}/invoke`,
      )
      .set(as(user))
      .send({ input });

  /** Runs a job as a user and waits out the quiet period: the build number. */
  const started = async (user: string, job: string): Promise<number> => {
    const run = await invoke(user, 'run-job', {
      entityRef,
      jobFullName: job,
      parameters: { VERSION: '7.0.0' },
    });
    expect(run.status).toBe(200);
    stack.sim.control.advance(6_000);
    const queue = await stack.api
      .get(
        `${ENTITY_PATH}/jobs/${
          (
            await invoke(user, 'list-jobs', { entityRef })
          ).body.output.jobs.find((j: any) => j.fullName === job).id
        }/queue/${run.body.output.queue.queueId}`,
      )
      .set(as(user));
    expect(queue.body.state).toBe('started');
    return queue.body.buildNumber;
  };

  beforeAll(async () => {
    stack = await startJenkinsTestBackend({
      policy: 'demo',
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

  it('declares every action read-only, destructive and idempotent explicitly', async () => {
    const res = await stack.api
      .get('/api/jenkins/.backstage/actions/v1/actions')
      .set(as('alice'));
    expect(res.status).toBe(200);
    const attributes = Object.fromEntries(
      res.body.actions.map((a: any) => [a.name, a.attributes]),
    );
    // Every action's own declaration is checked in attributes.test.ts.
    expect(attributes).toMatchObject({
      'list-jobs': { readOnly: true, destructive: false, idempotent: true },
      'list-builds': { readOnly: true, destructive: false, idempotent: true },
      'get-build': { readOnly: true, destructive: false, idempotent: true },
      'get-build-log': { readOnly: true, destructive: false, idempotent: true },
      'search-build-log': {
        readOnly: true,
        destructive: false,
        idempotent: true,
      },
      'summarize-build-failure': {
        readOnly: true,
        destructive: false,
        idempotent: true,
      },
      'wait-for-build': {
        readOnly: true,
        destructive: false,
        idempotent: true,
      },
      'run-job': { readOnly: false, destructive: false, idempotent: false },
      'rebuild-build': {
        readOnly: false,
        destructive: false,
        idempotent: false,
      },
      'abort-build': { readOnly: false, destructive: true, idempotent: true },
      'cancel-queue-item': {
        readOnly: false,
        destructive: true,
        idempotent: true,
      },
      'answer-input': { readOnly: false, destructive: true, idempotent: false },
    });
  });

  it('list-jobs lists the jobs the entity declares', async () => {
    const res = await invoke('alice', 'list-jobs', { entityRef });
    expect(res.status).toBe(200);
    expect(res.body.output.jobs.map((j: any) => j.fullName)).toEqual([
      'payments/payments-service',
      STAGING,
      PRODUCTION,
    ]);
  });

  it('list-builds pages a job by its full name', async () => {
    const res = await invoke('alice', 'list-builds', {
      entityRef,
      jobFullName: STAGING,
      limit: 2,
    });
    expect(res.status).toBe(200);
    expect(res.body.output.items).toHaveLength(2);
    expect(res.body.output.nextCursor).toEqual(expect.any(String));
  });

  it('run-job runs as the person, once per idempotency key', async () => {
    const input = {
      entityRef,
      jobFullName: STAGING,
      parameters: { VERSION: '7.0.0' },
      idempotencyKey: 'actions-test-run-1',
    };
    const first = await invoke('alice', 'run-job', input);
    const second = await invoke('alice', 'run-job', input);
    expect(first.status).toBe(200);
    expect(second.body.output).toEqual(first.body.output);
    expect(stack.posts()).toEqual([
      expect.objectContaining({ user: 'alice', status: 201 }),
    ]);
  });

  it('run-job refuses a service principal: builds run as a person', async () => {
    const res = await stack.api
      .post('/api/jenkins/.backstage/actions/v2/actions/jenkins:run-job/invoke')
      .set('Authorization', 'Bearer mock-service-token')
      .send({ input: { entityRef, jobFullName: STAGING } });
    expect(res.status).toBe(403);
    expect(stack.posts()).toEqual([]);
  });

  it('get-build and get-build-log read a started build', async () => {
    const number = await started('alice', STAGING);
    const build = await invoke('alice', 'get-build', {
      entityRef,
      jobFullName: STAGING,
      buildNumber: number,
    });
    expect(build.status).toBe(200);
    expect(build.body.output).toMatchObject({ number, status: 'running' });
    const log = await invoke('alice', 'get-build-log', {
      entityRef,
      jobFullName: STAGING,
      buildNumber: number,
    });
    expect(log.status).toBe(200);
    expect(log.body.output).toMatchObject({
      text: expect.any(String),
      more: true,
    });
  });

  it('abort-build aborts a running build', async () => {
    const number = await started('alice', STAGING);
    stack.sim.control.clearRequests();
    const res = await invoke('alice', 'abort-build', {
      entityRef,
      jobFullName: STAGING,
      buildNumber: number,
    });
    expect(res.status).toBe(200);
    expect(res.body.output.status).toBe('done');
    expect(stack.posts()).toEqual([
      expect.objectContaining({ path: expect.stringMatching(/\/stop$/) }),
    ]);
  });

  it('rebuild-build runs a build again with its parameters', async () => {
    const number = await started('alice', STAGING);
    stack.sim.control.clearRequests();
    const res = await invoke('alice', 'rebuild-build', {
      entityRef,
      jobFullName: STAGING,
      buildNumber: number,
      parameters: { SMOKE_TEST_TOKEN: 'again' },
    });
    expect(res.status).toBe(200);
    expect(res.body.output.queue.queueId).toEqual(expect.any(Number));
    expect(stack.posts()).toEqual([
      expect.objectContaining({ user: 'alice', status: 201 }),
    ]);
  });

  it('cancel-queue-item cancels a build still in its quiet period', async () => {
    const run = await invoke('alice', 'run-job', {
      entityRef,
      jobFullName: STAGING,
      parameters: { VERSION: '7.0.0' },
    });
    const res = await invoke('alice', 'cancel-queue-item', {
      entityRef,
      jobFullName: STAGING,
      queueId: run.body.output.queue.queueId,
    });
    expect(res.status).toBe(200);
    expect(res.body.output.message).toMatch(/Cancelled queue item/);
  });

  it('answer-input approves for a release manager who did not start the build and refuses everyone else', async () => {
    const number = await started('bob', PRODUCTION);
    stack.sim.control.advance(10_000);
    stack.sim.control.clearRequests();
    const input = {
      entityRef,
      jobFullName: PRODUCTION,
      buildNumber: number,
      inputId: 'Promote',
      action: 'approve',
    };
    const byAlice = await invoke('alice', 'answer-input', input);
    expect(byAlice.status).toBe(403);
    expect(byAlice.body.error.message).toContain('jenkins.build.approve');
    expect(stack.posts()).toEqual([]);

    // Bob started it: separation of duties refuses him, before Jenkins.
    const byBob = await invoke('bob', 'answer-input', input);
    expect(byBob.status).toBe(403);
    expect(byBob.body.error.message).toBe(
      'You started this deploy; another release manager must approve it',
    );
    expect(stack.posts()).toEqual([]);

    const byDana = await invoke('dana', 'answer-input', input);
    expect(byDana.status).toBe(200);
    expect(stack.posts()).toEqual([
      expect.objectContaining({
        user: 'dana',
        path: expect.stringMatching(/Promote\/proceedEmpty$/),
      }),
    ]);
  });
});
