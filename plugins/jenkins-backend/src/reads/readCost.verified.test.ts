import { loadScenario, RequestLogEntry } from '@internal/jenkins-sim';
import { ACCESS_CHECK_TREE, FOLDER_ACCESS_TREE } from '../jenkins/jenkinsTrees';
import {
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  STAGING,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(120_000);

/**
 * `reads: verified` through the whole backend and the simulator: request
 * counts from the simulator's request log, never times.
 */
const verified = {
  reads: 'verified',
  readIdentity: { user: 'backstage-reader' },
};

/**
 * The jobs list of payments-service, as the simulator logs its requests:
 * its three jobs share the `payments` folder, listed with one request;
 * its multibranch job lists its branches with one of its own.
 */
const FOLDER_JSON = '/job/payments/api/json';
const MULTIBRANCH_JSON = '/job/payments/job/payments-service/api/json';
const STAGING_JSON = '/job/payments/job/deploy-staging/api/json';
/** The first page of the staging job's builds, as the tab asks it. */
const BUILDS = `${PAYMENTS}/jobs/${jobIdOf(STAGING)}/builds?limit=10`;

/** What the tab asks on first paint: the jobs, then the selected job's builds. */
async function pageView(env: JenkinsTestBackend, userRef: string) {
  await env.get(`${PAYMENTS}/jobs`, userRef).expect(200);
  await env.get(BUILDS, userRef).expect(200);
}

/**
 * An access check: the person asking Jenkins for a job's name only, or for
 * the names of the folder's items they may read.
 */
const isCheck = (r: RequestLogEntry) =>
  r.query.tree === ACCESS_CHECK_TREE || r.query.tree === FOLDER_ACCESS_TREE;

function described(requests: RequestLogEntry[]) {
  return requests
    .map(
      r => `${r.user} ${r.method} ${r.path} ${isCheck(r) ? 'check' : 'data'}`,
    )
    .sort();
}

/**
 * The demo scenario, except that `authenticated` may discover but not read
 * jobs: carol (no groups) gets Jenkins' 403 on every payments job, as with
 * role-strategy's Job/Discover without Job/Read
 * (`AccessDeniedException3`, see docs/jenkins-api.md).
 */
function scenarioWithoutCarol() {
  const scenario = loadScenario('demo');
  const readers = scenario.roles.global.find(r => r.name === 'readers')!;
  readers.permissions = ['Overall/Read', 'Job/Discover'];
  return scenario;
}

describe('reads: verified', () => {
  it('reads a cold page view once as the read identity, checking the person once on the jobs’ folder', async () => {
    const env = await startJenkinsTestBackend({ instance: verified });
    try {
      await pageView(env, 'user:default/alice');
      expect(described(env.jenkinsRequests())).toEqual(
        [
          `alice GET ${FOLDER_JSON} check`,
          `backstage-reader GET ${FOLDER_JSON} data`,
          `backstage-reader GET ${MULTIBRANCH_JSON} data`,
          `backstage-reader GET ${STAGING_JSON} data`,
        ].sort(),
      );
      // The read identity's token was minted by the backend (jwt realm).
      expect(
        env
          .jenkinsRequests()
          .filter(r => r.user === 'backstage-reader')
          .every(r => r.realm === 'jwt' && r.status === 200),
      ).toBe(true);
    } finally {
      await env.close();
    }
  });

  it('paints the tab (one overview request) of a cold entity with one check of the person, and shared data once', async () => {
    const env = await startJenkinsTestBackend({ instance: verified });
    try {
      const res = await env
        .get(`${PAYMENTS}/overview`, 'user:default/alice')
        .expect(200);
      // payments-service opens on its multibranch job's main branch.
      const MAIN_JSON = '/job/payments/job/payments-service/job/main/api/json';
      expect(res.body.selected.jobId).toBe(
        jobIdOf('payments/payments-service/main'),
      );
      // The check on the folder also confirmed the multibranch job's
      // branches Jenkins listed to alice: main needs no check of its own.
      expect(described(env.jenkinsRequests())).toEqual(
        [
          `alice GET ${FOLDER_JSON} check`,
          `backstage-reader GET ${FOLDER_JSON} data`,
          `backstage-reader GET ${MULTIBRANCH_JSON} data`,
          `backstage-reader GET ${MAIN_JSON} data`,
        ].sort(),
      );
      // Another person costs the same one check, and nothing else.
      const before = env.jenkinsRequests().length;
      await env.get(`${PAYMENTS}/overview`, 'user:default/bob').expect(200);
      expect(described(env.jenkinsRequests().slice(before))).toEqual([
        `bob GET ${FOLDER_JSON} check`,
      ]);
    } finally {
      await env.close();
    }
  });

  it('costs a second person only the access checks', async () => {
    const env = await startJenkinsTestBackend({ instance: verified });
    try {
      await pageView(env, 'user:default/alice');
      const before = env.jenkinsRequests().length;
      await pageView(env, 'user:default/bob');
      expect(described(env.jenkinsRequests().slice(before))).toEqual([
        `bob GET ${FOLDER_JSON} check`,
      ]);
      // And a third view by either costs nothing within the TTLs.
      const after = env.jenkinsRequests().length;
      await pageView(env, 'user:default/alice');
      await pageView(env, 'user:default/bob');
      expect(env.jenkinsRequests()).toHaveLength(after);
    } finally {
      await env.close();
    }
  });

  it('makes one data request for 200 concurrent cold views of one job by 200 people', async () => {
    const env = await startJenkinsTestBackend({
      instance: verified,
      timeouts: { requestTimeoutMs: 20_000, cacheTtlSeconds: 60 },
    });
    try {
      const people = Array.from({ length: 200 }, (_, i) => `viewer-${i}`);
      const responses = await Promise.all(
        people.map(p => env.get(BUILDS, `user:default/${p}`)),
      );
      expect(responses.map(r => r.status)).toEqual(people.map(() => 200));
      expect(new Set(responses.map(r => JSON.stringify(r.body))).size).toBe(1);
      const requests = env.jenkinsRequests();
      expect(requests.filter(r => !isCheck(r)).map(r => r.user)).toEqual([
        'backstage-reader',
      ]);
      expect(
        requests
          .filter(isCheck)
          .map(r => r.user)
          .sort(),
      ).toEqual([...people].sort());
    } finally {
      await env.close();
    }
  });

  it('gives a person Jenkins denies the answer perUser gives, and nothing shared', async () => {
    const env = await startJenkinsTestBackend({
      instance: verified,
      scenario: scenarioWithoutCarol(),
    });
    let perUser: JenkinsTestBackend | undefined;
    try {
      // alice (team-payments) warms the shared cache of the staging job.
      await env.get(BUILDS, 'user:default/alice').expect(200);
      const before = env.jenkinsRequests().length;

      const denied = await env.get(BUILDS, 'user:default/carol');
      const deniedJobs = await env.get(
        `${PAYMENTS}/jobs`,
        'user:default/carol',
      );

      // Only carol's checks, each refused by Jenkins (the folder's listing
      // too: she may not read the folder); no data read for her.
      const carols = env.jenkinsRequests().slice(before);
      expect(carols.filter(r => r.path === FOLDER_JSON)).toHaveLength(1);
      expect(carols.length).toBeGreaterThan(1);
      expect(carols.every(r => r.user === 'carol' && isCheck(r))).toBe(true);
      expect(carols.map(r => r.status)).toEqual(carols.map(() => 403));
      expect(denied.status).toBe(403);
      expect(deniedJobs.status).toBe(403);
      // Nothing from the shared data: no builds, jobs, counts or numbers.
      for (const res of [denied, deniedJobs]) {
        expect(Object.keys(res.body).sort()).toEqual([
          'error',
          'request',
          'response',
        ]);
        expect(JSON.stringify(res.body)).not.toMatch(
          /"(items|jobs|number|nextCursor|lastBuild)"|deploy-staging\/\d/,
        );
      }

      // perUser answers carol the same. Started last: a backend on the same
      // simulator points its JWT realm at its own keys.
      perUser = await startJenkinsTestBackend({
        instance: { reads: 'perUser' },
        sim: env.sim,
      });
      const perUserDenied = await perUser.get(BUILDS, 'user:default/carol');
      expect(perUserDenied.status).toBe(denied.status);
      expect(perUserDenied.body.error).toEqual(denied.body.error);
    } finally {
      await perUser?.close();
      await env.close();
    }
  });

  it('takes a multibranch job’s branches as checked only where Jenkins listed them to the person', async () => {
    // erin may read the folder, the multibranch job and its main branch,
    // not its other branches (role-strategy item roles match full names).
    const scenario = scenarioWithoutCarol();
    scenario.roles.items.push({
      name: 'erin-main-only',
      pattern: 'payments|payments/payments-service(/main)?',
      permissions: ['Job/Discover', 'Job/Read'],
      users: ['erin'],
      groups: [],
    });
    const env = await startJenkinsTestBackend({
      instance: verified,
      scenario,
    });
    try {
      // main: confirmed by erin's check of the multibranch job, which
      // Jenkins answered listing main only.
      const main = await env.get(
        `${PAYMENTS}/jobs/${jobIdOf(
          'payments/payments-service/main',
        )}/builds?limit=10`,
        'user:default/erin',
      );
      expect(main.status).toBe(200);
      const erins = env.jenkinsRequests().filter(r => r.user === 'erin');
      expect(described(erins)).toEqual([`erin GET ${MULTIBRANCH_JSON} check`]);

      const before = env.jenkinsRequests().length;
      const feature = await env.get(
        `${PAYMENTS}/jobs/${jobIdOf(
          'payments/payments-service/feature%2Ffast-refunds',
        )}/builds?limit=10`,
        'user:default/erin',
      );
      expect(feature.status).toBe(403);
      expect(JSON.stringify(feature.body)).not.toMatch(/"items"|"number"/);
      // Jenkins was asked as erin about that branch, and refused her.
      expect(
        env
          .jenkinsRequests()
          .slice(before)
          .map(r => `${r.user} ${r.status} ${isCheck(r) ? 'check' : 'data'}`),
      ).toEqual(['erin 403 check']);
    } finally {
      await env.close();
    }
  });

  it('shares Jenkins data only: masks passwords, and decides per caller what the policy decides', async () => {
    // bob may read jobs but not logs; alice may do everything.
    const env = await startJenkinsTestBackend({
      instance: verified,
      policy: (permission, userRef) =>
        userRef === 'user:default/bob' &&
        permission === 'jenkins.build.logs.read'
          ? 'deny'
          : 'allow',
    });
    try {
      const build = `${PAYMENTS}/jobs/${jobIdOf(STAGING)}/builds/40`;
      const alice = await env.get(build, 'user:default/alice').expect(200);
      const before = env.jenkinsRequests().length;
      const bob = await env.get(build, 'user:default/bob').expect(200);
      // bob's view came from the shared data: only his access check.
      expect(described(env.jenkinsRequests().slice(before))).toEqual([
        `bob GET ${STAGING_JSON} check`,
      ]);
      for (const res of [alice, bob]) {
        expect(res.body.parameters).toEqual(
          expect.arrayContaining([
            { name: 'SMOKE_TEST_TOKEN', value: '********', masked: true },
          ]),
        );
      }
      expect(alice.body.canReadLogs).toEqual({ allowed: true });
      expect(bob.body.canReadLogs).toMatchObject({ allowed: false });

      const aliceJobs = await env.get(`${PAYMENTS}/jobs`, 'user:default/alice');
      const bobJobs = await env.get(`${PAYMENTS}/jobs`, 'user:default/bob');
      // The identity shown is each person's own, never the read identity's.
      expect(aliceJobs.body.jobs[0].identity.jenkinsUser).toBe('alice');
      expect(bobJobs.body.jobs[0].identity.jenkinsUser).toBe('bob');
    } finally {
      await env.close();
    }
  });

  it('asks Jenkins again once accessCheckTtlSeconds passed', async () => {
    const env = await startJenkinsTestBackend({
      instance: { ...verified, accessCheckTtlSeconds: 1 },
      timeouts: { cacheTtlSeconds: 60 },
    });
    try {
      await env.get(BUILDS, 'user:default/alice').expect(200);
      expect(env.jenkinsRequests().filter(isCheck)).toHaveLength(1);
      await env.get(BUILDS, 'user:default/alice').expect(200);
      expect(env.jenkinsRequests()).toHaveLength(2);

      await new Promise(resolve => setTimeout(resolve, 1100));
      const before = env.jenkinsRequests().length;
      await env.get(BUILDS, 'user:default/alice').expect(200);
      expect(described(env.jenkinsRequests().slice(before))).toEqual([
        `alice GET ${STAGING_JSON} check`,
      ]);
    } finally {
      await env.close();
    }
  });
});
