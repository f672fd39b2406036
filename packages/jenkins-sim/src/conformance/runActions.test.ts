import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import type { ScenarioInput } from '../scenario/scenarioSchema';
import { simHttp, token } from './simHttp';

/**
 * Restart from a stage (jenkinsci/pipeline-model-definition-plugin
 * `RestartDeclarativePipelineAction`, `RestartDeclarativePipelineCause`,
 * `actions/Messages.properties`, `causes/Messages.properties`), replay and
 * rebuild (jenkinsci/workflow-cps-plugin `ReplayAction`, `ReplayCause`,
 * `replay/Messages.properties`), pause (`PauseUnpauseAction`), change sets
 * (jenkinsci/git-plugin `GitChangeSet`, `GitChangeSetList`), artifacts (core
 * `Run.Artifact`, `Run.doArtifact`, `DirectoryBrowserSupport`) and causes
 * (core `Cause$UpstreamCause`).
 */
describe('restart, replay, pause, changes, artifacts and causes (demo)', () => {
  let sim: JenkinsSim;
  const alice = { basic: token('alice') };
  const bob = { basic: token('bob') };
  const carol = { basic: token('carol') };
  const main = () => `${sim.url}/job/payments/job/payments-service/job/main`;
  const failed = () => `${main()}/149`;

  beforeAll(async () => {
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  const causesOf = async (url: string, auth = alice) =>
    (await simHttp(`${url}api/json?tree=actions[causes[*]]`, auth))
      .json()
      .actions.find((a: any) => a.causes).causes;

  // RestartDeclarativePipelineAction: @ExportedBean restartEnabled / restartableStages;
  // getUrlName() is null unless isRestartEnabled() (Item.BUILD, not building) → 404.
  it('exports the restart action, enabled only for callers with Job/Build', async () => {
    const api = await simHttp(`${failed()}/restart/api/json`, alice);
    expect(api.status).toBe(200);
    expect(api.json()).toEqual({
      _class:
        'org.jenkinsci.plugins.pipeline.modeldefinition.actions.RestartDeclarativePipelineAction',
      restartEnabled: true,
      // Package was skipped for the earlier failure: not restartable.
      restartableStages: ['Checkout', 'Build', 'Test'],
    });
    const tree = 'actions[_class,restartEnabled,restartableStages]';
    const asCarol = (
      await simHttp(`${failed()}/api/json?tree=${tree}`, carol)
    ).json();
    expect(
      asCarol.actions.find((a: any) => 'restartEnabled' in a),
    ).toMatchObject({
      restartEnabled: false,
      restartableStages: ['Checkout', 'Build', 'Test'],
    });
    expect((await simHttp(`${failed()}/restart/api/json`, carol)).status).toBe(
      404,
    );
    expect(
      (
        await simHttp(`${failed()}/restart/restart`, {
          method: 'POST',
          form: { json: '{"stageName":"Test"}' },
          ...carol,
        })
      ).status,
    ).toBe(404);
    const page = await simHttp(`${failed()}/restart/`, alice);
    expect(page.text).toContain(
      '<select class="jenkins-select__input" name="stageName">',
    );
    expect(page.text).toContain('<option value="Test">Test</option>');
  });

  // RestartDeclarativePipelineAction#doRestart: Failure "Failure restarting from stage: " +
  // IllegalStateException (StageNameNotPresent / NullStageName); getSubmittedForm.
  it('refuses a stage that is not restartable with 400', async () => {
    const res = await simHttp(`${failed()}/restart/restart`, {
      method: 'POST',
      form: { json: JSON.stringify({ stageName: 'Package' }) },
      ...alice,
    });
    expect(res.status).toBe(400);
    // hudson.model.Failure → error.jelly (message in the page and X-Error).
    expect(res.text).toContain(
      'Failure restarting from stage: java.lang.IllegalStateException: Stage Package is not present in the top-level stages for payments \u00bb payments-service \u00bb main #149, so cannot be restarted.',
    );
    expect(res.headers['x-error']).toMatch(/^Failure restarting from stage: /);
    const empty = await simHttp(`${failed()}/restart/restart`, {
      method: 'POST',
      form: { json: JSON.stringify({ stageName: '' }) },
      ...alice,
    });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain(
      'Stage name cannot be null or an empty string.',
    );
    const noForm = await simHttp(`${failed()}/restart/restart`, {
      method: 'POST',
      form: { stageName: 'Test' },
      ...alice,
    });
    expect(noForm.status).toBe(400);
    expect(noForm.text).toContain('This page expects a form submission');
    expect((await simHttp(`${failed()}/restart/restart`, alice)).status).toBe(
      405,
    );
  });

  // run(stageName): scheduleBuild2(job, 0, CauseAction(UserIdCause, RestartDeclarativePipelineCause))
  // then sendRedirect("../.."); SkippedStageReason.Restart message in the new run's log.
  it('restarts from a stage as the caller, skipping the stages before it', async () => {
    const res = await simHttp(`${failed()}/restart/restart`, {
      method: 'POST',
      form: { json: JSON.stringify({ stageName: 'Test' }) },
      ...alice,
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(
      '/job/payments/job/payments-service/job/main/',
    );
    sim.control.advance(1000);
    const url = `${main()}/151/`;
    expect(await causesOf(url)).toEqual([
      {
        _class: 'hudson.model.Cause$UserIdCause',
        shortDescription: 'Started by user Alice',
        userId: 'alice',
        userName: 'Alice',
      },
      {
        _class:
          'org.jenkinsci.plugins.pipeline.modeldefinition.causes.RestartDeclarativePipelineCause',
        shortDescription: 'Restarted from build #149, stage Test',
      },
    ]);
    // While it runs the action is disabled (isBuilding) → 404.
    expect((await simHttp(`${url}restart/api/json`, alice)).status).toBe(404);
    const log = (await simHttp(`${url}consoleText`, alice)).text;
    expect(log).toContain(
      'Stage "Build" skipped due to this build restarting at stage "Test"',
    );
    sim.control.advance(10 * 60_000);
    const done = (
      await simHttp(`${url}api/json?tree=result,building`, alice)
    ).json();
    expect(done).toMatchObject({ result: 'SUCCESS', building: false });
    expect(
      (await simHttp(`${url}restart/api/json`, alice)).json().restartableStages,
    ).toEqual(['Checkout', 'Build', 'Test', 'Package']);
  });

  // doRestartPipeline: okJSON of a HashMap {success, message}.
  it('answers restartPipeline with the JSON envelope', async () => {
    const bad = await simHttp(
      `${failed()}/restart/restartPipeline?stageName=Nope`,
      { method: 'POST', ...alice },
    );
    expect(bad.status).toBe(200);
    expect(bad.json()).toEqual({
      status: 'ok',
      data: {
        success: 'false',
        message:
          'Failure restarting from stage: java.lang.IllegalStateException: Stage Nope is not present in the top-level stages for payments \u00bb payments-service \u00bb main #149, so cannot be restarted.',
      },
    });
    const ok = await simHttp(
      `${failed()}/restart/restartPipeline?stageName=Build`,
      { method: 'POST', ...alice },
    );
    expect(ok.json()).toEqual({
      status: 'ok',
      data: { success: 'true', message: 'ok' },
    });
  });

  // ReplayAction index.jelly (f:textarea name "_.mainScript"), #doRun (form mainScript),
  // ReplayCause "Replayed #N", #getDiff (unified diff "old/Jenkinsfile").
  it('replays with an edited script as the caller', async () => {
    const page = await simHttp(`${failed()}/replay/`, alice);
    expect(page.status).toBe(200);
    const match =
      /<textarea name="_\.mainScript"[^>]*>([\s\S]*?)<\/textarea>/.exec(
        page.text,
      );
    expect(match).not.toBeNull();
    // core lib/form/textarea.jelly: st:out escapes &, < and > only.
    const original = match![1]
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(original).toContain("stage('contract')");
    expect(original).toContain("sh './gradlew contractTest'");
    const edited = original.replace(
      "sh './gradlew contractTest'",
      "sh './gradlew contractTest --rerun-tasks'",
    );
    const res = await simHttp(`${failed()}/replay/run`, {
      method: 'POST',
      form: { json: JSON.stringify({ mainScript: edited }) },
      ...alice,
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(
      '/job/payments/job/payments-service/job/main/',
    );
    sim.control.advance(1000);
    const url = `${main()}/151/`;
    expect((await causesOf(url))[1]).toEqual({
      _class: 'org.jenkinsci.plugins.workflow.cps.replay.ReplayCause',
      shortDescription: 'Replayed #149',
    });
    expect((await simHttp(`${url}replay/`, alice)).text).toContain(
      'contractTest --rerun-tasks',
    );
    const diff = (await simHttp(`${url}replay/diff`, alice)).text;
    expect(diff).toContain('--- old/Jenkinsfile');
    expect(diff).toContain('+++ new/Jenkinsfile');
    expect(diff).toContain(
      "\n-                        sh './gradlew contractTest'\n",
    );
    expect(diff).toContain(
      "\n+                        sh './gradlew contractTest --rerun-tasks'\n",
    );
  });

  // ReplayAction#getUrlName: null without Run/Replay and Item.BUILD → 404; #doRun without
  // mainScript → JSONException (500); #doRebuild → "Rebuilt #N"; a password parameter → Failure.
  it('refuses replay without permission, without a script, and with password parameters', async () => {
    expect((await simHttp(`${failed()}/replay/`, carol)).status).toBe(404);
    const noScript = await simHttp(`${failed()}/replay/run`, {
      method: 'POST',
      form: { json: '{}' },
      ...alice,
    });
    expect(noScript.status).toBe(500);
    const rebuild = await simHttp(`${failed()}/replay/rebuild`, {
      method: 'POST',
      ...alice,
    });
    expect(rebuild.status).toBe(302);
    sim.control.advance(1000);
    expect((await causesOf(`${main()}/151/`))[1].shortDescription).toBe(
      'Rebuilt #149',
    );
    // deploy-staging has a password parameter (SMOKE_TEST_TOKEN).
    const staging = `${sim.url}/job/payments/job/deploy-staging/38/`;
    const refused = await simHttp(`${staging}replay/run`, {
      method: 'POST',
      form: { json: JSON.stringify({ mainScript: 'pipeline {}' }) },
      ...alice,
    });
    expect(refused.status).toBe(400);
    expect(refused.headers['x-error']).toBe(
      'Replay is not allowed when password parameters are used.',
    );
    const rerun = await simHttp(`${staging}stages/rerun`, {
      method: 'POST',
      ...alice,
    });
    expect(rerun.status).toBe(400);
  });

  // deploy-staging: every finished Declarative run is restartable (demo scenario).
  it('restarts deploy-staging from its failed stage', async () => {
    const staging = `${sim.url}/job/payments/job/deploy-staging`;
    expect(
      (await simHttp(`${staging}/38/restart/api/json`, alice)).json(),
    ).toMatchObject({
      restartEnabled: true,
      restartableStages: ['Prepare', 'Deploy', 'Smoke Test'],
    });
    const res = await simHttp(`${staging}/38/restart/restart`, {
      method: 'POST',
      form: { json: JSON.stringify({ stageName: 'Smoke Test' }) },
      ...alice,
    });
    expect(res.status).toBe(302);
    sim.control.advance(1000);
    const causes = await causesOf(`${staging}/41/`);
    expect(causes[1].shortDescription).toBe(
      'Restarted from build #38, stage Smoke Test',
    );
    // bob may read deploy-staging but not build it.
    expect((await simHttp(`${staging}/38/restart/api/json`, bob)).status).toBe(
      404,
    );
  });

  // PauseUnpauseAction: only while running, only with Item.CANCEL (else no action: 404);
  // @RequirePOST doToggle.
  it('toggles a running pipeline with pause/toggle', async () => {
    expect(
      (await simHttp(`${failed()}/pause/toggle`, { method: 'POST', ...alice }))
        .status,
    ).toBe(404);
    await simHttp(`${failed()}/replay/rebuild`, { method: 'POST', ...alice });
    sim.control.advance(2000);
    const url = `${main()}/151/`;
    expect(
      (await simHttp(`${url}pause/toggle`, { method: 'POST', ...carol }))
        .status,
    ).toBe(404);
    expect((await simHttp(`${url}pause/toggle`, alice)).status).toBe(405);
    const toggled = await simHttp(`${url}pause/toggle`, {
      method: 'POST',
      ...alice,
    });
    expect(toggled.status).toBe(200);
    expect(toggled.text).toBe('');
    expect(
      (await simHttp(`${url}stages/pauseState`, alice)).json().data.paused,
    ).toBe(true);
    await simHttp(`${url}pause/toggle`, { method: 'POST', ...alice });
    expect(
      (await simHttp(`${url}stages/pauseState`, alice)).json().data.paused,
    ).toBe(false);
  });

  // git-plugin GitChangeSetList (kind "git") / GitChangeSet (ChangeLogSet.Entry fields, then
  // authorEmail, comment, date, id, paths); RunWithSCM#getCulprits; ChangeSetExt.
  it('exports the change sets with authors that match catalog users', async () => {
    const tree =
      'changeSets[kind,items[commitId,msg,author[fullName,absoluteUrl],authorEmail,timestamp,affectedPaths,paths[editType,file]]],culprits[fullName]';
    const build = (
      await simHttp(`${failed()}/api/json?tree=${tree}`, alice)
    ).json();
    expect(build.changeSets).toHaveLength(1);
    const set = build.changeSets[0];
    expect(set._class).toBe('hudson.plugins.git.GitChangeSetList');
    expect(set.kind).toBe('git');
    expect(
      set.items.map((i: any) => [i.author.fullName, i.authorEmail, i.msg]),
    ).toEqual([
      [
        'Alice',
        'alice@example.com',
        'Validate refund amounts against the ledger contract',
      ],
      ['Bob', 'bob@example.com', 'Bump contract fixtures to ledger API v3'],
    ]);
    expect(set.items[0]).toMatchObject({
      _class: 'hudson.plugins.git.GitChangeSet',
      commitId: expect.stringMatching(/^[0-9a-f]{40}$/),
      timestamp: expect.any(Number),
      author: { absoluteUrl: `${sim.url}/user/alice` },
      affectedPaths: [
        'src/main/java/com/example/payments/RefundService.java',
        'src/test/contract/refunds.json',
      ],
      paths: [
        {
          editType: 'edit',
          file: 'src/main/java/com/example/payments/RefundService.java',
        },
        { editType: 'add', file: 'src/test/contract/refunds.json' },
      ],
    });
    expect(build.culprits).toEqual([
      { fullName: 'Alice' },
      { fullName: 'Bob' },
    ]);
    const full = (
      await simHttp(`${failed()}/api/json?tree=changeSets[items[*]]`, alice)
    ).json().changeSets[0].items[0];
    expect(Object.keys(full)).toEqual([
      '_class',
      'affectedPaths',
      'author',
      'commitId',
      'msg',
      'timestamp',
      'authorEmail',
      'comment',
      'date',
      'id',
      'paths',
    ]);
    expect(full.comment).toBe(
      'Validate refund amounts against the ledger contract\n\nRefunds above the captured amount are now rejected with 422.\n',
    );
    expect(full.date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$/);
    const wfapi = (await simHttp(`${failed()}/wfapi/changesets`, alice)).json();
    expect(wfapi).toEqual([
      {
        kind: 'git',
        commitCount: 2,
        commits: [
          expect.objectContaining({
            commitId: set.items[0].commitId,
            authorJenkinsId: 'Alice',
            message: 'Validate refund amounts against the ledger contract',
          }),
          expect.objectContaining({ authorJenkinsId: 'Bob' }),
        ],
        consoleUrl: '/job/payments/job/payments-service/job/main/149/changes',
      },
    ]);
    // A build without changes: an empty list, as before.
    expect(
      (await simHttp(`${main()}/150/api/json?tree=changeSets[*]`, alice)).json()
        .changeSets,
    ).toEqual([]);
  });

  // Run.Artifact (@Exported displayPath, fileName, relativePath; no _class); Run.doArtifact →
  // DirectoryBrowserSupport (file served with its MIME type and length; *zip*).
  it('lists artifacts and serves their content', async () => {
    const build = (
      await simHttp(`${failed()}/api/json?tree=artifacts[*]`, alice)
    ).json();
    expect(build.artifacts).toEqual([
      {
        displayPath: 'index.html',
        fileName: 'index.html',
        relativePath: 'build/reports/contract/index.html',
      },
      {
        displayPath: 'TEST-PaymentContractTest.xml',
        fileName: 'TEST-PaymentContractTest.xml',
        relativePath:
          'build/test-results/contract/TEST-PaymentContractTest.xml',
      },
    ]);
    const file = await simHttp(
      `${failed()}/artifact/build/test-results/contract/TEST-PaymentContractTest.xml`,
      alice,
    );
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/xml');
    expect(Number(file.headers['content-length'])).toBe(
      Buffer.byteLength(file.text),
    );
    expect(file.headers['content-security-policy']).toContain('sandbox');
    expect(file.text).toContain('name="refundMatchesLedgerContract()"');
    const html = await simHttp(
      `${failed()}/artifact/build/reports/contract/index.html`,
      alice,
    );
    expect(html.text).toContain('payments-service #149');
    expect(
      (await simHttp(`${failed()}/artifact/build/nope.txt`, alice)).status,
    ).toBe(404);
    // Run.ARTIFACTS is off by default: reading the job is enough (carol reads).
    expect(
      (
        await simHttp(
          `${failed()}/artifact/build/reports/contract/index.html`,
          carol,
        )
      ).status,
    ).toBe(200);
    const zip = await simHttp(`${failed()}/artifact/*zip*/archive.zip`, alice);
    expect(zip.status).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.text.startsWith('PK')).toBe(true);
    // A successful build archives the jar (onlyIfSuccessful), 2048 bytes.
    const jar = await simHttp(
      `${main()}/150/artifact/build/libs/payments-service.jar`,
      alice,
    );
    expect(jar.status).toBe(200);
    expect(jar.headers['content-type']).toBe('application/java-archive');
    expect(jar.headers['content-length']).toBe('2048');
    expect(
      (
        await simHttp(
          `${failed()}/artifact/build/libs/payments-service.jar`,
          alice,
        )
      ).status,
    ).toBe(404);
    const wfapi = (
      await simHttp(`${main()}/150/wfapi/artifacts`, alice)
    ).json();
    expect(wfapi).toEqual([
      {
        id: 'n1',
        name: 'payments-service.jar',
        path: 'build/libs/payments-service.jar',
        url: '/job/payments/job/payments-service/job/main/150/artifact/build/libs/payments-service.jar',
        size: 2048,
      },
    ]);
  });

  it('shows no artifacts while a run is still building', async () => {
    await simHttp(`${failed()}/replay/rebuild`, { method: 'POST', ...alice });
    sim.control.advance(1000);
    const running = (
      await simHttp(`${main()}/151/api/json?tree=building,artifacts[*]`, alice)
    ).json();
    expect(running).toMatchObject({ building: true, artifacts: [] });
    expect((await simHttp(`${main()}/151/artifact/`, alice)).status).toBe(404);
  });
});

/** A small scenario for graphs, permissions and causes the demo does not have. */
const custom: ScenarioInput = {
  name: 'custom-graphs',
  startTime: '2026-11-30T12:00:00Z',
  artifactsPermission: true,
  users: [
    { id: 'dev', name: 'Dev', apiTokens: ['dev-token'] },
    { id: 'ops', name: 'Ops', apiTokens: ['ops-token'] },
  ],
  roles: {
    global: [
      {
        name: 'read',
        permissions: ['Overall/Read', 'Job/Discover', 'Job/Read'],
        groups: ['authenticated'],
      },
      {
        name: 'dev',
        // Build and cancel, but neither replay nor artifacts.
        permissions: ['Job/Build', 'Job/Cancel'],
        users: ['dev'],
      },
      {
        name: 'ops',
        permissions: ['Job/Build', 'Job/Configure', 'Run/Artifacts'],
        users: ['ops'],
      },
    ],
    items: [],
  },
  jobs: [
    {
      name: 'app',
      type: 'pipeline',
      stages: [
        { name: 'Build', durationSeconds: 10, log: ['+ make'] },
        {
          name: 'Verify',
          parallel: [
            {
              name: 'lint',
              stages: [
                {
                  name: 'eslint',
                  steps: [{ name: 'npx eslint .', durationSeconds: 5 }],
                },
                {
                  name: 'prettier',
                  steps: [
                    { name: 'npx prettier --check .', durationSeconds: 5 },
                  ],
                },
              ],
            },
            { name: 'e2e', when: false },
          ],
        },
        { name: 'Deploy', durationSeconds: 5 },
      ],
      artifacts: [{ path: 'dist/app.tgz', size: 100 }],
      history: { count: 3, seed: 'app', failureRate: 0, unstableRate: 0 },
      builds: [
        {
          number: 3,
          failAt: 'Verify/lint/prettier',
          error: 'script returned exit code 2',
          causes: ['upstream:libs/core#12'],
        },
      ],
    },
    {
      name: 'scripted',
      type: 'pipeline',
      declarative: false,
      stages: [{ name: 'Only', durationSeconds: 1 }],
      history: { count: 1, seed: 's' },
    },
  ],
};

describe('custom graphs from a scenario', () => {
  let sim: JenkinsSim;
  const dev = { basic: ['dev', 'dev-token'] as [string, string] };
  const ops = { basic: ['ops', 'ops-token'] as [string, string] };

  beforeAll(async () => {
    sim = await startJenkinsSim({
      port: 0,
      virtualClock: true,
      scenario: custom,
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  // PipelineStage.isSequential for stages in a `stages {}` block; NodeRunStatus: a stage skipped
  // by `when` is SKIPPED; after a failure the rest of a sequence is skipped.
  it('nests sequential stages in a parallel branch and skips by when', async () => {
    const app = `${sim.url}/job/app/3/`;
    const body = (await simHttp(`${app}stages/tree`, ops)).json();
    const verify = body.data.stages[1];
    expect(verify.state).toBe('failure');
    const [lint, e2e] = verify.children;
    expect([lint.name, lint.type, lint.state]).toEqual([
      'lint',
      'PARALLEL',
      'failure',
    ]);
    expect(
      lint.children.map((c: any) => [c.name, c.type, c.isSequential, c.state]),
    ).toEqual([
      ['eslint', 'STAGE', true, 'success'],
      ['prettier', 'STAGE', true, 'failure'],
    ]);
    expect([e2e.name, e2e.state]).toEqual(['e2e', 'skipped']);
    expect(body.data.stages[2]).toMatchObject({
      name: 'Deploy',
      state: 'skipped',
    });
    const prettier = lint.children[1];
    const steps = (
      await simHttp(`${app}stages/steps?nodeId=${prettier.id}`, ops)
    ).json().data.steps;
    expect(steps).toHaveLength(1);
    expect(
      (await simHttp(`${app}stages/exceptionText?nodeId=${steps[0].id}`, ops))
        .text,
    ).toBe('script returned exit code 2');
    expect(
      (await simHttp(`${app}restart/api/json`, ops)).json().restartableStages,
    ).toEqual(['Build', 'Verify']);
  });

  // Cause$UpstreamCause: shortDescription, upstreamBuild, upstreamProject, upstreamUrl.
  it('exports an upstream cause', async () => {
    const causes = (
      await simHttp(
        `${sim.url}/job/app/3/api/json?tree=actions[causes[*]]`,
        ops,
      )
    )
      .json()
      .actions.find((a: any) => a.causes).causes;
    expect(causes).toEqual([
      {
        _class: 'hudson.model.Cause$UpstreamCause',
        shortDescription:
          'Started by upstream project "libs/core" build number 12',
        upstreamBuild: 12,
        upstreamProject: 'libs/core',
        upstreamUrl: 'job/libs/job/core/',
      },
    ]);
  });

  // ReplayAction#doRun: isEnabled() needs Run/Replay (implied by Item.CONFIGURE); with only
  // Item.BUILD the action exists (rebuild) but run is an AccessDeniedException (403).
  it('lets Job/Configure replay and refuses Job/Build alone', async () => {
    const run = `${sim.url}/job/app/2/replay/run`;
    const form = { json: JSON.stringify({ mainScript: 'pipeline {}' }) };
    const denied = await simHttp(run, { method: 'POST', form, ...dev });
    expect(denied.status).toBe(403);
    expect(denied.text).toContain('not allowed to replay');
    const page = (await simHttp(`${sim.url}/job/app/2/replay/`, dev)).text;
    expect(page).toContain('action="rebuild"');
    expect(page).not.toContain('_.mainScript');
    expect((await simHttp(run, { method: 'POST', form, ...ops })).status).toBe(
      302,
    );
    const diff = await simHttp(`${sim.url}/job/app/2/replay/diff`, dev);
    expect(diff.status).toBe(403);
    expect(diff.headers['x-required-permission']).toBe(
      'hudson.model.Run.Replay',
    );
  });

  // Run.doArtifact with -Dhudson.security.ArtifactsPermission=true: checkPermission(ARTIFACTS).
  it('requires Run/Artifacts when the artifacts permission is enabled', async () => {
    const url = `${sim.url}/job/app/2/artifact/dist/app.tgz`;
    const denied = await simHttp(url, dev);
    expect(denied.status).toBe(403);
    expect(denied.headers['x-required-permission']).toBe(
      'hudson.model.Run.Artifacts',
    );
    const ok = await simHttp(url, ops);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/gzip');
    expect(ok.headers['content-length']).toBe('100');
  });

  // RestartDeclarativePipelineAction: a Scripted Pipeline has no ExecutionModelAction.
  it('does not restart a Scripted Pipeline', async () => {
    const url = `${sim.url}/job/scripted/1/`;
    expect((await simHttp(`${url}restart/api/json`, ops)).status).toBe(404);
    const action = (
      await simHttp(
        `${url}api/json?tree=actions[restartEnabled,restartableStages]`,
        ops,
      )
    )
      .json()
      .actions.find((a: any) => 'restartEnabled' in a);
    expect(action).toEqual({
      _class:
        'org.jenkinsci.plugins.pipeline.modeldefinition.actions.RestartDeclarativePipelineAction',
      restartEnabled: false,
      restartableStages: [],
    });
  });

  it('rejects a pinned build whose stage path does not exist', async () => {
    await expect(
      startJenkinsSim({
        port: 0,
        virtualClock: true,
        scenario: {
          ...custom,
          jobs: [
            {
              ...custom.jobs![0],
              builds: [{ number: 1, failAt: 'Verify/nope' }],
            },
          ],
        },
      }),
    ).rejects.toThrow(
      "app builds #1: Verify/nope: No stage 'nope' (stages: lint, e2e)",
    );
  });
});
