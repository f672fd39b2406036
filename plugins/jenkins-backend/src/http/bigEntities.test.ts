import { Entity } from '@backstage/catalog-model';
import { RequestLogEntry } from '@internal/jenkins-sim';
import {
  branchesPageSchema,
  BranchSummary,
  MAX_SUMMARY_BRANCHES,
  overviewResponseSchema,
} from '@internal/plugin-jenkins-common';
import {
  JenkinsTestBackend,
  jobIdOf,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';
import {
  ACCESS_CHECK_TREE,
  FOLDER_ACCESS_TREE,
  MAX_CHECKED_BRANCHES,
} from '../jenkins/jenkinsTrees';

jest.setTimeout(120_000);

/**
 * Big entities in the simulator's `large` scenario: a folder of 50 jobs
 * (`big/fleet/service-01` … `-50`) and a multibranch job with 2,000
 * branches (`big/monorepo`, `feature/branch-0` … `-1999`). Request counts
 * from the simulator's log, never times.
 */
const FLEET_JOBS = Array.from(
  { length: 50 },
  (_, i) => `big/fleet/service-${String(i + 1).padStart(2, '0')}`,
);
const MONOREPO = 'big/monorepo';

function component(name: string, jobs: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'jenkins.io/job-full-name': jobs.join(',') },
    },
    spec: { owner: 'team-payments', type: 'service', lifecycle: 'production' },
  };
}

const FLEET = '/v1/entities/component/default/fleet';
const MONO = '/v1/entities/component/default/monorepo';
const BRANCHES = `${MONO}/jobs/${jobIdOf(MONOREPO)}/branches`;

const entities = [
  component('fleet', FLEET_JOBS),
  component('monorepo', [MONOREPO]),
  component('busy', ['big/busy-job']),
];

/** The git names of the generated branches, in Jenkins' order (by encoded name). */
const ALL_BRANCHES = Array.from(
  { length: 2000 },
  (_, i) => `feature/branch-${i}`,
).sort((a, b) =>
  encodeURIComponent(a).toLowerCase() < encodeURIComponent(b).toLowerCase()
    ? -1
    : 1,
);

const described = (requests: RequestLogEntry[]) =>
  requests.map(r => `${r.user} ${r.path} ${r.query.tree ?? ''}`);

/** An access check of `reads: verified`: a person asking for names only. */
const isCheck = (r: RequestLogEntry) =>
  r.query.tree === ACCESS_CHECK_TREE || r.query.tree === FOLDER_ACCESS_TREE;

