import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { simHttp, token } from './simHttp';

describe('triggering builds and the queue', () => {
  let sim: JenkinsSim;
  const alice = { basic: token('alice') };
  const staging = () => `${sim.url}/job/payments/job/deploy-staging`;

  beforeAll(async () => {
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  // core ParametersDefinitionProperty#buildWithParameters → sendRedirect(SC_CREATED, …);
  // stapler ResponseImpl#sendRedirect(int, String) makes the Location absolute.
  it('answers buildWithParameters with 201 and an absolute queue Location', async () => {
    const res = await simHttp(
      `${staging()}/buildWithParameters?VERSION=2.5.0`,
      { method: 'POST', ...alice },
    );
    expect(res.status).toBe(201);
    expect(res.headers.location).toMatch(
      new RegExp(`^${sim.url}/queue/item/\\d+/$`),
    );
    expect(res.text).toBe('');
  });

  // core ParametersDefinitionProperty#buildWithParameters: Queue#schedule2 not created → 303;
  // Queue#schedule2 folds the new CauseAction (a FoldableAction) into the queued item.
  it('answers 303 with the same Location for an identical queued item', async () => {
    const first = await simHttp(
      `${staging()}/buildWithParameters?VERSION=2.5.0`,
      { method: 'POST', ...alice },
    );
    const second = await simHttp(
      `${staging()}/buildWithParameters?VERSION=2.5.0`,
      { method: 'POST', ...alice },
    );
    const different = await simHttp(
      `${staging()}/buildWithParameters?VERSION=2.6.0`,
      { method: 'POST', ...alice },
    );
    expect(second.status).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(different.status).toBe(201);
    expect(different.headers.location).not.toBe(first.headers.location);
  });

  // core ParametersDefinitionProperty#buildWithParameters (ParameterDefinition#createValue(req)
  // falls back to the default) and ParameterizedJobMixIn#getBuildCause (Cause.UserIdCause).
  it('fills missing parameters with their defaults and records who started the build', async () => {
    const res = await simHttp(`${staging()}/buildWithParameters`, {
      method: 'POST',
      form: { VERSION: 'x y', DRY_RUN: 'true' },
      ...alice,
    });
    const item = await simHttp(`${res.headers.location}api/json`, alice);
    const body = item.json();
    expect(body._class).toBe('hudson.model.Queue$WaitingItem');
    const params = body.actions.find(
      (a: any) => a._class === 'hudson.model.ParametersAction',
    ).parameters;
    expect(params.map((p: any) => [p._class, p.name, p.value])).toEqual([
      ['hudson.model.StringParameterValue', 'VERSION', 'x y'],
      ['hudson.model.BooleanParameterValue', 'DRY_RUN', true],
      ['hudson.model.StringParameterValue', 'REGION', 'eu-west-1'],
      ['hudson.model.TextParameterValue', 'NOTES', ''],
      ['hudson.model.PasswordParameterValue', 'SMOKE_TEST_TOKEN', undefined],
      ['hudson.model.StringParameterValue', 'BACKSTAGE_USER', ''],
      ['hudson.model.StringParameterValue', 'BACKSTAGE_ENTITY', ''],
      ['hudson.model.StringParameterValue', 'BACKSTAGE_OWNER', ''],
      ['hudson.model.StringParameterValue', 'BACKSTAGE_REQUEST_ID', ''],
    ]);
    expect(body.params).toContain('\nVERSION=x y');
    const cause = body.actions.find(
      (a: any) => a._class === 'hudson.model.CauseAction',
    ).causes[0];
    expect(cause).toEqual({
      _class: 'hudson.model.Cause$UserIdCause',
      shortDescription: 'Started by user Alice',
      userId: 'alice',
      userName: 'Alice',
    });
  });

  // core Queue (WaitingItem → BuildableItem → LeftItem, Queue.InQuietPeriod message) and
  // Queue.LeftItem#getExecutable.
  it('turns a queue item into a build after the quiet period', async () => {
    const res = await simHttp(`${staging()}/buildWithParameters?VERSION=1`, {
      method: 'POST',
      ...alice,
    });
    const itemUrl = `${res.headers.location}api/json`;
    const waiting = (await simHttp(itemUrl, alice)).json();
    expect(waiting.why).toBe('In the quiet period. Expires in 5.0 sec');
    expect(waiting.url).toMatch(/^queue\/item\/\d+\/$/);
    expect(waiting.task).toEqual({
      _class: 'org.jenkinsci.plugins.workflow.job.WorkflowJob',
      name: 'deploy-staging',
      url: `${sim.url}/job/payments/job/deploy-staging/`,
      color: expect.any(String),
    });
    sim.control.advance(2000);
    expect((await simHttp(itemUrl, alice)).json().why).toBe(
      'In the quiet period. Expires in 3.0 sec',
    );
    sim.control.advance(3000);
    const left = (await simHttp(itemUrl, alice)).json();
    expect(left._class).toBe('hudson.model.Queue$LeftItem');
    expect(left.why).toBeNull();
    expect(left.cancelled).toBe(false);
    expect(left.executable).toEqual({
      _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun',
      number: 41,
      url: `${sim.url}/job/payments/job/deploy-staging/41/`,
    });
    const build = (
      await simHttp(`${left.executable.url}api/json`, alice)
    ).json();
    expect(build).toMatchObject({
      building: true,
      inProgress: true,
      result: null,
      duration: 0,
      queueId: left.id,
    });
  });

  // core Queue.BuildableItem#getCauseOfBlockage: Messages Queue.WaitingForNextAvailableExecutor.
  it('waits for a free executor and says so', async () => {
    await sim.control.loadScenario({
      queue: { quietPeriodSeconds: 0, executors: 1 },
      users: [{ id: 'u', apiTokens: ['t'] }],
      roles: {
        global: [
          { name: 'all', permissions: ['Overall/Administer'], users: ['u'] },
        ],
      },
      jobs: [
        {
          name: 'a',
          type: 'pipeline',
          stages: [{ name: 'S', durationSeconds: 10 }],
        },
        {
          name: 'b',
          type: 'pipeline',
          stages: [{ name: 'S', durationSeconds: 10 }],
        },
      ],
    });
    const u = { basic: ['u', 't'] as [string, string] };
    await simHttp(`${sim.url}/job/a/build`, { method: 'POST', ...u });
    const b = await simHttp(`${sim.url}/job/b/build`, { method: 'POST', ...u });
    const item = (await simHttp(`${b.headers.location}api/json`, u)).json();
    expect(item._class).toBe('hudson.model.Queue$BuildableItem');
    expect(item.why).toBe('Waiting for next available executor');
    expect(item.buildable).toBe(true);
    sim.control.advance(10000);
    const left = (await simHttp(`${b.headers.location}api/json`, u)).json();
    expect(left.executable.number).toBe(1);
    const build = (await simHttp(`${sim.url}/job/b/1/api/json`, u)).json();
    // It started exactly when a's build freed the executor.
    const first = (await simHttp(`${sim.url}/job/a/1/api/json`, u)).json();
    expect(build.timestamp).toBe(first.timestamp + first.duration);
    sim.control.loadScenario('demo');
  });

  // workflow-job WorkflowRun runs on a flyweight OneOffExecutor; pipeline-input-step's input
  // waits outside node, so no heavyweight executor is held.
  it('frees the executor of a run waiting at an input step', async () => {
    sim.control.loadScenario({
      queue: { quietPeriodSeconds: 0, executors: 1 },
      users: [{ id: 'u', apiTokens: ['t'] }],
      roles: {
        global: [
          { name: 'all', permissions: ['Overall/Administer'], users: ['u'] },
        ],
      },
      jobs: [
        {
          name: 'gate',
          type: 'pipeline',
          stages: [
            {
              name: 'Wait',
              durationSeconds: 1,
              input: { id: 'Go', message: 'Go?' },
            },
          ],
        },
        {
          name: 'other',
          type: 'pipeline',
          stages: [{ name: 'S', durationSeconds: 10 }],
        },
      ],
    });
    const u = { basic: ['u', 't'] as [string, string] };
    await simHttp(`${sim.url}/job/gate/build`, { method: 'POST', ...u });
    const other = await simHttp(`${sim.url}/job/other/build`, {
      method: 'POST',
      ...u,
    });
    const item = (await simHttp(`${other.headers.location}api/json`, u)).json();
    expect(item.executable).toMatchObject({ number: 1 });
    const gate = (
      await simHttp(`${sim.url}/job/gate/1/wfapi/describe`, u)
    ).json();
    expect(gate.status).toBe('PAUSED_PENDING_INPUT');
    sim.control.loadScenario('demo');
  });

  // core AbstractProject#getCauseOfBlockage → BlockedBecauseOfBuildInProgress
  // ("Build #{0} is already in progress{1}", jenkins/model/Messages.properties).
  it('blocks a non-concurrent job while its build runs', async () => {
    const admin = { basic: token('admin') };
    const backup = `${sim.url}/job/platform/job/nightly-backup`;
    await simHttp(`${backup}/build?delay=0sec`, { method: 'POST', ...admin });
    const second = await simHttp(`${backup}/build?delay=0sec`, {
      method: 'POST',
      ...admin,
    });
    const item = (
      await simHttp(`${second.headers.location}api/json`, admin)
    ).json();
    expect(item._class).toBe('hudson.model.Queue$BlockedItem');
    expect(item.why).toMatch(
      /^Build #61 is already in progress \(ETA: 1 min 35 sec\)$/,
    );
  });

  // core ParameterizedJobMixIn#doBuild: sendRedirect(SC_CREATED, …) even when schedule2
  // did not create the item (TODO JENKINS-66105 in the source).
  it('answers 201 again for build on an already queued non-parameterized job (JENKINS-66105)', async () => {
    const admin = { basic: token('admin') };
    const backup = `${sim.url}/job/platform/job/nightly-backup`;
    const a = await simHttp(`${backup}/build`, { method: 'POST', ...admin });
    const b = await simHttp(`${backup}/build`, { method: 'POST', ...admin });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.location).toBe(a.headers.location);
  });

  // core ParametersDefinitionProperty#_doBuild → stapler RequestImpl#getSubmittedForm:
  // sendError(400, "Nothing is submitted") when the request has no parameter.
  it('rejects build without json on a parameterized job with 400 "Nothing is submitted"', async () => {
    const res = await simHttp(`${staging()}/build`, {
      method: 'POST',
      ...alice,
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Nothing is submitted');
  });

  // core ParameterizedJobMixIn#doBuild: isBuildable (409) first, then the
  // parameter form for a non-POST (read access suffices), then
  // BuildAuthorizationToken#checkPermission (403, then 405). doBuildWithParameters
  // checks the permission first.
  it('orders the build checks as ParameterizedJobMixIn does', async () => {
    const carol = { basic: token('carol') };
    const legacy = `${sim.url}/job/platform/job/legacy-deploy`;
    expect(
      (await simHttp(`${legacy}/build`, { method: 'POST', ...carol })).status,
    ).toBe(409);
    expect(
      (
        await simHttp(`${legacy}/buildWithParameters`, {
          method: 'POST',
          ...carol,
        })
      ).status,
    ).toBe(403);
    const form = await simHttp(`${staging()}/build`, carol);
    expect(form.status).toBe(200);
    expect(
      (await simHttp(`${staging()}/build`, { method: 'POST', ...carol }))
        .status,
    ).toBe(403);
    expect(
      (await simHttp(`${staging()}/buildWithParameters`, carol)).status,
    ).toBe(403);
  });

  // stapler RequestImpl#getSubmittedForm: any parameter (query included) makes
  // it "This page expects a form submission"; bad JSON is a ServletException (500).
  it('rejects a parameterized build without a usable json form', async () => {
    const delayOnly = await simHttp(`${staging()}/build?delay=0`, {
      method: 'POST',
      ...alice,
    });
    expect(delayOnly.status).toBe(400);
    expect(delayOnly.text).toContain('This page expects a form submission');
    const bad = await simHttp(`${staging()}/build`, {
      method: 'POST',
      form: { json: '{nope' },
      ...alice,
    });
    expect(bad.status).toBe(500);
  });

  // ParametersDefinitionProperty#_doBuild: Queue.schedule returns null for an
  // identical queued item, and the answer is sendRedirect(".").
  it('redirects a parameterized build identical to a queued one back to the job', async () => {
    const form = {
      json: JSON.stringify({ parameter: [{ name: 'VERSION', value: '7' }] }),
    };
    const first = await simHttp(`${staging()}/build`, {
      method: 'POST',
      form,
      ...alice,
    });
    expect(first.status).toBe(201);
    const again = await simHttp(`${staging()}/build`, {
      method: 'POST',
      form,
      ...alice,
    });
    expect(again.status).toBe(302);
    expect(again.headers.location).toBe('/job/payments/job/deploy-staging/');
  });

  // core ParametersDefinitionProperty#_doBuild (json form; missing values take defaults here — a
  // documented simplification).
  it('accepts build with a json form on a parameterized job', async () => {
    const res = await simHttp(`${staging()}/build`, {
      method: 'POST',
      form: {
        json: JSON.stringify({ parameter: [{ name: 'VERSION', value: '9' }] }),
      },
      ...alice,
    });
    expect(res.status).toBe(201);
    const item = (
      await simHttp(`${res.headers.location}api/json`, alice)
    ).json();
    expect(item.params).toContain('\nVERSION=9');
    expect(item.params).toContain('\nREGION=eu-west-1');
  });

  // core ParameterizedJobMixIn#doBuildWithParameters: errorWithoutStack(400, "… is not parameterized").
  it('rejects buildWithParameters on a job without parameters with 400', async () => {
    const res = await simHttp(
      `${sim.url}/job/platform/job/nightly-backup/buildWithParameters`,
      {
        method: 'POST',
        basic: token('admin'),
      },
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('platform/nightly-backup is not parameterized');
  });

  // core ParameterizedJobMixIn#doBuild: errorWithoutStack(SC_CONFLICT, "… is not buildable").
  it('answers 409 for a disabled job', async () => {
    const res = await simHttp(
      `${sim.url}/job/platform/job/legacy-deploy/build`,
      { method: 'POST', basic: token('admin') },
    );
    expect(res.status).toBe(409);
    expect(res.text).toContain('platform/legacy-deploy is not buildable');
  });

  // core BuildAuthorizationToken#checkPermission: 405 + Allow: POST (CrumbFilter/retry.jelly).
  it('answers 405 with Allow: POST to GET build on a non-parameterized job', async () => {
    const res = await simHttp(
      `${sim.url}/job/platform/job/nightly-backup/build`,
      { basic: token('admin') },
    );
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });

  // core ChoiceParameterDefinition#createValue: IllegalArgumentException → /oops (500).
  it('answers 500 for an invalid choice value', async () => {
    const res = await simHttp(`${staging()}/buildWithParameters?REGION=mars`, {
      method: 'POST',
      ...alice,
    });
    expect(res.status).toBe(500);
    expect(res.text).toContain('Illegal choice for parameter REGION: mars');
  });

  // core Queue.Item#doCancelQueue (204) and Queue#leftItems (kept 5 minutes after leaving).
  it('cancels queue items with 204 and keeps them 5 minutes as cancelled', async () => {
    const res = await simHttp(`${staging()}/buildWithParameters`, {
      method: 'POST',
      ...alice,
    });
    const id = /item\/(\d+)\//.exec(res.headers.location!)![1];
    const cancel = await simHttp(`${sim.url}/queue/item/${id}/cancelQueue`, {
      method: 'POST',
      ...alice,
    });
    expect(cancel.status).toBe(204);
    const item = (
      await simHttp(`${sim.url}/queue/item/${id}/api/json`, alice)
    ).json();
    expect(item).toMatchObject({
      _class: 'hudson.model.Queue$LeftItem',
      cancelled: true,
      executable: null,
    });
    sim.control.advance(5 * 60 * 1000);
    expect(
      (await simHttp(`${sim.url}/queue/item/${id}/api/json`, alice)).status,
    ).toBe(404);
  });

  // core Queue#doCancelItem: 204, or HttpResponses.error(404, "Provided id (N) not found").
  it('answers cancelItem with 204, and 404 for an unknown id', async () => {
    const res = await simHttp(`${staging()}/buildWithParameters`, {
      method: 'POST',
      ...alice,
    });
    const id = /item\/(\d+)\//.exec(res.headers.location!)![1];
    expect(
      (
        await simHttp(`${sim.url}/queue/cancelItem?id=${id}`, {
          method: 'POST',
          ...alice,
        })
      ).status,
    ).toBe(204);
    const unknown = await simHttp(`${sim.url}/queue/cancelItem?id=999999`, {
      method: 'POST',
      ...alice,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Provided id (999999) not found');
  });

  // core Queue#getItems (@Exported inline; items the caller may read).
  it('lists waiting items in /queue/api/json', async () => {
    await simHttp(`${staging()}/buildWithParameters`, {
      method: 'POST',
      ...alice,
    });
    const queue = (await simHttp(`${sim.url}/queue/api/json`, alice)).json();
    expect(queue._class).toBe('hudson.model.Queue');
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0].task.name).toBe('deploy-staging');
  });

  // core Executor#doStopBuild → interrupt, then HttpResponses.forwardToPreviousPage
  // (stapler ResponseImpl#forwardToPreviousPage: Referer, else "."); @RequirePOST → 405.
  it('stops a running build with 302 to the Referer and marks it ABORTED', async () => {
    const res = await simHttp(`${staging()}/buildWithParameters?delay=0`, {
      method: 'POST',
      ...alice,
    });
    const left = (
      await simHttp(`${res.headers.location}api/json`, alice)
    ).json();
    const buildUrl = left.executable.url;
    sim.control.advance(1000);
    const stop = await simHttp(`${buildUrl}stop`, {
      method: 'POST',
      headers: { Referer: `${sim.url}/` },
      ...alice,
    });
    expect(stop.status).toBe(302);
    expect(stop.headers.location).toBe(`${sim.url}/`);
    const build = (await simHttp(`${buildUrl}api/json`, alice)).json();
    expect(build).toMatchObject({ building: false, result: 'ABORTED' });
    const again = await simHttp(`${buildUrl}stop`, {
      method: 'POST',
      ...alice,
    });
    expect(again.status).toBe(302);
    // stapler ResponseImpl.sendRedirect resolves "." against the request URI.
    expect(again.headers.location).toBe(new URL(buildUrl).pathname);
    expect((await simHttp(`${buildUrl}stop`, alice)).status).toBe(405);
  });

  // core AbstractBuild#doStop: nothing building → forwardToPreviousPage, no
  // permission check; workflow-job WorkflowRun#doStop → doKill checks Item.CANCEL.
  it('stops a finished freestyle build for anyone, a finished pipeline only with Job/Cancel', async () => {
    const carol = { basic: token('carol') };
    const freestyle = await simHttp(
      `${sim.url}/job/platform/job/nightly-backup/1/stop`,
      { method: 'POST', ...carol },
    );
    expect(freestyle.status).toBe(302);
    expect(freestyle.headers.location).toBe(
      '/job/platform/job/nightly-backup/1/',
    );
    const pipeline = await simHttp(`${staging()}/1/stop`, {
      method: 'POST',
      ...carol,
    });
    expect(pipeline.status).toBe(403);
  });

  // core Run (building/result/duration) — the timing itself is the simulator's model.
  it('finishes builds as the virtual clock advances', async () => {
    const res = await simHttp(`${staging()}/buildWithParameters?delay=0`, {
      method: 'POST',
      ...alice,
    });
    const left = (
      await simHttp(`${res.headers.location}api/json`, alice)
    ).json();
    sim.control.advance(60_000);
    const build = (
      await simHttp(`${left.executable.url}api/json`, alice)
    ).json();
    expect(build).toMatchObject({
      building: false,
      result: 'SUCCESS',
      duration: 47_000,
    });
    const job = (
      await simHttp(`${staging()}/api/json?tree=lastBuild[number],color`, alice)
    ).json();
    expect(job.lastBuild.number).toBe(build.number);
    expect(job.color).toBe('blue');
  });
});
