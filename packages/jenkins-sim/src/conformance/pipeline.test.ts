import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { simHttp, token } from './simHttp';

describe('pipelines: stages, input steps, logs and test reports', () => {
  let sim: JenkinsSim;
  const bob = { basic: token('bob') };
  const alice = { basic: token('alice') };
  const prod = () => `${sim.url}/job/payments/job/deploy-production`;

  beforeAll(async () => {
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  /** Triggers deploy-production as bob and runs it until it waits at Promote. */
  async function pausedProductionBuild(): Promise<string> {
    const res = await simHttp(
      `${prod()}/buildWithParameters?VERSION=2.5.0&delay=0`,
      { method: 'POST', ...bob },
    );
    expect(res.status).toBe(201);
    const item = (await simHttp(`${res.headers.location}api/json`, bob)).json();
    sim.control.advance(6000);
    return item.executable.url;
  }

  // pipeline-stage-view RunAPI#doDescribe → RunExt (status PAUSED_PENDING_INPUT) and core Run
  // (building, result).
  it('describes a run paused at an input step', async () => {
    const url = await pausedProductionBuild();
    const run = (await simHttp(`${url}wfapi/describe`, bob)).json();
    expect(run.status).toBe('PAUSED_PENDING_INPUT');
    expect(run.id).toBe('26');
    expect(run.stages.map((s: any) => [s.name, s.status])).toEqual([
      ['Prepare', 'SUCCESS'],
      ['Promote', 'PAUSED_PENDING_INPUT'],
    ]);
    expect(run._links.self.href).toBe(
      '/job/payments/job/deploy-production/26/wfapi/describe',
    );
    expect(run.stages[0]).not.toHaveProperty('stageFlowNodes');
    const build = (await simHttp(`${url}api/json`, bob)).json();
    expect(build).toMatchObject({ building: true, result: null });
  });

  // pipeline-stage-view RunAPI#doPendingInputActions → PendingInputActionsExt#create.
  it('lists the pending input action in the plugin REST shape', async () => {
    const url = await pausedProductionBuild();
    const actions = (
      await simHttp(`${url}wfapi/pendingInputActions`, bob)
    ).json();
    const base = '/job/payments/job/deploy-production/26/';
    expect(actions).toEqual([
      {
        id: 'Promote',
        proceedText: 'Proceed',
        message: 'Promote to production?',
        inputs: [],
        proceedUrl: `${base}wfapi/inputSubmit?inputId=Promote`,
        abortUrl: `${base}input/Promote/abort`,
        redirectApprovalUrl: `${base}input/`,
      },
    ]);
  });

  // jenkinsci/pipeline-input-step-plugin InputStepExecution.doProceedEmpty →
  // preSubmissionCheck (a hudson.model.Failure: 400) → proceed (HttpResponses.ok()).
  it('refuses the input to alice (not a submitter) with 400 and lets bob proceed', async () => {
    const url = await pausedProductionBuild();
    const refused = await simHttp(`${url}input/Promote/proceedEmpty`, {
      method: 'POST',
      ...alice,
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(
      'You need to be release-managers to submit this.',
    );
    const approved = await simHttp(`${url}input/Promote/proceedEmpty`, {
      method: 'POST',
      ...bob,
    });
    expect(approved.status).toBe(200);
    expect(approved.headers['content-type']).toBeUndefined();
    expect(approved.text).toBe('');
    expect(
      (await simHttp(`${url}wfapi/pendingInputActions`, bob)).json(),
    ).toEqual([]);
    const again = await simHttp(`${url}input/Promote/proceedEmpty`, {
      method: 'POST',
      ...bob,
    });
    expect(again.status).toBe(404);
    sim.control.advance(60_000);
    const run = (await simHttp(`${url}wfapi/describe`, bob)).json();
    expect(run.status).toBe('SUCCESS');
    expect(run.stages.map((s: any) => s.status)).toEqual([
      'SUCCESS',
      'SUCCESS',
      'SUCCESS',
    ]);
    // Prepare took 5 s of the 6 s advanced; bob answered 1 s into the pause.
    expect(run.pauseDurationMillis).toBe(1000);
    const log = (await simHttp(`${url}consoleText`, bob)).text;
    expect(log).toContain(
      'Promote to production?\nProceed or Abort\nApproved by Bob\n',
    );
    expect(log.endsWith('Finished: SUCCESS\n')).toBe(true);
  });

  // jenkinsci/pipeline-stage-view-plugin RunAPI.doNextPendingInputAction and
  // RunAPI.doInputSubmit → InputStepExecution.doProceed, which needs the json
  // form (stapler RequestImpl.getSubmittedForm: 400 without it).
  it('proceeds through the stage view form (wfapi/inputSubmit) and exposes nextPendingInputAction', async () => {
    const url = await pausedProductionBuild();
    const next = (
      await simHttp(`${url}wfapi/nextPendingInputAction`, bob)
    ).json();
    expect(next.id).toBe('Promote');
    const bare = await simHttp(`${sim.url}${next.proceedUrl}`, {
      method: 'POST',
      ...bob,
    });
    expect(bare.status).toBe(400);
    expect(bare.text).toContain('This page expects a form submission');
    const res = await simHttp(`${sim.url}${next.proceedUrl}`, {
      method: 'POST',
      form: { json: '{"parameter":[]}' },
      ...bob,
    });
    expect(res.status).toBe(200);
    expect(
      (await simHttp(`${url}wfapi/nextPendingInputAction`, bob)).json(),
    ).toBeNull();
  });

  // pipeline-stage-view JobAPI#doRuns → JobExt#create (MAX_RUNS_PER_JOB_DEFAULT 10).
  it('lists the newest runs in wfapi/runs', async () => {
    const runs = (await simHttp(`${prod()}/wfapi/runs`, bob)).json();
    expect(runs).toHaveLength(10);
    expect(runs.map((r: any) => r.id).slice(0, 3)).toEqual(['25', '24', '23']);
    expect(runs[0].stages.map((s: any) => s.name)).toEqual([
      'Prepare',
      'Promote',
      'Deploy',
    ]);
  });

  // pipeline-input-step InputStepExecution#canSettle (Jenkins.ADMINISTER) and #doSubmit
  // (redirect to ConsoleUrlProvider#getRedirectUrl).
  it('lets the admin answer any input', async () => {
    const url = await pausedProductionBuild();
    const res = await simHttp(`${url}input/Promote/submit`, {
      method: 'POST',
      form: { proceed: 'Proceed', json: '{"parameter":[]}' },
      basic: token('admin'),
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${url}console`);
  });

  // pipeline-input-step InputStepExecution#doAbort (FlowInterruptedException(ABORTED)).
  it('aborts the build when the input is aborted', async () => {
    const url = await pausedProductionBuild();
    sim.control.advance(1000);
    const res = await simHttp(`${url}input/Promote/abort`, {
      method: 'POST',
      ...bob,
    });
    expect(res.status).toBe(200);
    const build = (await simHttp(`${url}api/json`, bob)).json();
    expect(build).toMatchObject({ building: false, result: 'ABORTED' });
    const run = (await simHttp(`${url}wfapi/describe`, bob)).json();
    expect(run.status).toBe('ABORTED');
    expect(run.stages[1]).toMatchObject({
      name: 'Promote',
      status: 'ABORTED',
      pauseDurationMillis: 2000,
    });
  });

  // stapler framework LargeText#doProgressText (X-Text-Size, X-More-Data, LineEndNormalizingWriter).
  it('reads a growing log progressively until X-More-Data disappears', async () => {
    const res = await simHttp(
      `${sim.url}/job/payments/job/deploy-staging/buildWithParameters?delay=0`,
      { method: 'POST', ...alice },
    );
    const url = (await simHttp(`${res.headers.location}api/json`, alice)).json()
      .executable.url;
    let start = 0;
    let text = '';
    const sizes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const chunk = await simHttp(`${url}logText/progressiveText`, {
        method: 'POST',
        form: { start: String(start) },
        ...alice,
      });
      expect(chunk.headers['content-type']).toBe('text/plain;charset=UTF-8');
      text += chunk.text;
      start = Number(chunk.headers['x-text-size']);
      sizes.push(start);
      if (chunk.headers['x-more-data'] === undefined) break;
      expect(chunk.headers['x-more-data']).toBe('true');
      sim.control.advance(5000);
    }
    expect(text).toContain('Started by user Alice\r\n');
    expect(text.endsWith('Finished: SUCCESS\r\n')).toBe(true);
    expect(new Set(sizes).size).toBeGreaterThan(3);
    const full = await simHttp(`${url}consoleText`, alice);
    expect(Buffer.byteLength(full.text)).toBe(start);
    expect(full.text.replace(/\n/g, '\r\n')).toBe(text);
  });

  // core AnnotatedLargeText#doProgressiveHtml (HTML-escaped text).
  it('serves progressiveHtml with the text escaped', async () => {
    sim.control.loadScenario({
      users: [{ id: 'u', apiTokens: ['t'] }],
      roles: {
        global: [
          { name: 'all', permissions: ['Overall/Administer'], users: ['u'] },
        ],
      },
      jobs: [
        {
          name: 'html',
          type: 'freestyle',
          stages: [
            { name: 'S', durationSeconds: 1, log: ['if (a < b && c > d)'] },
          ],
          history: { count: 1 },
        },
      ],
    });
    const res = await simHttp(`${sim.url}/job/html/1/logText/progressiveHtml`, {
      basic: ['u', 't'],
    });
    expect(res.headers['content-type']).toBe('text/html;charset=UTF-8');
    expect(res.text).toContain('if (a &lt; b &amp;&amp; c &gt; d)\r\n');
    sim.control.loadScenario('demo');
  });

  // stapler LargeText#doProgressText: Long.parseLong(start) throws → /oops.
  it('answers a malformed start with 500 (Long.parseLong)', async () => {
    const res = await simHttp(
      `${sim.url}/job/platform/job/nightly-backup/60/logText/progressiveText?start=abc`,
      alice,
    );
    expect(res.status).toBe(500);
  });

  // pipeline-stage-view RunAPI#doChangesets / #doArtifacts (linked from RunExt).
  it('serves the linked wfapi changesets and artifacts as empty lists', async () => {
    const run = `${prod()}/25/wfapi/`;
    for (const what of ['changesets', 'artifacts']) {
      const res = await simHttp(`${run}${what}`, bob);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual([]);
    }
  });

  // stapler LargeText#doProgressText: start beyond the length → 0.
  it('restarts from 0 when start is beyond the end', async () => {
    const url = `${sim.url}/job/platform/job/nightly-backup/60/`;
    const res = await simHttp(
      `${url}logText/progressiveText?start=999999`,
      alice,
    );
    expect(res.text.startsWith('Started by timer')).toBe(true);
    expect(res.headers['x-more-data']).toBeUndefined();
  });

  // junit plugin TestResultAction (urlName testReport) → hudson.tasks.junit.TestResult.
  it('serves the junit test report with failing case names', async () => {
    const job = `${sim.url}/job/payments/job/payments-service/job/main`;
    const failed = (
      await simHttp(
        `${job}/lastUnstableBuild/api/json?tree=number,actions[failCount,totalCount]`,
        alice,
      )
    ).json();
    const counts = failed.actions.find(
      (a: any) => a._class === 'hudson.tasks.junit.TestResultAction',
    );
    expect(counts.failCount).toBeGreaterThan(0);
    const report = (
      await simHttp(`${job}/${failed.number}/testReport/api/json`, alice)
    ).json();
    expect(report._class).toBe('hudson.tasks.junit.TestResult');
    expect(report.failCount).toBe(counts.failCount);
    const failing = report.suites
      .flatMap((s: any) => s.cases)
      .filter((c: any) => c.status === 'FAILED');
    expect(failing).toHaveLength(counts.failCount);
    expect(failing[0].name).toMatch(/^[a-zA-Z]+$/);
    expect(failing[0].className).toMatch(/^com\.example\.payments\./);
  });

  // core Run#getDynamic: no TestResultAction → no testReport → 404.
  it('answers 404 for the test report of a build without tests', async () => {
    const res = await simHttp(
      `${sim.url}/job/platform/job/nightly-backup/1/testReport/api/json`,
      alice,
    );
    expect(res.status).toBe(404);
  });

  // pipeline-stage-view JobAPI#doDescribe → JobExt#create (countRuns stops at 10).
  it('describes the job for wfapi', async () => {
    const res = (
      await simHttp(
        `${sim.url}/job/payments/job/deploy-staging/wfapi/describe`,
        alice,
      )
    ).json();
    expect(res).toEqual({
      _links: {
        self: { href: '/job/payments/job/deploy-staging/wfapi/describe' },
        runs: { href: '/job/payments/job/deploy-staging/wfapi/runs' },
      },
      name: 'deploy-staging',
      // JobExt.countRuns stops at MAX_RUNS_PER_JOB_DEFAULT (10).
      runCount: 10,
    });
  });

  // pipeline-stage-view JobAPI.doRuns → JobExt.create: newest 10, ending at `since`.
  it('stops wfapi/runs after the run named by since', async () => {
    const runs = (
      await simHttp(`${prod()}/wfapi/runs?since=%2322`, bob)
    ).json();
    expect(runs.map((r: any) => r.name)).toEqual(['#25', '#24', '#23', '#22']);
  });

  // pipeline-stage-view RunExt#create (full) vs #createWrapper, StageNodeExt, ErrorExt;
  // FlowNodeAPI for …/execution/node/ID/wfapi/describe.
  it('adds stageFlowNodes with fullStages=true and an error on failed stages', async () => {
    // A branch whose stages run one `sh` step each (main's Test has parallel
    // branches: see pipelineGraph.test.ts).
    const job = `${sim.url}/job/payments/job/payments-service/job/feature%252Ffast-refunds`;
    const failed = (
      await simHttp(
        `${job}/lastFailedBuild/wfapi/describe?fullStages=true`,
        alice,
      )
    ).json();
    expect(failed.status).toBe('FAILED');
    const stage = failed.stages.find((s: any) => s.status === 'FAILED');
    expect(stage.error).toEqual({
      message: 'script returned exit code 1',
      type: 'hudson.AbortException',
    });
    expect(stage.stageFlowNodes).toHaveLength(1);
    const node = (
      await simHttp(`${sim.url}${stage._links.self.href}`, alice)
    ).json();
    expect(node.name).toBe(stage.name);
  });

  // core Run#doSubmitDescription → setDescription (checkPermission(UPDATE)), then sendRedirect(".").
  it('labels a build with submitDescription when the role allows Run/Update', async () => {
    const url = `${sim.url}/job/payments/job/deploy-staging/40/`;
    const res = await simHttp(`${url}submitDescription`, {
      method: 'POST',
      form: { description: 'Requested by Alice via Backstage' },
      ...alice,
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/job/payments/job/deploy-staging/40/');
    expect(
      (await simHttp(`${url}api/json?tree=description`, alice)).json()
        .description,
    ).toBe('Requested by Alice via Backstage');
    const carol = await simHttp(`${url}submitDescription`, {
      method: 'POST',
      form: { description: 'x' },
      basic: token('carol'),
    });
    expect(carol.status).toBe(403);
    expect(carol.headers['x-required-permission']).toBe(
      'hudson.model.Run.Update',
    );
  });
});