describe('big entities', () => {
  describe.each([
    ['perUser', { reads: 'perUser' }],
    [
      'shared',
      {
        reads: 'shared',
        readCredentials: { user: 'admin', apiToken: 'admin-token' },
      },
    ],
  ])('with %s reads', (_mode, instance) => {
    let env: JenkinsTestBackend;
    beforeAll(async () => {
      env = await startJenkinsTestBackend({
        scenario: 'large',
        entities,
        instance,
        timeouts: { cacheTtlSeconds: 60 },
      });
    });
    afterAll(async () => {
      await env?.close();
    });
    beforeEach(() => env.sim.control.clearRequests());

    it('paints an entity with 50 jobs with 2 Jenkins requests: the folder’s listing and one builds page', async () => {
      const res = await env.get(`${FLEET}/overview`).expect(200);
      const overview = overviewResponseSchema.parse(res.body);
      expect(overview.jobs.jobs.map(j => j.fullName)).toEqual(FLEET_JOBS);
      expect(overview.selected?.jobId).toBe(jobIdOf(FLEET_JOBS[0]));
      expect(overview.selected?.builds.items.length).toBeGreaterThan(0);
      expect(
        env.jenkinsRequests().map(r => [r.path, r.query.tree?.slice(0, 7)]),
      ).toEqual(
        expect.arrayContaining([
          ['/job/big/job/fleet/api/json', 'jobs[_c'],
          ['/job/big/job/fleet/job/service-01/api/json', 'builds['],
        ]),
      );
      expect(env.jenkinsRequests()).toHaveLength(2);

      // Each job's summary is what Jenkins says of that job.
      const jenkins = await env.jenkinsGet(
        '/job/big/job/fleet/job/service-37/api/json?tree=lastBuild[number,result]',
      );
      const job37 = overview.jobs.jobs[36];
      expect(job37.lastBuild?.number).toBe(jenkins.lastBuild.number);
      expect(job37.kind).toBe('pipeline');
    });

    it('paints a multibranch job with 2,000 branches with 2 Jenkins requests and a bounded list of branches', async () => {
      const res = await env.get(`${MONO}/overview`).expect(200);
      const overview = overviewResponseSchema.parse(res.body);
      const [mono] = overview.jobs.jobs;
      expect(mono.kind).toBe('multibranch');
      expect(mono.branchCount).toBe(2000);
      expect(mono.branches).toHaveLength(MAX_SUMMARY_BRANCHES);
      // The branch shown is among those listed, and its builds came along.
      expect(mono.branches!.map(b => b.id)).toContain(overview.selected?.jobId);
      const requests = env.jenkinsRequests();
      expect(requests.map(r => r.path)).toEqual([
        '/job/big/job/monorepo/api/json',
        expect.stringMatching(
          /^\/job\/big\/job\/monorepo\/job\/[^/]+\/api\/json$/,
        ),
      ]);
      // Confirming the branch read no `_class` of its own.
      expect(requests.filter(r => r.query.tree === '_class')).toEqual([]);
    });

    it('lists the branch asked for among the branches shown, at no extra cost', async () => {
      await env.get(`${MONO}/overview`).expect(200);
      const branch = jobIdOf(`${MONOREPO}/feature%2Fbranch-1234`);
      env.sim.control.clearRequests();
      const res = await env.get(`${MONO}/overview?job=${branch}`).expect(200);
      const [mono] = res.body.jobs.jobs;
      expect(mono.branches).toHaveLength(MAX_SUMMARY_BRANCHES);
      expect(
        mono.branches.find((b: BranchSummary) => b.id === branch)?.name,
      ).toBe('feature/branch-1234');
      expect(res.body.selected.jobId).toBe(branch);
      // Only that branch's builds page: the job's summary is cached.
      expect(env.jenkinsRequests().map(r => r.path)).toEqual([
        '/job/big/job/monorepo/job/feature%252Fbranch-1234/api/json',
      ]);
    });

    it('lists a branch asked for with ?include= in the jobs list, and refuses an include that is no job id', async () => {
      const branch = jobIdOf(`${MONOREPO}/feature%2Fbranch-1999`);
      const res = await env.get(`${MONO}/jobs?include=${branch}`).expect(200);
      expect(
        res.body.jobs[0].branches.map((b: BranchSummary) => b.id),
      ).toContain(branch);
      const bad = await env.get(`${MONO}/jobs?include=not%20a%20job%20id`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/'include'/);
    });

    it('searches and pages the branches on the server from the one cached summary request', async () => {
      await env.get(`${MONO}/jobs`).expect(200);
      env.sim.control.clearRequests();

      const expected = ALL_BRANCHES.filter(name => name.includes('branch-12'));
      expect(expected).toHaveLength(111);
      const names: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await env
          .get(
            `${BRANCHES}?q=branch-12&limit=50${
              cursor ? `&cursor=${cursor}` : ''
            }`,
          )
          .expect(200);
        const page = branchesPageSchema.parse(res.body);
        expect(page.total).toBe(111);
        expect(page.items.length).toBeLessThanOrEqual(50);
        names.push(...page.items.map(b => b.name));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(names).toEqual(expected);
      // Case does not matter; nor do surrounding spaces.
      const upper = await env
        .get(`${BRANCHES}?q=%20BRANCH-12%20&limit=5`)
        .expect(200);
      expect(upper.body.total).toBe(111);
      expect(upper.body.items.map((b: BranchSummary) => b.name)).toEqual(
        expected.slice(0, 5),
      );
      // No search: every branch, the first page of them.
      const all = await env.get(`${BRANCHES}?limit=100`).expect(200);
      expect(all.body.total).toBe(2000);
      expect(all.body.items.map((b: BranchSummary) => b.name)).toEqual(
        ALL_BRANCHES.slice(0, 100),
      );
      const none = await env.get(`${BRANCHES}?q=no-such-branch`).expect(200);
      expect(none.body).toEqual({ items: [], total: 0, nextCursor: null });
      // Every search was served from the job's cached summary.
      expect(env.jenkinsRequests()).toEqual([]);
    });
  });

  describe('with verified reads', () => {
    let env: JenkinsTestBackend;
    beforeAll(async () => {
      env = await startJenkinsTestBackend({
        scenario: 'large',
        entities,
        instance: {
          reads: 'verified',
          readIdentity: { user: 'backstage-reader' },
        },
        timeouts: { cacheTtlSeconds: 60 },
      });
    });
    afterAll(async () => {
      await env?.close();
    });
    beforeEach(() => env.sim.control.clearRequests());

    it('paints the 50-job entity with 2 data requests and one check of the person on the folder', async () => {
      await env.get(`${FLEET}/overview`, 'user:default/alice').expect(200);
      const requests = env.jenkinsRequests();
      expect(described(requests.filter(isCheck))).toEqual([
        `alice /job/big/job/fleet/api/json ${FOLDER_ACCESS_TREE}`,
      ]);
      expect(
        requests.filter(r => !isCheck(r)).map(r => `${r.user} ${r.path}`),
      ).toEqual([
        'backstage-reader /job/big/job/fleet/api/json',
        'backstage-reader /job/big/job/fleet/job/service-01/api/json',
      ]);

      // Another person: the one check only.
      env.sim.control.clearRequests();
      await env.get(`${FLEET}/overview`, 'user:default/bob').expect(200);
      expect(described(env.jenkinsRequests())).toEqual([
        `bob /job/big/job/fleet/api/json ${FOLDER_ACCESS_TREE}`,
      ]);
    });

    it('paints the 2,000-branch job with 2 data requests, checking the person on the job (with its first branches) and on a branch shown beyond them', async () => {
      const res = await env
        .get(`${MONO}/overview`, 'user:default/alice')
        .expect(200);
      const requests = env.jenkinsRequests();
      expect(requests.filter(r => !isCheck(r)).map(r => r.user)).toEqual([
        'backstage-reader',
        'backstage-reader',
      ]);
      // The check of the job confirms the first branches Jenkins lists to
      // alice; a branch shown beyond them is checked on its own.
      const shown = res.body.jobs.jobs[0].branches.find(
        (b: BranchSummary) => b.id === res.body.selected.jobId,
      ).name;
      const checkedWithJob = ALL_BRANCHES.indexOf(shown) < MAX_CHECKED_BRANCHES;
      expect(described(requests.filter(isCheck))).toEqual([
        `alice /job/big/job/monorepo/api/json ${ACCESS_CHECK_TREE}`,
        ...(checkedWithJob
          ? []
          : [
              `alice /job/big/job/monorepo/job/${encodeURIComponent(
                encodeURIComponent(shown),
              )}/api/json ${ACCESS_CHECK_TREE}`,
            ]),
      ]);

      // A branch among the first ones costs bob his check on the job only.
      env.sim.control.clearRequests();
      const early = jobIdOf(`${MONOREPO}/feature%2Fbranch-1`);
      await env
        .get(`${MONO}/overview?job=${early}`, 'user:default/bob')
        .expect(200);
      expect(described(env.jenkinsRequests())).toEqual([
        `bob /job/big/job/monorepo/api/json ${ACCESS_CHECK_TREE}`,
        `backstage-reader /job/big/job/monorepo/job/feature%252Fbranch-1/api/json ${
          env.jenkinsRequests()[1]?.query.tree ?? ''
        }`,
      ]);

      // Searching costs a third person only their check on the job.
      env.sim.control.clearRequests();
      await env.get(`${BRANCHES}?q=branch-7`, 'user:default/carol').expect(200);
      expect(described(env.jenkinsRequests())).toEqual([
        `carol /job/big/job/monorepo/api/json ${ACCESS_CHECK_TREE}`,
      ]);
    });
  });

  describe('the branches route refuses', () => {
    let env: JenkinsTestBackend;
    beforeAll(async () => {
      env = await startJenkinsTestBackend({
        scenario: 'large',
        entities,
        strategy: 'service-account',
        policy: (permission, user) =>
          user === 'user:default/mallory' && permission === 'jenkins.job.read'
            ? 'deny'
            : 'allow',
      });
    });
    afterAll(async () => {
      await env?.close();
    });
    beforeEach(() => env.sim.control.clearRequests());

    it.each([
      [
        'a search longer than 100 characters',
        `q=${'a'.repeat(101)}`,
        /'q'.*at most 100/,
      ],
      ['two searches', 'q=a&q=b', /'q'/],
      ['control characters', 'q=main%0A', /'q'.*control/],
      ['a limit of 0', 'limit=0', /'limit'/],
      ['a limit over 100', 'limit=101', /'limit'/],
      ['a limit not in canonical decimal', 'limit=01', /'limit'/],
      ['a cursor never issued', 'cursor=bm90LWEtY3Vyc29y', /'cursor'/],
      ['an unknown parameter', 'sort=name', /sort/],
    ])(
      '%s with 400 and a message, asking Jenkins nothing',
      async (_, query, message) => {
        const res = await env.get(`${BRANCHES}?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(env.jenkinsRequests()).toEqual([]);
      },
    );

    it('a job that is not a multibranch job, and a branch id, with 400', async () => {
      const busy = await env.get(
        `/v1/entities/component/default/busy/jobs/${jobIdOf(
          'big/busy-job',
        )}/branches`,
      );
      expect(busy.status).toBe(400);
      expect(busy.body.error.message).toMatch(/not a multibranch job/);
      const branch = await env.get(
        `${MONO}/jobs/${jobIdOf(`${MONOREPO}/main`)}/branches`,
      );
      expect(branch.status).toBe(400);
      expect(branch.body.error.message).toMatch(/names a branch/);
    });

    it('a person the policy denies with 403, asking Jenkins nothing', async () => {
      const res = await env.get(BRANCHES, 'user:default/mallory');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/jenkins\.job\.read/);
      expect(env.jenkinsRequests()).toEqual([]);
    });

    it('a job the entity does not name with 404', async () => {
      const res = await env.get(
        `${MONO}/jobs/${jobIdOf('big/busy-job')}/branches`,
      );
      expect(res.status).toBe(404);
    });
  });
});
