import { loadScenario, RequestLogEntry } from '@internal/jenkins-sim';
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

/** The demo jobs of payments-service, as the simulator logs their paths. */
const JOBS = [
  '/job/payments/job/deploy-production/api/json',
  '/job/payments/job/deploy-staging/api/json',
  '/job/payments/job/payments-service/api/json',
];
const STAGING_JSON = '/job/payments/job/deploy-staging/api/json';
/** The first page of the staging job's builds, as the tab asks it. */
const BUILDS = `${PAYMENTS}/jobs/${jobIdOf(STAGING)}/builds?limit=10`;

/** What the tab asks on first paint: the jobs, then the selected job's builds. */
async function pageView(env: JenkinsTestBackend, userRef: string) {
  await env.get(`${PAYMENTS}/jobs`, userRef).expect(200);
  await env.get(BUILDS, userRef).expect(200);
}

/** An access check: the person asking Jenkins for the job's name only. */
const isCheck = (r: RequestLogEntry) => r.query.tree === 'name';

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
  it('reads a cold page view once as the read identity, checking the person per job', async () => {
    const env = await startJenkinsTestBackend({ instance: verified });
    try {
      await pageView(env, 'user:default/alice');
      expect(described(env.jenkinsRequests())).toEqual(
        [
          ...JOBS.map(p => `alice GET ${p} check`),
          ...JOBS.map(p => `backstage-reader GET ${p} data`),
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

  it('costs a second person only the access checks', async () => {
    const env = await startJenkinsTestBackend({ instance: verified });
    try {
      await pageView(env, 'user:default/alice');
      const before = env.jenkinsRequests().length;
      await pageView(env, 'user:default/bob');
      expect(described(env.jenkinsRequests().slice(before))).toEqual(
        JOBS.map(p => `bob GET ${p} check`),
      );
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

      // Only carol's checks, each refused by Jenkins; no data read for her.
      const carols = env.jenkinsRequests().slice(before);
      expect(carols.length).toBeGreaterThan(0);
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
