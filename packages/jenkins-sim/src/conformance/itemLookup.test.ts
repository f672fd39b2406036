import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { simHttp, token } from './simHttp';

/*
 * Finding items by URL. Sources: jenkinsci/jenkins core Jenkins#getItem
 * (reached through Hudson#getJob) and jenkinsci/cloudbees-folder-plugin
 * AbstractFolder#getItem (through getJob): both look names up in a
 * CopyOnWriteMap.Tree over String.CASE_INSENSITIVE_ORDER, which also orders
 * `jobs`. Core AbstractItem#getUrl / Run#getUrl answer the URL the request
 * used for an object it walked through (Functions.getNearestAncestorUrl over
 * stapler's ancestors, whose AncestorImpl#getUrl joins the raw request
 * tokens); everything else is the parent's url plus `job/<name>/`.
 */
describe('items: case-insensitive lookup and order', () => {
  let sim: JenkinsSim;
  const alice = { basic: token('alice') };
  const get = async (path: string, who = alice) =>
    (await simHttp(`${sim.url}${path}`, who)).json();

  beforeAll(async () => {
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  it('finds /job/PAYMENTS/job/Deploy-Staging and keeps the real name and fullName', async () => {
    const job = await get(
      '/job/PAYMENTS/job/Deploy-Staging/api/json?tree=name,fullName,url',
    );
    expect(job.name).toBe('deploy-staging');
    expect(job.fullName).toBe('payments/deploy-staging');
    // AbstractItem#getAbsoluteUrl → getUrl → the request's own spelling.
    expect(job.url).toBe(`${sim.url}/job/PAYMENTS/job/Deploy-Staging/`);
    const canonical = await get(
      '/job/payments/job/deploy-staging/api/json?tree=url',
    );
    expect(canonical.url).toBe(`${sim.url}/job/payments/job/deploy-staging/`);
  });

  it('spells children and builds from the requested parent, with their own names', async () => {
    const folder = await get('/job/Payments/api/json?tree=url,jobs[name,url]');
    expect(folder.url).toBe(`${sim.url}/job/Payments/`);
    expect(folder.jobs[0]).toEqual({
      _class: 'org.jenkinsci.plugins.workflow.job.WorkflowJob',
      name: 'deploy-production',
      url: `${sim.url}/job/Payments/job/deploy-production/`,
    });
    // Run#getAbsoluteUrl is the job's url plus the number, even through a permalink.
    const build = await get(
      '/job/PAYMENTS/job/DEPLOY-STAGING/lastBuild/api/json?tree=number,url',
    );
    expect(build.url).toBe(
      `${sim.url}/job/PAYMENTS/job/DEPLOY-STAGING/${build.number}/`,
    );
  });

  // pipeline-stage-view RunAPI.getUrl(run) = ModelUtil.getFullItemUrl(run.getUrl()): the permalink stays.
  it('writes wfapi links from Run#getUrl, so in the spelling of the request', async () => {
    const run = await get(
      '/job/Payments/job/Deploy-Production/lastBuild/wfapi/describe',
    );
    expect(run._links.self.href).toBe(
      '/job/Payments/job/Deploy-Production/lastBuild/wfapi/describe',
    );
  });

  // branch-api MultiBranchProject#getItem goes through the same folder map.
  it('finds branch jobs of a multibranch project ignoring case', async () => {
    const branch = await get(
      '/job/payments/job/Payments-Service/job/MAIN/api/json?tree=name,fullName',
    );
    expect(branch).toMatchObject({
      name: 'main',
      fullName: 'payments/payments-service/main',
    });
  });

  it('triggers a build through a differently cased URL', async () => {
    const res = await simHttp(
      `${sim.url}/job/PAYMENTS/job/deploy-STAGING/buildWithParameters`,
      { method: 'POST', ...alice },
    );
    expect(res.status).toBe(201);
    const item = (
      await simHttp(`${res.headers.location}api/json`, alice)
    ).json();
    expect(item.task.url).toBe(`${sim.url}/job/payments/job/deploy-staging/`);
  });

  // Jenkins#getItem: "Please login to access job " + name; AbstractFolder#getItem: "Please log in to access " + name.
  it('repeats the requested name when an item is discoverable but not readable', async () => {
    sim.control.loadScenario({
      users: [{ id: 'u', apiTokens: ['t'] }],
      roles: {
        global: [{ name: 'r', permissions: ['Overall/Read'], users: ['u'] }],
        items: [
          {
            name: 'd',
            pattern: 'Team|Team/Deploy',
            permissions: ['Job/Discover'],
            users: ['u'],
          },
          {
            name: 'f',
            pattern: 'Team',
            permissions: ['Job/Read'],
            users: ['u'],
          },
        ],
      },
      jobs: [{ name: 'Team/Deploy', type: 'freestyle' }],
    });
    const u = { basic: ['u', 't'] as [string, string] };
    const inFolder = await simHttp(
      `${sim.url}/job/TEAM/job/DEPLOY/api/json`,
      u,
    );
    expect(inFolder.status).toBe(403);
    expect(inFolder.text).toContain('Please log in to access DEPLOY');
    sim.control.loadScenario({
      users: [{ id: 'u', apiTokens: ['t'] }],
      roles: {
        global: [{ name: 'r', permissions: ['Overall/Read'], users: ['u'] }],
        items: [
          {
            name: 'd',
            pattern: 'Top',
            permissions: ['Job/Discover'],
            users: ['u'],
          },
        ],
      },
      jobs: [{ name: 'Top', type: 'freestyle' }],
    });
    const atRoot = await simHttp(`${sim.url}/job/top/api/json`, u);
    expect(atRoot.status).toBe(403);
    expect(atRoot.text).toContain('Please login to access job top');
    sim.control.loadScenario('demo');
  });

  // AbstractFolder#getItems iterates `items` in String.CASE_INSENSITIVE_ORDER.
  it('lists the demo folders sorted by name, as Jenkins does', async () => {
    const names = async (path: string) =>
      (await get(`${path}api/json?tree=jobs[name]`)).jobs.map(
        (j: any) => j.name,
      );
    expect(await names('/job/payments/')).toEqual([
      'deploy-production',
      'deploy-staging',
      'payments-service',
    ]);
    expect(await names('/job/payments/job/payments-service/')).toEqual([
      'feature%2Ffast-refunds',
      'main',
      'release%2F2.x',
    ]);
    expect(await names('/job/platform/')).toEqual([
      'legacy-deploy',
      'nightly-backup',
    ]);
  });
});
