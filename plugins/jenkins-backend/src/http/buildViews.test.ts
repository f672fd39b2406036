import {
  buildArtifactsSchema,
  buildCausesSchema,
  buildChangesSchema,
  buildGraphSchema,
  GraphStage,
  buildDetailSchema,
  logChunkSchema,
  MAX_LOG_CHUNK_BYTES,
  stageStepsSchema,
} from '@internal/plugin-jenkins-common';
import {
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

/**
 * The build views over real HTTP against the simulator, which serves
 * Jenkins' Pipeline Graph View API (`stages/tree`, `stages/allSteps`,
 * `stages/log`, `stages/exceptionText`, jenkinsci/pipeline-graph-view-plugin
 * `openapi.yaml` and `PipelineConsoleViewAction`), `wfapi` (pipeline-stage-view
 * `RunAPI`), and a build's `changeSets`, `artifacts` and causes in
 * `api/json` (core `Run`, git plugin `GitChangeSet`). The demo scenario's
 * payments-service `main` #149 failed in the `contract` branch of `Test`.
 */
const MAIN = 'payments/payments-service/main';
const FAILED = 149;
const build = (number = FAILED) =>
  `${PAYMENTS}/jobs/${jobIdOf(MAIN)}/builds/${number}`;

const CAROL = 'user:default/carol';

function find(stages: GraphStage[], name: string): GraphStage | undefined {
  for (const stage of stages) {
    if (stage.name === name) return stage;
    const inner = find(stage.children, name);
    if (inner) return inner;
  }
  return undefined;
}

describe('the build views', () => {
  let env: JenkinsTestBackend;

  beforeAll(async () => {
    env = await startJenkinsTestBackend({
      strategy: 'service-account',
      // Carol may read jobs, but not logs or artifacts; nobody else is refused.
      policy: (permission, userRef) =>
        userRef === CAROL &&
        ['jenkins.build.logs.read', 'jenkins.build.artifacts.read'].includes(
          permission,
        )
          ? 'deny'
          : 'allow',
    });
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(() => {
    env.sim.control.clearFaults();
    env.sim.control.clearRequests();
  });

  describe('stage graph', () => {
    it('nests the parallel branches of Test with their states and the failing branch error', async () => {
      const res = await env.get(`${build()}/graph`);
      expect(res.status).toBe(200);
      const graph = buildGraphSchema.parse(res.body);
      expect(graph.source).toBe('pipeline-graph-view');
      expect(graph.complete).toBe(true);
      const test = find(graph.stages, 'Test')!;
      expect(test.state).toBe('failure');
      expect(test.children.map(c => [c.name, c.type, c.state]).sort()).toEqual([
        ['contract', 'parallel', 'failure'],
        ['integration', 'parallel', 'success'],
        ['unit', 'parallel', 'success'],
      ]);
      const contract = find(graph.stages, 'contract')!;
      expect(contract.error).toMatch(/script returned exit code 1/);
      expect(contract.durationMs).toEqual(expect.any(Number));
      expect(find(graph.stages, 'Package')?.state).toBe('skipped');
      expect(graph.canReadLogs).toEqual({ allowed: true });
    });

    it('shows no error text to a caller who may not read logs', async () => {
      const res = await env.get(`${build()}/graph`, CAROL);
      expect(res.status).toBe(200);
      const graph = buildGraphSchema.parse(res.body);
      expect(find(graph.stages, 'contract')?.error).toBeNull();
      expect(graph.canReadLogs).toEqual({
        allowed: false,
        reason: expect.stringMatching(/jenkins\.build\.logs\.read/),
      });
    });

    it('answers a completed graph again from the cache, without asking Jenkins', async () => {
      await env.get(`${build()}/graph`).expect(200);
      env.sim.control.clearRequests();
      await env.get(`${build()}/graph`).expect(200);
      expect(
        env.jenkinsRequests().filter(r => r.path.includes('/stages/tree')),
      ).toEqual([]);
    });

    it('answers 404 for a build Jenkins does not have', async () => {
      const res = await env.get(`${build(99999)}/graph`);
      expect(res.status).toBe(404);
    });

    it('answers 502 naming the instance when Jenkins is down, never an empty graph', async () => {
      env.sim.control.injectFault({ path: '/', kind: 'reset' });
      const res = await env.get(`${build(FAILED - 1)}/graph`);
      expect(res.status).toBeGreaterThanOrEqual(502);
      expect(res.body.error.message).toMatch(/default/);
    });
  });

  describe('steps and step logs', () => {
    it('lists the steps of the failing branch and reads its failing step log', async () => {
      const graph = buildGraphSchema.parse(
        (await env.get(`${build()}/graph`).expect(200)).body,
      );
      const contract = find(graph.stages, 'contract')!;
      const res = await env.get(`${build()}/stages/${contract.id}/steps`);
      expect(res.status).toBe(200);
      const steps = stageStepsSchema.parse(res.body);
      expect(steps.stageId).toBe(contract.id);
      const failing = steps.steps.find(s => s.state === 'failure');
      expect(failing).toBeDefined();

      const log = await env.get(`${build()}/nodes/${failing!.id}/log?start=0`);
      expect(log.status).toBe(200);
      const chunk = logChunkSchema.parse(log.body);
      expect(chunk.text.length).toBeGreaterThan(0);
      expect(chunk.more).toBe(false);
      expect(chunk.hasMore).toBe(false);

      // From the end: nothing more, at the same offset.
      const rest = await env.get(
        `${build()}/nodes/${failing!.id}/log?start=${chunk.nextStart}`,
      );
      expect(logChunkSchema.parse(rest.body)).toEqual({
        text: '',
        nextStart: chunk.nextStart,
        more: false,
        hasMore: false,
      });
    });

    it('reads a step log of over 1 MiB in bounded chunks that add up to the whole log', async () => {
      const graph = buildGraphSchema.parse(
        (await env.get(`${build()}/graph`).expect(200)).body,
      );
      const integration = find(graph.stages, 'integration')!;
      const steps = stageStepsSchema.parse(
        (await env.get(`${build()}/stages/${integration.id}/steps`).expect(200))
          .body,
      );
      const step = steps.steps[0];
      const original = logChunkSchema.parse(
        (await env.get(`${build()}/nodes/${step.id}/log?start=0`).expect(200))
          .body,
      ).text;
      let log = '';
      for (let i = 0; log.length < 2.5 * MAX_LOG_CHUNK_BYTES; i++) {
        log += `${String(i).padStart(8, '0')} ${'x'.repeat(90)}\n`;
      }
      env.sim.control.seedStepLog(MAIN, FAILED, step.id, log);
      const texts: string[] = [];
      let start = 0;
      for (let i = 0; i < 10; i++) {
        const res = await env.get(
          `${build()}/nodes/${step.id}/log?start=${start}`,
        );
        expect(res.status).toBe(200);
        const chunk = logChunkSchema.parse(res.body);
        expect(Buffer.byteLength(chunk.text)).toBeLessThanOrEqual(
          MAX_LOG_CHUNK_BYTES,
        );
        expect(chunk.more).toBe(false);
        expect(chunk.nextStart).toBeGreaterThan(start);
        texts.push(chunk.text);
        start = chunk.nextStart;
        if (!chunk.hasMore) break;
      }
      // The other tests see the step's own log again.
      env.sim.control.seedStepLog(MAIN, FAILED, step.id, original);
      expect(texts).toHaveLength(3);
      expect(start).toBe(Buffer.byteLength(log));
      expect(texts.join('')).toBe(log);
    });

    it('says which stage and step recorded each failed test, so the view opens that log', async () => {
      const detail = buildDetailSchema.parse(
        (await env.get(build()).expect(200)).body,
      );
      expect(detail.failedTests.length).toBeGreaterThan(0);
      const graph = buildGraphSchema.parse(
        (await env.get(`${build()}/graph`).expect(200)).body,
      );
      const contract = find(graph.stages, 'contract')!;
      const steps = stageStepsSchema.parse(
        (await env.get(`${build()}/stages/${contract.id}/steps`).expect(200))
          .body,
      );
      const test = find(graph.stages, 'Test')!;
      // contract's `post { always { junit … } }` step, after the failed `sh`.
      const junit = steps.steps.find(
        s => s.title === 'Archive JUnit-formatted test results',
      );
      expect(junit).toBeDefined();
      for (const failed of detail.failedTests) {
        expect(failed.stageIds).toEqual([contract.id, test.id]);
        expect(failed.stepId).toBe(junit!.id);
      }
    });

    it('refuses step logs to a caller who may not read logs, before asking Jenkins', async () => {
      const res = await env.get(`${build()}/nodes/12/log`, CAROL);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/jenkins\.build\.logs\.read/);
      expect(env.jenkinsRequests()).toEqual([]);
    });

    it.each([
      ['a stage id that is no flow node id', `stages/abc/steps`, /nodeId/],
      ['a negative log offset', `nodes/12/log?start=-1`, /start/],
      ['an unknown query parameter', `graph?x=1`, /query/],
    ])('refuses %s with 400', async (_, path, message) => {
      const res = await env.get(`${build()}/${path}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    });

    it('answers 404 for a stage the build does not have', async () => {
      const res = await env.get(`${build()}/stages/987654/steps`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/no stage or step 987654/);
    });
  });

  describe('changes, artifacts and causes', () => {
    it('lists the commits with their authors linked to catalog users by e-mail', async () => {
      const res = await env.get(`${build()}/changes`);
      expect(res.status).toBe(200);
      const changes = buildChangesSchema.parse(res.body);
      const authors = changes.changeSets
        .flatMap(set => set.commits)
        .map(c => [c.author.email, c.author.userRef]);
      expect(authors).toEqual(
        expect.arrayContaining([
          ['alice@example.com', 'user:default/alice'],
          ['bob@example.com', 'user:default/bob'],
        ]),
      );
      const commit = changes.changeSets[0].commits[0];
      expect(commit.id).toMatch(/^[0-9a-f]{7,40}$/);
      expect(commit.message).not.toBe('');
      expect(commit.paths.length).toBeGreaterThan(0);
    });

    it('lists the artifacts and whether the caller may download them', async () => {
      const res = await env.get(`${build()}/artifacts`);
      expect(res.status).toBe(200);
      const list = buildArtifactsSchema.parse(res.body);
      expect(list.artifacts.length).toBeGreaterThan(0);
      expect(list.canDownload).toEqual({ allowed: true });
      const asCarol = buildArtifactsSchema.parse(
        (await env.get(`${build()}/artifacts`, CAROL).expect(200)).body,
      );
      expect(asCarol.canDownload.allowed).toBe(false);
    });

    it('streams an artifact with its type, length and a download name', async () => {
      const list = buildArtifactsSchema.parse(
        (await env.get(`${build()}/artifacts`).expect(200)).body,
      );
      const artifact = list.artifacts[0];
      const res = await env
        .get(
          `${build()}/artifacts/download?path=${encodeURIComponent(
            artifact.path,
          )}`,
        )
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toContain(
        `filename="${artifact.fileName}"`,
      );
      expect(res.headers['content-type']).toBeDefined();
      expect(Number(res.headers['content-length'])).toBe(
        (res.body as Buffer).length,
      );
      const direct = await fetch(
        `${env.sim.url}/job/payments/job/payments-service/job/main/${FAILED}/artifact/${artifact.path}`,
        {
          headers: {
            Authorization: `Basic ${Buffer.from('admin:admin-token').toString(
              'base64',
            )}`,
          },
        },
      );
      expect(
        (res.body as Buffer).equals(Buffer.from(await direct.arrayBuffer())),
      ).toBe(true);
    });

    it('refuses a download without jenkins.build.artifacts.read, before asking Jenkins', async () => {
      const res = await env.get(
        `${build()}/artifacts/download?path=anything.txt`,
        CAROL,
      );
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/jenkins\.build\.artifacts\.read/);
      expect(env.jenkinsRequests()).toEqual([]);
    });

    it.each([
      ['a parent segment', '../../config.xml'],
      ['an absolute path', '/etc/passwd'],
      ['an empty segment', 'build//x'],
      ['a backslash', 'build\\x'],
      ['no path', ''],
    ])('refuses an artifact path with %s with 400', async (_, path) => {
      const res = await env.get(
        `${build()}/artifacts/download?path=${encodeURIComponent(path)}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/path/);
      expect(env.jenkinsRequests()).toEqual([]);
    });

    it('answers 404 for a path the build did not archive', async () => {
      const res = await env.get(
        `${build()}/artifacts/download?path=not/archived.txt`,
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/no artifact 'not\/archived.txt'/);
    });

    it('types the causes of a build', async () => {
      const res = await env.get(`${build()}/causes`);
      expect(res.status).toBe(200);
      const { causes } = buildCausesSchema.parse(res.body);
      expect(causes.length).toBeGreaterThan(0);
      for (const cause of causes) {
        expect(cause.description).not.toBe('');
      }
    });
  });

  it('refuses every view to a caller the policy does not let read the job, without asking Jenkins', async () => {
    const denied = await startJenkinsTestBackend({
      sim: env.sim,
      policy: () => 'deny',
    });
    try {
      for (const view of [
        'graph',
        'changes',
        'artifacts',
        'causes',
        'restart',
        'pause',
        'stages/5/steps',
      ]) {
        const res = await denied.get(`${build()}/${view}`);
        expect({ view, status: res.status }).toEqual({ view, status: 403 });
      }
      expect(env.jenkinsRequests()).toEqual([]);
    } finally {
      await denied.close();
    }
  });
});

describe('the stage graph without Pipeline Graph View', () => {
  let env: JenkinsTestBackend;

  beforeAll(async () => {
    env = await startJenkinsTestBackend({ strategy: 'service-account' });
    env.sim.control.setPlugins({ pipelineGraphView: false });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('falls back to wfapi, learning that once per instance, not per request', async () => {
    env.sim.control.clearRequests();
    const first = buildGraphSchema.parse(
      (await env.get(`${build()}/graph`).expect(200)).body,
    );
    const second = buildGraphSchema.parse(
      (await env.get(`${build(FAILED - 1)}/graph`).expect(200)).body,
    );
    expect(first.source).toBe('wfapi');
    expect(second.source).toBe('wfapi');
    // Flat: no nesting from wfapi.
    expect(first.stages.every(s => s.children.length === 0)).toBe(true);
    expect(first.stages.map(s => s.name)).toEqual(
      expect.arrayContaining(['Test', 'contract']),
    );
    expect(first.stages.find(s => s.name === 'contract')?.state).toBe(
      'failure',
    );
    const asked = env
      .jenkinsRequests()
      .filter(r => r.path.includes('/stages/tree'));
    expect(asked).toHaveLength(1);
  });

  it('lists a stage steps and reads a step log from wfapi', async () => {
    const graph = buildGraphSchema.parse(
      (await env.get(`${build()}/graph`).expect(200)).body,
    );
    const contract = graph.stages.find(s => s.name === 'contract')!;
    const steps = stageStepsSchema.parse(
      (await env.get(`${build()}/stages/${contract.id}/steps`).expect(200))
        .body,
    );
    expect(steps.source).toBe('wfapi');
    expect(steps.steps.length).toBeGreaterThan(0);
    const log = logChunkSchema.parse(
      (await env.get(`${build()}/nodes/${steps.steps[0].id}/log`).expect(200))
        .body,
    );
    expect(log.hasMore).toBe(false);
  });
});
