import {
  activityPageSchema,
  AuditEntry,
  buildCausesSchema,
  buildGraphSchema,
  pauseStateSchema,
  replayInfoSchema,
  restartInfoSchema,
  startedBuildResponseSchema,
} from '@internal/plugin-jenkins-common';
import { createHash } from 'node:crypto';
import {
  as,
  ENTITY_PATH,
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
  TestPolicy,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(90_000);

/**
 * Restart from a stage, rerun/replay and pause/resume over real HTTP
 * against the simulator, which serves them as Jenkins does: the Declarative
 * plugin's `restart/api/json` and `restart/restart`
 * (`RestartDeclarativePipelineAction`), workflow-cps' `replay/` page,
 * `replay/rebuild` and `replay/run` (`ReplayAction`), and Pipeline Graph
 * View's `stages/pauseState|pause|resume`; role-strategy permissions decide
 * Job/Build, Run/Replay and Job/Cancel for the person.
 */
const MAIN = 'payments/payments-service/main';
const FAILED = 149;
const jobPathOf = (fullName: string) => `${PAYMENTS}/jobs/${jobIdOf(fullName)}`;
const build = (number = FAILED, fullName = MAIN) =>
  `${jobPathOf(fullName)}/builds/${number}`;

const sha256 = (text: string) =>
  createHash('sha256').update(text, 'utf8').digest('hex');

/** Dana may do everything but replay edited scripts; carol is refused restarts. */
const policy: TestPolicy = (permission, userRef) => {
  if (
    userRef === 'user:default/dana' &&
    permission === 'jenkins.build.replay.edit'
  ) {
    return 'deny';
  }
  if (userRef === 'user:default/mallory' && permission !== 'jenkins.job.read') {
    return 'deny';
  }
  return 'allow';
};

describe('restart, replay and pause', () => {
  let env: JenkinsTestBackend;

  beforeAll(async () => {
    env = await startJenkinsTestBackend({
      strategy: 'jwt',
      timeouts: { cacheTtlSeconds: 0, requestTimeoutMs: 10_000 },
      policy,
    });
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(() => {
    env.sim.control.clearFaults();
    env.sim.control.clearRequests();
  });

  const post = (path: string, user: string, body: object, key?: string) => {
    const req = env.api
      .post(`/api/jenkins${path}`)
      .set(as(user))
      .set('Content-Type', 'application/json');
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };

  async function auditEntry(requestId: string): Promise<AuditEntry> {
    const res = await env.api
      .get(`${ENTITY_PATH}/activity?limit=100`)
      .set(as('alice'));
    expect(res.status).toBe(200);
    const entry = activityPageSchema
      .parse(res.body)
      .items.find(e => e.requestId === requestId);
    expect(entry).toBeDefined();
    return entry!;
  }

  /** The build a started-build answer names, once Jenkins started it. */
  async function startedBuild(answer: unknown): Promise<number> {
    const { queue } = startedBuildResponseSchema.parse(answer);
    expect(queue).not.toBeNull();
    if (queue!.buildNumber !== null) return queue!.buildNumber;
    for (let i = 0; i < 20; i++) {
      env.sim.control.advance(5_000);
      const state = await env.api
        .get(`/api/jenkins${jobPathOf(MAIN)}/queue/${queue!.queueId}`)
        .set(as('alice'));
      if (state.body.buildNumber) return state.body.buildNumber;
    }
    throw new Error('the build never started');
  }

  describe('restart from a stage', () => {
    it('offers the stages Jenkins says are restartable, and the capability', async () => {
      const res = await env.get(`${build()}/restart`);
      expect(res.status).toBe(200);
      expect(restartInfoSchema.parse(res.body)).toEqual({
        restartEnabled: true,
        restartableStages: ['Checkout', 'Build', 'Test'],
        capability: { allowed: true },
      });
    });

    it('offers nothing to a person Jenkins does not let build the job', async () => {
      const res = await env.get(`${build()}/restart`, 'user:default/carol');
      expect(res.status).toBe(200);
      expect(restartInfoSchema.parse(res.body)).toMatchObject({
        restartEnabled: false,
        restartableStages: [],
      });
    });

    it('restarts from the failed stage as the person, with the restart cause, and records it', async () => {
      const res = await post(`${build()}/restart`, 'alice', {
        stageName: 'Test',
      });
      expect(res.status).toBe(202);
      const answer = startedBuildResponseSchema.parse(res.body);
      expect(res.headers['x-request-id']).toBe(answer.requestId);
      const posts = env
        .posts()
        .filter(p => p.path.endsWith('/restart/restart'));
      expect(posts).toEqual([
        expect.objectContaining({ user: 'alice', status: 302 }),
      ]);

      const number = await startedBuild(res.body);
      const causes = buildCausesSchema.parse(
        (await env.get(`${build(number)}/causes`).expect(200)).body,
      ).causes;
      expect(causes).toEqual(
        expect.arrayContaining([
          {
            kind: 'restart',
            description: `Restarted from build #${FAILED}, stage Test`,
            originBuild: FAILED,
            stage: 'Test',
          },
          expect.objectContaining({ kind: 'user', userId: 'alice' }),
        ]),
      );

      const entry = await auditEntry(answer.requestId);
      expect(entry).toMatchObject({
        action: 'restart',
        decision: 'allow',
        outcome: 'success',
        jenkinsStatus: 302,
        message: `Restart of #${FAILED} from stage 'Test'`,
        actor: { userRef: 'user:default/alice', jenkinsUser: 'alice' },
      });
      // The entry names the build the restart started, once Jenkins has it.
      expect([null, number]).toContain(entry.buildNumber);
    });

    it('answers a repeated Idempotency-Key with the first answer, restarting once', async () => {
      const first = await post(
        `${build()}/restart`,
        'alice',
        { stageName: 'Build' },
        'restart-once-1',
      );
      const again = await post(
        `${build()}/restart`,
        'alice',
        { stageName: 'Build' },
        'restart-once-1',
      );
      expect(first.status).toBe(202);
      expect(again.status).toBe(202);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(
        env.posts().filter(p => p.path.endsWith('/restart/restart')),
      ).toHaveLength(1);
    });

    it('never restarts twice when Jenkins restarted but its answer was lost: the retry finds the build by its cause', async () => {
      env.sim.control.injectFault({
        path: '/restart/restart$',
        method: 'POST',
        kind: 'applyThenReset',
        times: 1,
      });
      const first = await post(
        `${build()}/restart`,
        'alice',
        { stageName: 'Checkout' },
        'restart-lost-answer',
      );
      expect(first.status).toBe(504);
      expect(first.body.error.name).toBe('WriteOutcomeUnknownError');
      const retry = await post(
        `${build()}/restart`,
        'alice',
        { stageName: 'Checkout' },
        'restart-lost-answer',
      );
      expect(retry.status).toBe(202);
      expect(retry.headers['x-request-id']).toBe(first.headers['x-request-id']);
      expect(startedBuildResponseSchema.parse(retry.body).queue).not.toBeNull();
      expect(
        env.posts().filter(p => p.path.endsWith('/restart/restart')),
      ).toHaveLength(1);
      const entry = await auditEntry(first.headers['x-request-id']);
      expect(entry.outcome).toBe('success');
    });

    it('refuses a stage Jenkins does not offer with 409 naming the offered ones, and records it', async () => {
      const res = await post(`${build()}/restart`, 'alice', {
        stageName: 'Package',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /cannot be restarted from stage 'Package'; Jenkins offers: 'Checkout', 'Build', 'Test'/,
      );
      expect(env.posts().filter(p => p.path.includes('/restart/'))).toEqual([]);
      const entry = await auditEntry(res.headers['x-request-id']);
      expect(entry).toMatchObject({ action: 'restart', outcome: 'failure' });
    });

    it('refuses with 409 when Jenkins offers no restart to the person (Jenkins decides too)', async () => {
      const res = await post(`${build()}/restart`, 'carol', {
        stageName: 'Test',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/does not offer to restart/);
      expect(env.posts()).toEqual([]);
    });

    it('refuses with 403 when the policy denies jenkins.build.restart, sending Jenkins nothing, and records it', async () => {
      const res = await post(`${build()}/restart`, 'mallory', {
        stageName: 'Test',
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/jenkins\.build\.restart/);
      // At most the build itself is read (who started it, for the policy).
      expect(env.posts()).toEqual([]);
      expect(
        env
          .jenkinsRequests()
          .filter(r => !r.path.endsWith(`/${FAILED}/api/json`)),
      ).toEqual([]);
      const entry = await auditEntry(res.headers['x-request-id']);
      expect(entry).toMatchObject({
        action: 'restart',
        decision: 'deny',
        outcome: 'denied',
      });
    });

    it.each([
      ['no stage', {}, /stageName/],
      ['an empty stage', { stageName: '' }, /stageName/],
      ['a number', { stageName: 3 }, /stageName/],
      ['an unknown field', { stageName: 'Test', force: true }, /force/],
    ])('refuses a body with %s with 400', async (_, body, message) => {
      const res = await post(`${build()}/restart`, 'alice', body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(env.jenkinsRequests()).toEqual([]);
    });

    it('answers 502 naming the instance when Jenkins is down', async () => {
      env.sim.control.injectFault({ path: '/', kind: 'reset' });
      const res = await post(`${build()}/restart`, 'alice', {
        stageName: 'Test',
      });
      expect(res.status).toBeGreaterThanOrEqual(502);
      expect(res.body.error.message).toMatch(/default/);
    });
  });

  describe('rerun and replay', () => {
    it('gives the original script and its sha256 to whoever may rerun', async () => {
      const res = await env.get(`${build()}/replay`);
      expect(res.status).toBe(200);
      const info = replayInfoSchema.parse(res.body);
      expect(info.main).toEqual(expect.any(String));
      expect(info.sha256).toBe(sha256(info.main!));
      expect(info.canReplay).toEqual({ allowed: true });
      expect(info.canEditScript).toEqual({ allowed: true });
    });

    it('refuses the script with 403 when the policy denies jenkins.build.replay', async () => {
      const res = await env.get(`${build()}/replay`, 'user:default/mallory');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /Your permission policy does not allow jenkins\.build\.replay on/,
      );
    });

    it('reruns with the same script, recording its hash and an empty diff', async () => {
      const original = replayInfoSchema.parse(
        (await env.get(`${build()}/replay`).expect(200)).body,
      );
      const res = await post(`${build()}/replay`, 'alice', {});
      expect(res.status).toBe(202);
      expect(
        env.posts().filter(p => p.path.endsWith('/replay/rebuild')),
      ).toHaveLength(1);
      const number = await startedBuild(res.body);
      const { causes } = buildCausesSchema.parse(
        (await env.get(`${build(number)}/causes`).expect(200)).body,
      );
      expect(causes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'replay',
            originBuild: FAILED,
            sameScript: true,
          }),
        ]),
      );
      const entry = await auditEntry(res.body.requestId);
      expect(entry).toMatchObject({
        action: 'replay',
        outcome: 'success',
        script: {
          sha256: original.sha256,
          originalSha256: original.sha256,
          diff: '',
          diffTruncated: false,
        },
      });
    });

    it('replays an edited script as the person, and records its hash and diff', async () => {
      const original = replayInfoSchema.parse(
        (await env.get(`${build()}/replay`).expect(200)).body,
      );
      const edited = `${original.main!.trimEnd()}\n// retry contract tests\n`;
      const res = await post(`${build()}/replay`, 'alice', {
        script: { main: edited },
      });
      expect(res.status).toBe(202);
      const replayPosts = env
        .posts()
        .filter(p => p.path.endsWith('/replay/run'));
      expect(replayPosts).toEqual([
        expect.objectContaining({ user: 'alice', status: 302 }),
      ]);
      const number = await startedBuild(res.body);
      // The new build ran the edited script.
      const rerun = replayInfoSchema.parse(
        (await env.get(`${build(number)}/replay`).expect(200)).body,
      );
      expect(rerun.main?.trimEnd()).toBe(edited.trimEnd());

      const entry = await auditEntry(res.body.requestId);
      expect(entry.script).toEqual({
        sha256: sha256(edited),
        originalSha256: original.sha256,
        diff: expect.stringContaining('+// retry contract tests\n'),
        diffTruncated: false,
      });
      expect(entry.script!.diff).toMatch(
        /^--- a\/Jenkinsfile\n\+\+\+ b\/Jenkinsfile\n@@ /,
      );
    });

    it('refuses an edited script with 403 when the policy denies jenkins.build.replay.edit, and records it', async () => {
      const res = await post(`${build()}/replay`, 'dana', {
        script: { main: 'pipeline { }' },
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/jenkins\.build\.replay\.edit/);
      expect(env.posts()).toEqual([]);
      const entry = await auditEntry(res.headers['x-request-id']);
      expect(entry).toMatchObject({ action: 'replay', outcome: 'denied' });
    });

    it('refuses with 409 when Jenkins offers the person neither rerun nor replay', async () => {
      // The policy allows carol; Jenkins gives her no Run/Replay.
      const res = await post(`${build()}/replay`, 'carol', {
        script: { main: 'pipeline { }' },
      });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/offers no rerun or replay/);
      expect(env.posts().filter(p => p.path.includes('/replay/'))).toEqual([]);
    });

    it("answers 403 with Jenkins' words when Jenkins refuses the person, recorded as denied", async () => {
      env.sim.control.injectFault({
        path: '/replay/rebuild$',
        kind: 'status',
        status: 403,
      });
      const res = await post(`${build()}/replay`, 'alice', {});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/Jenkins denied alice/);
      const entry = await auditEntry(res.headers['x-request-id']);
      expect(entry).toMatchObject({
        action: 'replay',
        decision: 'allow',
        outcome: 'denied',
        jenkinsStatus: 403,
      });
    });

    it.each([
      ['a script that is not text', { script: { main: 42 } }, /script\.main/],
      ['an empty script', { script: { main: '' } }, /script\.main/],
      [
        'a loaded script with a bad name',
        { script: { main: 'x', loaded: { '../x': 'y' } } },
        /loaded/,
      ],
      ['an unknown field', { scripts: {} }, /scripts/],
    ])('refuses %s with 400', async (_, body, message) => {
      const res = await post(`${build()}/replay`, 'alice', body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(env.jenkinsRequests()).toEqual([]);
    });
  });

  describe('a run in progress', () => {
    // Pipeline Graph View PipelineNodeUtil / PipelineStage#waitingForItems: a
    // node whose agent waits in the queue is `queued` with the queue item's
    // `why` as its cause of blockage.
    it('shows a queued branch with why it waits, and nothing of it complete', async () => {
      const started = await post(`${build()}/restart`, 'alice', {
        stageName: 'Test',
      });
      expect(started.status).toBe(202);
      // The simulator's clock is virtual: startedBuild moves it in 5 s steps,
      // so the run is at most 5 s into Test, where integration's agent waits
      // 8 s for an executor (the demo scenario's queuedSeconds).
      const number = await startedBuild(started.body);
      const graph = buildGraphSchema.parse(
        (await env.get(`${build(number)}/graph`).expect(200)).body,
      );
      expect(graph.complete).toBe(false);
      const test = graph.stages.find(s => s.name === 'Test')!;
      const integration = test.children.find(c => c.name === 'integration')!;
      expect(integration.state).toBe('queued');
      expect(integration.waitingReason).toMatch(
        /^Waiting for next available executor on .linux.$/,
      );
      expect(integration.durationMs).toBeNull();
      const unit = test.children.find(c => c.name === 'unit')!;
      expect(unit.state).toBe('running');
      expect(unit.waitingReason).toBeNull();
    });
  });

  describe('pause and resume', () => {
    it('refuses to pause a finished build with 409', async () => {
      const state = pauseStateSchema.parse(
        (await env.get(`${build()}/pause`).expect(200)).body,
      );
      expect(state).toMatchObject({
        supported: true,
        building: false,
        paused: false,
      });
      const res = await post(`${build()}/pause`, 'alice', {});
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/has finished/);
    });

    it('pauses and resumes a running build as the person, recording both', async () => {
      const started = await post(`${build()}/restart`, 'alice', {
        stageName: 'Checkout',
      });
      expect(started.status).toBe(202);
      const number = await startedBuild(started.body);
      const running = pauseStateSchema.parse(
        (await env.get(`${build(number)}/pause`).expect(200)).body,
      );
      expect(running).toMatchObject({ supported: true, building: true });
      // A running build: its graph is not complete, and it cannot be restarted.
      const graph = buildGraphSchema.parse(
        (await env.get(`${build(number)}/graph`).expect(200)).body,
      );
      expect(graph.complete).toBe(false);
      expect(
        graph.stages.some(s => ['running', 'queued'].includes(s.state)),
      ).toBe(true);
      const restart = await post(`${build(number)}/restart`, 'alice', {
        stageName: 'Checkout',
      });
      expect(restart.status).toBe(409);
      expect(restart.body.error.message).toMatch(/still running/);

      const paused = await post(`${build(number)}/pause`, 'alice', {});
      expect(paused.status).toBe(200);
      expect(paused.body.message).toMatch(/Paused build/);
      expect(
        pauseStateSchema.parse(
          (await env.get(`${build(number)}/pause`).expect(200)).body,
        ).paused,
      ).toBe(true);
      const twice = await post(`${build(number)}/pause`, 'alice', {});
      expect(twice.status).toBe(409);

      const resumed = await post(`${build(number)}/resume`, 'alice', {});
      expect(resumed.status).toBe(200);
      expect(
        env.posts().filter(p => /\/stages\/(pause|resume)$/.test(p.path)),
      ).toEqual([
        expect.objectContaining({ user: 'alice' }),
        expect.objectContaining({ user: 'alice' }),
      ]);
      expect((await auditEntry(paused.body.requestId)).action).toBe('pause');
      expect((await auditEntry(resumed.body.requestId)).action).toBe('resume');
    });

    it('refuses with 403 when the policy denies jenkins.build.pause', async () => {
      const res = await post(`${build()}/pause`, 'mallory', {});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/jenkins\.build\.pause/);
      expect(env.posts()).toEqual([]);
      expect(
        env
          .jenkinsRequests()
          .filter(r => !r.path.endsWith(`/${FAILED}/api/json`)),
      ).toEqual([]);
    });

    it('refuses with 409 where the instance cannot pause (no Pipeline Graph View)', async () => {
      env.sim.control.setPlugins({ pipelineGraphView: false });
      try {
        const res = await post(`${build()}/pause`, 'alice', {});
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(/Pipeline Graph View/);
        const state = pauseStateSchema.parse(
          (await env.get(`${build()}/pause`).expect(200)).body,
        );
        expect(state.supported).toBe(false);
      } finally {
        env.sim.control.setPlugins({ pipelineGraphView: true });
      }
    });
  });
});
