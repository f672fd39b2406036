import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { crumbHeaders, simHttp, token } from './simHttp';

/**
 * Pipeline Graph View's REST API under `…/N/stages/`, checked against
 * jenkinsci/pipeline-graph-view-plugin: `openapi.yaml` (PipelineTreeResponse,
 * StepListResponse, RerunResponse, ErrorResponse), `PipelineConsoleViewAction`
 * (paths, permissions, Cache-Control), `PipelineJsonWriter` (the
 * `{"status":"ok","data":…}` envelope, nulls omitted), `PipelineStage` /
 * `AbstractPipelineNode` / `PipelineStep` (fields), `PipelineState` (states),
 * `PipelineStepApi.parseSteps` (step name / title), and core
 * `HttpResponses.okJSON` / `errorJSON` (200 `{"status":"error","message"}`).
 */
describe('Pipeline Graph View: stage tree, steps, logs, rerun, cancel, pause', () => {
  let sim: JenkinsSim;
  const alice = { basic: token('alice') };
  const carol = { basic: token('carol') };
  const main = () => `${sim.url}/job/payments/job/payments-service/job/main`;
  const failed = () => `${main()}/149`;

  beforeAll(async () => {
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  async function tree(url: string, auth = alice) {
    const res = await simHttp(`${url}stages/tree`, auth);
    expect(res.status).toBe(200);
    return { res, body: res.json() };
  }

  /** Restarts main #149 at Test as alice and returns the new run's URL. */
  async function restartedRun(advanceMs: number): Promise<string> {
    const res = await simHttp(`${failed()}/restart/restart`, {
      method: 'POST',
      form: { json: JSON.stringify({ stageName: 'Test' }) },
      ...alice,
    });
    expect(res.status).toBe(302);
    sim.control.advance(advanceMs);
    return `${main()}/151/`;
  }

  // openapi.yaml PipelineTreeResponse / PipelineStage; PipelineConsoleViewAction#getTree
  // (Cache-Control "private, immutable, max-age=86400" once complete).
  it('serves the nested stage tree of a failed run with parallel branches', async () => {
    const { res, body } = await tree(`${failed()}/`);
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(res.headers['cache-control']).toBe(
      'private, immutable, max-age=86400',
    );
    expect(Object.keys(body)).toEqual(['status', 'data']);
    expect(body.status).toBe('ok');
    expect(body.data.complete).toBe(true);
    const stages = body.data.stages;
    expect(stages.map((s: any) => [s.name, s.type, s.state])).toEqual([
      ['Checkout', 'STAGE', 'success'],
      ['Build', 'STAGE', 'success'],
      ['Test', 'STAGE', 'failure'],
      // Declarative marks the stages after a failure SKIPPED_FOR_FAILURE → skipped.
      ['Package', 'STAGE', 'skipped'],
    ]);
    const test = stages[2];
    expect(
      test.children.map((c: any) => [c.name, c.type, c.state, c.agent]),
    ).toEqual([
      ['unit', 'PARALLEL', 'success', 'linux-agent-1'],
      ['integration', 'PARALLEL', 'success', 'linux-agent-1'],
      ['contract', 'PARALLEL', 'failure', 'linux-agent-1'],
    ]);
    // PipelineStage fields in the order Jackson writes them (nulls omitted).
    expect(Object.keys(test)).toEqual([
      'id',
      'name',
      'children',
      'state',
      'type',
      'title',
      'isSequential',
      'synthetic',
      'placeholder',
      'pauseDurationMillis',
      'totalDurationMillis',
      'startTimeMillis',
      'agent',
      'url',
    ]);
    expect(test).toMatchObject({
      id: '24',
      title: 'Test',
      isSequential: false,
      synthetic: false,
      placeholder: false,
      pauseDurationMillis: 0,
      url: '/job/payments/job/payments-service/job/main/149/stages/?selected-node=24',
    });
    // The parallel stage lasts as long as its longest branch.
    const longest = Math.max(
      ...test.children.map((c: any) => c.totalDurationMillis),
    );
    expect(test.totalDurationMillis).toBe(longest);
    expect(test.children[2].startTimeMillis).toBe(test.startTimeMillis);
    // A skipped stage ran nowhere: no agent.
    expect(stages[3]).not.toHaveProperty('agent');
    expect(stages[3].totalDurationMillis).toBe(0);
  });

  // openapi.yaml StepListResponse / PipelineStep; PipelineStepApi#parseSteps (name = arguments,
  // title = display name, blank for "Shell Script"); PipelineStepList#sort (stageId, then id).
  it('lists every step with its stage id, sorted by stage then id', async () => {
    const res = await simHttp(`${failed()}/stages/allSteps`, alice);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe(
      'private, immutable, max-age=86400',
    );
    const { status, data } = res.json();
    expect(status).toBe('ok');
    expect(data.runIsComplete).toBe(true);
    const steps = data.steps;
    expect(steps.map((s: any) => [s.stageId, s.id, s.name, s.state])).toEqual([
      ['6', '7', './checkout.sh', 'success'],
      ['15', '16', './build.sh', 'success'],
      ['26', '29', './gradlew test', 'success'],
      ['26', '30', 'build/test-results/test/*.xml', 'success'],
      ['27', '31', './gradlew integrationTest', 'success'],
      ['28', '32', './gradlew contractTest', 'failure'],
      // contract's post { always { junit … } } runs after the failure.
      ['28', '33', 'build/test-results/contractTest/*.xml', 'success'],
    ]);
    expect(Object.keys(steps[5])).toEqual([
      'id',
      'name',
      'state',
      'type',
      'title',
      'pauseDurationMillis',
      'totalDurationMillis',
      'startTimeMillis',
      'stageId',
      'flags',
    ]);
    expect(steps[5]).toMatchObject({ type: 'STEP', title: '', flags: {} });
    expect(steps[3].title).toBe('Archive JUnit-formatted test results');
    const byNode = await simHttp(`${failed()}/stages/steps?nodeId=26`, alice);
    expect(byNode.json().data.steps.map((s: any) => s.id)).toEqual([
      '29',
      '30',
    ]);
    // getSteps without nodeId: HttpResponses.errorJSON → still 200.
    const missing = await simHttp(`${failed()}/stages/steps`, alice);
    expect(missing.status).toBe(200);
    expect(missing.json()).toEqual({
      status: 'error',
      message: 'Error getting console text',
    });
  });

  // PipelineConsoleViewAction#getConsoleText (step log + exception text; a stage: its steps'),
  // #getExceptionText (400 without nodeId).
  it('serves a step log, a branch log and the failing step exception text', async () => {
    const step = await simHttp(`${failed()}/stages/log?nodeId=32`, alice);
    expect(step.status).toBe(200);
    expect(step.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(step.text).toBe(
      [
        '+ ./gradlew contractTest',
        '> Task :contractTest',
        'PaymentContractTest > refundMatchesLedgerContract() FAILED',
        '    org.opentest4j.AssertionFailedError: expected: <200> but was: <422>',
        '12 tests completed, 1 failed',
        '> Task :contractTest FAILED',
        'script returned exit code 1',
      ].join('\n'),
    );
    const branch = await simHttp(`${failed()}/stages/log?nodeId=28`, alice);
    expect(branch.text).toBe(`${step.text}\nRecording test results\n`);
    // The parallel stage itself has no steps of its own.
    const parent = await simHttp(`${failed()}/stages/log?nodeId=24`, alice);
    expect(parent.text).toBe('No logs found\n');
    const none = await simHttp(`${failed()}/stages/log`, alice);
    expect(none.text).toBe('Error getting console text\n');
    const exception = await simHttp(
      `${failed()}/stages/exceptionText?nodeId=32`,
      alice,
    );
    expect(exception.text).toBe('script returned exit code 1');
    const ok = await simHttp(
      `${failed()}/stages/exceptionText?nodeId=29`,
      alice,
    );
    expect(ok.text).toBe('');
    expect(
      (await simHttp(`${failed()}/stages/exceptionText`, alice)).status,
    ).toBe(400);
  });

  // PipelineState: queued (node waiting for an executor, causeOfBlockage), running, not_built
  // (skipped for restart: NotExecutedNodeAction); AbstractPipelineNode#getTotalDurationMillis
  // (null while in progress → omitted); Cache-Control "private, no-store" while running.
  it('shows running, queued and not-built nodes of a restarted run', async () => {
    const url = await restartedRun(3000);
    const { res, body } = await tree(url);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(body.data.complete).toBe(false);
    const [checkout, build, test] = body.data.stages;
    expect([checkout.state, build.state]).toEqual(['not_built', 'not_built']);
    expect(test.state).toBe('running');
    expect(test).not.toHaveProperty('totalDurationMillis');
    const integration = test.children.find(
      (c: any) => c.name === 'integration',
    );
    expect(integration.state).toBe('queued');
    expect(integration.causeOfBlockage).toBe(
      'Waiting for next available executor on \u2018linux\u2019',
    );
    expect(integration).not.toHaveProperty('agent');
    expect(test.children.find((c: any) => c.name === 'unit').state).toBe(
      'running',
    );
    const steps = (await simHttp(`${url}stages/allSteps`, alice)).json().data;
    expect(steps.runIsComplete).toBe(false);
    // The queued branch has not started a step yet.
    expect(steps.steps.some((s: any) => s.stageId === integration.id)).toBe(
      false,
    );

    sim.control.advance(10_000);
    const later = (await tree(url)).body.data.stages[2].children;
    expect(later.find((c: any) => c.name === 'integration').state).toBe(
      'running',
    );
    sim.control.advance(10 * 60_000);
    const done = (await tree(url)).body.data;
    expect(done.complete).toBe(true);
    expect(done.stages.map((s: any) => s.state)).toEqual([
      'not_built',
      'not_built',
      'success',
      'success',
    ]);
  });

  // PipelineState.PAUSED for a stage waiting at an input step; openapi.yaml InputStep.
  it('shows a stage paused at an input step', async () => {
    const bob = { basic: token('bob') };
    const prod = `${sim.url}/job/payments/job/deploy-production`;
    const res = await simHttp(
      `${prod}/buildWithParameters?VERSION=2.5.0&delay=0`,
      { method: 'POST', ...bob },
    );
    expect(res.status).toBe(201);
    sim.control.advance(6000);
    const { body } = await tree(`${prod}/26/`, bob);
    expect(body.data.stages.map((s: any) => [s.name, s.state])).toEqual([
      ['Prepare', 'success'],
      ['Promote', 'paused'],
    ]);
    const steps = (await simHttp(`${prod}/26/stages/allSteps`, bob)).json().data
      .steps;
    const input = steps.find((s: any) => s.inputStep);
    expect(input.state).toBe('paused');
    expect(input.inputStep).toEqual({
      message: 'Promote to production?',
      cancel: 'Abort',
      id: 'Promote',
      ok: 'Proceed',
      parameters: false,
    });
  });

  // PipelineConsoleViewAction#doRerun: Item.BUILD, ReplayAction.run2(original script) →
  // RerunResponse; #hasNextBuild.
  it('reruns a run as the caller and finds the next build by queue id', async () => {
    const denied = await simHttp(`${failed()}/stages/rerun`, {
      method: 'POST',
      ...carol,
    });
    expect(denied.status).toBe(403);
    expect(denied.headers['x-required-permission']).toBe(
      'hudson.model.Item.Build',
    );
    expect((await simHttp(`${failed()}/stages/rerun`, alice)).status).toBe(405);
    const res = await simHttp(`${failed()}/stages/rerun`, {
      method: 'POST',
      ...alice,
    });
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      status: 'ok',
      data: { message: 'Build scheduled', queueId: expect.any(Number) },
    });
    sim.control.advance(100);
    const next = await simHttp(
      `${failed()}/stages/nextBuild?queueId=${body.data.queueId}`,
      alice,
    );
    expect(next.json()).toEqual({
      status: 'ok',
      data: {
        nextBuildUrl: 'job/payments/job/payments-service/job/main/151/stages/',
      },
    });
    expect(
      (await simHttp(`${failed()}/stages/nextBuild?queueId=1`, alice)).json(),
    ).toEqual({ status: 'ok' });
    const causes = (
      await simHttp(`${main()}/151/api/json?tree=actions[causes[*]]`, alice)
    )
      .json()
      .actions.find((a: any) => a.causes).causes;
    expect(causes).toEqual([
      {
        _class: 'hudson.model.Cause$UserIdCause',
        shortDescription: 'Started by user Alice',
        userId: 'alice',
        userName: 'Alice',
      },
      {
        _class: 'org.jenkinsci.plugins.workflow.cps.replay.ReplayCause',
        shortDescription: 'Replayed #149',
      },
    ]);
  });

  // PipelineConsoleViewAction#doCancel (Item.CANCEL; errorJSON when finished), #doPause /
  // #doResume / #getPauseState (CpsFlowExecution.pause; "Pausing"/"Resuming" in the log).
  it('cancels, pauses and resumes a running pipeline', async () => {
    const finished = await simHttp(`${failed()}/stages/cancel`, {
      method: 'POST',
      ...alice,
    });
    expect(finished.json()).toEqual({
      status: 'error',
      message: 'Run is already finished',
    });
    const url = await restartedRun(5000);
    expect(
      (await simHttp(`${url}stages/pause`, { method: 'POST', ...carol }))
        .status,
    ).toBe(403);
    const paused = await simHttp(`${url}stages/pause`, {
      method: 'POST',
      ...alice,
    });
    expect(paused.json()).toEqual({ status: 'ok' });
    expect((await simHttp(`${url}stages/pauseState`, alice)).json()).toEqual({
      status: 'ok',
      data: { paused: true, building: true },
    });
    // A paused run makes no progress, however long it waits.
    sim.control.advance(60 * 60_000);
    const during = (await tree(url)).body.data;
    expect(during.complete).toBe(false);
    const log = (await simHttp(`${url}consoleText`, alice)).text;
    expect(log).toContain('\nPausing\n');
    const resumed = await simHttp(`${url}stages/resume`, {
      method: 'POST',
      ...alice,
    });
    expect(resumed.json()).toEqual({ status: 'ok' });
    sim.control.advance(10 * 60_000);
    const after = (await tree(url)).body.data;
    expect(after.complete).toBe(true);
    expect((await simHttp(`${url}consoleText`, alice)).text).toMatch(
      /\nPausing\n(.*\n)*Resuming\n/,
    );
    const cancel = await simHttp(`${url}stages/cancel`, {
      method: 'POST',
      ...alice,
    });
    expect(cancel.json().message).toBe('Run is already finished');
  });

  it('aborts a running pipeline through stages/cancel', async () => {
    const url = await restartedRun(5000);
    const res = await simHttp(`${url}stages/cancel`, {
      method: 'POST',
      ...alice,
    });
    expect(res.json()).toEqual({ status: 'ok' });
    const { body } = await tree(url);
    expect(body.data.complete).toBe(true);
    expect(body.data.stages[2].state).toBe('aborted');
    const again = await simHttp(`${url}stages/cancel`, {
      method: 'POST',
      ...alice,
    });
    expect(again.json()).toEqual({
      status: 'error',
      message: 'Run was already cancelled',
    });
  });

  // core CrumbFilter: a POST from a session-based realm needs the crumb.
  it('requires a crumb for POSTs from a session-based realm', async () => {
    sim.control.configureRealm({ proxyHeaders: { enabled: true } });
    const proxy = {
      headers: {
        'X-Forwarded-User': 'alice',
        'X-Forwarded-Groups': 'team-payments',
      },
    };
    for (const path of [
      'stages/rerun',
      'stages/cancel',
      'stages/pause',
      'restart/restart',
      'restart/restartPipeline?stageName=Test',
      'replay/run',
      'replay/rebuild',
    ]) {
      const without = await simHttp(`${failed()}/${path}`, {
        method: 'POST',
        form: { json: JSON.stringify({ stageName: 'Test', mainScript: 'x' }) },
        ...proxy,
      });
      expect([path, without.status]).toEqual([path, 403]);
      expect(without.text).toContain(
        'No valid crumb was included in the request',
      );
    }
    // Nothing was scheduled.
    expect(
      (await simHttp(`${main()}/api/json?tree=nextBuildNumber`, alice)).json()
        .nextBuildNumber,
    ).toBe(151);
    const crumb = await crumbHeaders(sim.url, proxy);
    const withCrumb = await simHttp(`${failed()}/stages/rerun`, {
      method: 'POST',
      headers: { ...proxy.headers, ...crumb },
    });
    expect(withCrumb.status).toBe(200);
    expect(withCrumb.json().status).toBe('ok');
  });

  // A Jenkins without the plugin has no `stages` action: stapler's 404; wfapi stays.
  it('answers 404 everywhere under stages/ when the plugin is off', async () => {
    sim.control.setPlugins({ pipelineGraphView: false });
    for (const path of ['tree', 'allSteps', 'log?nodeId=32', '']) {
      expect((await simHttp(`${failed()}/stages/${path}`, alice)).status).toBe(
        404,
      );
    }
    expect(
      (await simHttp(`${failed()}/stages/rerun`, { method: 'POST', ...alice }))
        .status,
    ).toBe(404);
    expect((await simHttp(`${failed()}/wfapi/describe`, alice)).status).toBe(
      200,
    );
    const http = await simHttp(`${sim.url}/__sim/plugins`, {
      method: 'POST',
      body: JSON.stringify({ pipelineGraphView: true }),
    });
    expect(http.json()).toEqual({ pipelineGraphView: true });
    expect((await simHttp(`${failed()}/stages/tree`, alice)).status).toBe(200);
    sim.control.setPlugins({ pipelineGraphView: false });
    sim.control.reset();
    expect(sim.control.plugins()).toEqual({ pipelineGraphView: true });
  });

  // Reading needs Job/Read: the job is invisible (404) to someone without Discover.
  it('hides the graph from callers who cannot see the job', async () => {
    const anonymous = await simHttp(`${failed()}/stages/tree`);
    expect(anonymous.status).toBe(403);
    const reader = await simHttp(`${failed()}/stages/tree`, carol);
    expect(reader.status).toBe(200);
  });

  // MultiPipelineGraphViewAction#getRuns (newest 10, ETag from EtagBuilder unless a run is
  // building, If-None-Match → 304), PipelineRun fields; openapi.yaml PipelineRunsResponse.
  it('lists the newest runs of a job with an ETag', async () => {
    const res = await simHttp(`${main()}/multi-pipeline-graph/runs`, alice);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    const { status, data } = res.json();
    expect(status).toBe('ok');
    expect(data).toHaveLength(10);
    expect(data[0]).toEqual({
      id: '150',
      displayName: '#150',
      timestamp: expect.any(Number),
      duration: expect.any(Number),
      changesCount: 0,
      result: 'success',
    });
    expect(data[1]).toMatchObject({
      id: '149',
      result: 'failure',
      changesCount: 2,
    });
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9+/=]+"$/);
    const same = await simHttp(`${main()}/multi-pipeline-graph/runs`, {
      ...alice,
      headers: { 'If-None-Match': etag },
    });
    expect(same.status).toBe(304);
    await restartedRun(1000);
    const running = await simHttp(`${main()}/multi-pipeline-graph/runs`, alice);
    expect(running.headers.etag).toBeUndefined();
    expect(running.json().data[0]).toMatchObject({
      id: '151',
      result: 'running',
    });
  });

  // pipeline-stage-view RunExt / StageNodeExt: stages flat (nested ones after their parent),
  // NOT_EXECUTED for stages that did not run; node ids shared with stages/tree.
  it('lists nested stages flat in wfapi with the same node ids', async () => {
    const run = (
      await simHttp(`${failed()}/wfapi/describe?fullStages=true`, alice)
    ).json();
    expect(run.stages.map((s: any) => [s.id, s.name, s.status])).toEqual([
      ['6', 'Checkout', 'SUCCESS'],
      ['15', 'Build', 'SUCCESS'],
      ['24', 'Test', 'FAILED'],
      ['26', 'unit', 'SUCCESS'],
      ['27', 'integration', 'SUCCESS'],
      ['28', 'contract', 'FAILED'],
    ]);
    const test = run.stages[2];
    expect(test.error).toEqual({
      message: 'script returned exit code 1',
      type: 'hudson.AbortException',
    });
    expect(test.stageFlowNodes.map((n: any) => n.id)).toEqual([
      '29',
      '30',
      '31',
      '32',
      '33',
    ]);
    const log = (
      await simHttp(`${failed()}/execution/node/32/wfapi/log`, alice)
    ).json();
    expect(log).toMatchObject({ nodeId: '32', nodeStatus: 'FAILED' });
    expect(log.text).toContain('> Task :contractTest FAILED');
    const restarted = await restartedRun(2000);
    const describe = (
      await simHttp(`${restarted}wfapi/describe`, alice)
    ).json();
    expect(describe.stages.slice(0, 2).map((s: any) => s.status)).toEqual([
      'NOT_EXECUTED',
      'NOT_EXECUTED',
    ]);
  });
  // junit JUnitResultsStepExecution: each suite's PipelineTestDetails (nodeId of the
  // recording step, enclosingBlocks / enclosingBlockNames innermost first), exported by
  // hudson.tasks.junit.SuiteResult; null and [] outside Pipeline.
  it('says in the test report which step and stages recorded each suite', async () => {
    const report = (
      await simHttp(
        `${failed()}/testReport/api/json?tree=suites[name,nodeId,enclosingBlocks,enclosingBlockNames,cases[status]]`,
        alice,
      )
    ).json();
    const failing = report.suites.find((s: any) =>
      s.cases.some((c: any) => c.status === 'FAILED'),
    );
    expect(failing).toBeDefined();
    const { body } = await tree(`${failed()}/`);
    const test = body.data.stages.find((s: any) => s.name === 'Test');
    const contract = test.children.find((c: any) => c.name === 'contract');
    expect(failing.enclosingBlocks).toEqual([contract.id, test.id]);
    expect(failing.enclosingBlockNames).toEqual(['contract', 'Test']);
    const steps = (
      await simHttp(`${failed()}/stages/steps?nodeId=${contract.id}`, alice)
    ).json().data.steps;
    // The junit step of contract's `post { always { … } }`, after the failed `sh`.
    expect(
      steps.map((s: any) => [s.id === failing.nodeId, s.name, s.state]),
    ).toEqual([
      [false, './gradlew contractTest', 'failure'],
      [true, 'build/test-results/contractTest/*.xml', 'success'],
    ]);
    expect(steps[1].title).toBe('Archive JUnit-formatted test results');
  });
});
