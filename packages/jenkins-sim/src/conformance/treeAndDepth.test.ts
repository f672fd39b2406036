import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { simHttp, token } from './simHttp';

describe('api/json: tree, depth, _class, builds and permalinks', () => {
  let sim: JenkinsSim;
  const alice = { basic: token('alice') };
  const main = () => `${sim.url}/job/payments/job/payments-service/job/main`;
  const get = async (url: string) => {
    const res = await simHttp(url, alice);
    expect(res.status).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(() => sim.close());

  // stapler NamedPathPruner (tree ranges {M,N} {M,} {,N} {N}).
  it('applies the {M,N} range: M inclusive to N exclusive', async () => {
    const job = await get(`${main()}/api/json?tree=builds[number]{2,5}`);
    expect(job.builds.map((b: any) => b.number)).toEqual([148, 147, 146]);
  });

  // stapler NamedPathPruner.
  it('applies the {M,} range: from M to the end (of the newest 100)', async () => {
    const job = await get(`${main()}/api/json?tree=builds[number]{95,}`);
    expect(job.builds.map((b: any) => b.number)).toEqual([55, 54, 53, 52, 51]);
  });

  // stapler NamedPathPruner.
  it('applies the {,N} range: same as {0,N}', async () => {
    const job = await get(`${main()}/api/json?tree=builds[number]{,3}`);
    expect(job.builds.map((b: any) => b.number)).toEqual([150, 149, 148]);
  });

  // stapler NamedPathPruner.
  it('applies the {N} range: only element N', async () => {
    const job = await get(`${main()}/api/json?tree=builds[number]{4}`);
    expect(job.builds.map((b: any) => b.number)).toEqual([146]);
  });

  // core Job#getNewBuilds (@Exported name=builds, newest 100) and Job#getBuilds
  // (@Exported name=allBuilds, visibility -2).
  it('limits builds to the newest 100 and serves older ones through allBuilds', async () => {
    const job = await get(
      `${main()}/api/json?tree=builds[number],allBuilds[number]{140,}`,
    );
    expect(job.builds).toHaveLength(100);
    expect(job.builds[99].number).toBe(51);
    expect(job.allBuilds.map((b: any) => b.number)).toEqual([
      10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
    ]);
  });

  // stapler ByDepth: visibility -2 is never reached by depth.
  it('does not export allBuilds by depth', async () => {
    const job = await get(`${main()}/api/json?depth=2`);
    expect(job).not.toHaveProperty('allBuilds');
  });

  // stapler Model#writeTo / Property: a bean leaf in a tree writes only _class.
  it('writes a bare object leaf as {_class} only', async () => {
    const job = await get(`${main()}/api/json?tree=lastBuild,name`);
    expect(job).toEqual({
      _class: 'org.jenkinsci.plugins.workflow.job.WorkflowJob',
      lastBuild: { _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun' },
      name: 'main',
    });
  });

  // stapler NamedPathPruner: '*' matches any property.
  it('matches any property with *, including actions[*[*]]', async () => {
    const build = await get(`${main()}/lastBuild/api/json?tree=actions[*[*]]`);
    const causes = build.actions.find(
      (a: any) => a._class === 'hudson.model.CauseAction',
    );
    expect(causes.causes[0]).toHaveProperty('shortDescription');
    expect(build.actions).toContainEqual({});
  });

  // cloudbees-folder AbstractFolder#getItems (@Exported name=jobs) and stapler NamedPathPruner.
  it('nests subtrees across folders', async () => {
    const folder = await get(
      `${sim.url}/job/payments/api/json?tree=jobs[name,jobs[name,color]]`,
    );
    const service = folder.jobs.find((j: any) => j.name === 'payments-service');
    expect(service._class).toBe(
      'org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject',
    );
    // Sorted ignoring case, as AbstractFolder.items (String.CASE_INSENSITIVE_ORDER) keeps them.
    expect(service.jobs.map((j: any) => j.name)).toEqual([
      'feature%2Ffast-refunds',
      'main',
      'release%2F2.x',
    ]);
  });

  // stapler ResponseImpl#serveExposedBean (pretty) and core Api#doJson
  // (jsonp only for a SecureRequester, else sendError(403, …)).
  it('indents with ?pretty and refuses jsonp', async () => {
    const pretty = await simHttp(
      `${main()}/api/json?tree=name&pretty=true`,
      alice,
    );
    expect(pretty.text).toBe(
      '{\n  "_class": "org.jenkinsci.plugins.workflow.job.WorkflowJob",\n  "name": "main"\n}',
    );
    expect((await simHttp(`${main()}/api/json?jsonp=cb`, alice)).status).toBe(
      403,
    );
  });

  // Jetty serves HEAD as GET without a body; a missing item is the 404 page.
  it('answers HEAD for an existing job with 200 and for a missing one with 404', async () => {
    expect(
      (await simHttp(`${main()}/api/json`, { method: 'HEAD', ...alice }))
        .status,
    ).toBe(200);
    expect(
      (await simHttp(`${main()}-nope/api/json`, { method: 'HEAD', ...alice }))
        .status,
    ).toBe(404);
  });

  // stapler ResponseImpl#serveExposedBean: ServletException("Malformed tree expression: …") → /oops.
  it('answers a malformed tree with a 500 ServletException page', async () => {
    const res = await simHttp(`${main()}/api/json?tree=builds[number`, alice);
    expect(res.status).toBe(500);
    expect(res.text).toContain('Malformed tree expression');
  });

  // stapler ResponseImpl#serveExposedBean: ServletException("Depth parameter must be a number").
  it('answers a non-numeric depth with a 500', async () => {
    const res = await simHttp(`${main()}/api/json?depth=x`, alice);
    expect(res.status).toBe(500);
    expect(res.text).toContain('Depth parameter must be a number');
  });

  // stapler ByDepth and core Run (@Exported number/url at visibility 2).
  it('shows only number and url of nested builds at depth 0', async () => {
    const job = await get(`${main()}/api/json`);
    expect(job.lastBuild).toEqual({
      _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun',
      number: 150,
      url: `${main()}/150/`,
    });
    expect(job.builds).toHaveLength(100);
    expect(job.actions).toContainEqual({});
  });

  // stapler ByDepth.
  it('expands nested builds at depth 1', async () => {
    const job = await get(`${main()}/api/json?depth=1`);
    expect(job.lastBuild).toHaveProperty('result');
    expect(job.lastBuild).toHaveProperty('actions');
    const cause = job.lastBuild.actions.find(
      (a: any) => a._class === 'hudson.model.CauseAction',
    );
    expect(cause.causes[0]).toHaveProperty('shortDescription');
  });

  // stapler Model (properties sorted by name, superclass first) over core Job/AbstractItem and
  // workflow-job WorkflowJob; ParametersDefinitionProperty exported inline.
  it('writes the job fields in Jenkins order with parameter definitions inline', async () => {
    const job = await get(
      `${sim.url}/job/payments/job/deploy-staging/api/json`,
    );
    expect(Object.keys(job).slice(0, 10)).toEqual([
      '_class',
      'actions',
      'description',
      'displayName',
      'displayNameOrNull',
      'fullDisplayName',
      'fullName',
      'name',
      'url',
      'buildable',
    ]);
    const defs = job.property[0].parameterDefinitions;
    expect(job.property[0]._class).toBe(
      'hudson.model.ParametersDefinitionProperty',
    );
    expect(defs.map((d: any) => [d._class, d.name, d.type])).toContainEqual([
      'hudson.model.ChoiceParameterDefinition',
      'REGION',
      'ChoiceParameterDefinition',
    ]);
    expect(defs.find((d: any) => d.name === 'REGION').choices).toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
    expect(
      defs.find((d: any) => d.name === 'DRY_RUN').defaultParameterValue,
    ).toEqual({
      _class: 'hudson.model.BooleanParameterValue',
      name: 'DRY_RUN',
      value: false,
    });
    expect(defs.find((d: any) => d.name === 'SMOKE_TEST_TOKEN')._class).toBe(
      'hudson.model.PasswordParameterDefinition',
    );
  });

  // core Job#getDynamic → PermalinkProjectAction.Permalink#resolve; none → 404.
  it('resolves permalinks and 404s when one resolves to nothing', async () => {
    const stable = await get(`${main()}/lastStableBuild/api/json?tree=result`);
    expect(stable.result).toBe('SUCCESS');
    const failed = await get(`${main()}/lastFailedBuild/api/json?tree=result`);
    expect(failed.result).toBe('FAILURE');
    const never = await simHttp(
      `${sim.url}/job/platform/job/legacy-deploy/lastFailedBuild/api/json`,
      alice,
    );
    expect(never.status).toBe(404);
  });

  // branch-api NameEncoder#encode and MultiBranchProject#getItem (also the decoded name).
  it('serves a branch job with an encoded slash (feature%2Ffast-refunds)', async () => {
    const job = await get(
      `${sim.url}/job/payments/job/payments-service/job/feature%252Ffast-refunds/api/json?tree=name,displayName,url,fullName`,
    );
    expect(job).toEqual({
      _class: 'org.jenkinsci.plugins.workflow.job.WorkflowJob',
      name: 'feature%2Ffast-refunds',
      displayName: 'feature/fast-refunds',
      fullName: 'payments/payments-service/feature%2Ffast-refunds',
      url: `${sim.url}/job/payments/job/payments-service/job/feature%252Ffast-refunds/`,
    });
    const decoded = await simHttp(
      `${sim.url}/job/payments/job/payments-service/job/feature%2Ffast-refunds/api/json?tree=name`,
      alice,
    );
    expect(decoded.json().name).toBe('feature%2Ffast-refunds');
  });

  // git-plugin hudson.plugins.git.util.BuildData, core CauseAction and junit TestResultAction.
  it('writes git BuildData, causes and test counts on builds', async () => {
    const build = await get(`${main()}/lastBuild/api/json`);
    const git = build.actions.find(
      (a: any) => a._class === 'hudson.plugins.git.util.BuildData',
    );
    expect(git.remoteUrls).toEqual([
      'https://git.example.com/payments/payments-service.git',
    ]);
    expect(git.lastBuiltRevision.SHA1).toMatch(/^[0-9a-f]{40}$/);
    expect(git.lastBuiltRevision.branch[0].name).toBe(
      'refs/remotes/origin/main',
    );
    expect(git.lastBuiltRevision).not.toHaveProperty('_class');
    expect(build.estimatedDuration).toBeGreaterThan(0);
    expect(build.id).toBe(String(build.number));
  });

  // simulator only: seeded history generation.
  it('generates the same history for the same seed', async () => {
    const a = await get(
      `${main()}/api/json?tree=builds[number,result,timestamp,duration]{0,20}`,
    );
    sim.control.reset();
    const b = await get(
      `${main()}/api/json?tree=builds[number,result,timestamp,duration]{0,20}`,
    );
    const rel = (x: any) =>
      x.builds.map((r: any) => [r.number, r.result, r.duration]);
    expect(rel(a)).toEqual(rel(b));
    expect(new Set(rel(a).map((r: any) => r[1]))).toContain('FAILURE');
  });
});
