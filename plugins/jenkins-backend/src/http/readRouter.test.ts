import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { loadScenario } from '@internal/jenkins-sim';
import {
  buildDetailSchema,
  buildsPageSchema,
  jobsResponseSchema,
  logChunkSchema,
} from '@internal/plugin-jenkins-common';
import request from 'supertest';
import {
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(30_000);

type Environment = JenkinsTestBackend;

const STAGING = jobIdOf('payments/deploy-staging');
const PRODUCTION = jobIdOf('payments/deploy-production');
const MULTIBRANCH = jobIdOf('payments/payments-service');
const FAST_REFUNDS = jobIdOf(
  'payments/payments-service/feature%2Ffast-refunds',
);

/** Not in the demo world: an entity naming an instance that is not configured. */
const misconfigured: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'misconfigured',
    namespace: 'default',
    annotations: {
      'jenkins.io/job-full-name': 'elsewhere:payments/deploy-staging',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'platform' },
};

describe.each(['jwt', 'proxy-headers'] as const)(
  'the read API with the %s strategy',
  strategy => {
    let env: Environment;
    const expectedRealm = strategy === 'jwt' ? 'jwt' : 'proxy';

    beforeEach(async () => {
      env = await startJenkinsTestBackend({
        strategy,
        entities: [misconfigured],
      });
    });
    afterEach(async () => {
      await env.close();
    });

    it("lists exactly the jobs the entity's annotation names, branches included", async () => {
      const res = await env.get(`${PAYMENTS}/jobs`);

      expect(res.status).toBe(200);
      const body = jobsResponseSchema.parse(res.body);
      expect(body.entityRef).toBe('component:default/payments-service');
      expect(body.jobs.map(j => [j.fullName, j.kind, j.environment])).toEqual([
        ['payments/payments-service', 'multibranch', null],
        ['payments/deploy-staging', 'pipeline', 'staging'],
        ['payments/deploy-production', 'pipeline', 'production'],
      ]);
      const multibranch = body.jobs[0];
      expect(multibranch.id).toBe(MULTIBRANCH);
      // Its newest branch build (main #150) decides its status.
      expect(multibranch.status).toBe('success');
      expect(multibranch.lastBuild).toBeNull();
      // Jenkins decides the order of a folder's items; only the set matters.
      expect(multibranch.branches!.map(b => [b.name, b.id]).sort()).toEqual([
        ['feature/fast-refunds', FAST_REFUNDS],
        ['main', jobIdOf('payments/payments-service/main')],
        ['release/2.x', jobIdOf('payments/payments-service/release%2F2.x')],
      ]);
      expect(
        multibranch.branches!.find(b => b.name === 'feature/fast-refunds')!
          .lastBuild,
      ).toMatchObject({
        number: 30,
        status: 'failure',
        branch: 'feature/fast-refunds',
        // A branch's last build shows its state; its commit and tests are
        // on the branch's builds page (thousands of branches stay one
        // small Jenkins answer).
        commit: null,
        tests: null,
      });
      const fastRefunds = await env.get(
        `${PAYMENTS}/jobs/${FAST_REFUNDS}/builds?limit=1`,
      );
      expect(fastRefunds.body.items[0]).toMatchObject({
        number: 30,
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
        tests: { total: 240, failed: 2, skipped: 0, passed: 238 },
      });
      const staging = body.jobs[1];
      expect(staging.parameters.map(p => [p.name, p.type])).toEqual(
        expect.arrayContaining([
          ['VERSION', 'string'],
          ['DRY_RUN', 'boolean'],
          ['REGION', 'choice'],
          ['NOTES', 'text'],
          ['SMOKE_TEST_TOKEN', 'password'],
        ]),
      );
      expect(
        staging.parameters.find(p => p.name === 'SMOKE_TEST_TOKEN'),
      ).toEqual({
        name: 'SMOKE_TEST_TOKEN',
        description: 'Token for the smoke tests',
        type: 'password',
        hasDefault: true,
      });
      expect(staging.capabilities.trigger).toEqual({ allowed: true });
      expect(staging.identity).toEqual({ strategy, jenkinsUser: 'alice' });
    });

    it('reads as the calling person with their groups: one listing of the jobs’ folder, one request per multibranch job', async () => {
      await env.get(`${PAYMENTS}/jobs`, 'user:default/bob').expect(200);

      const requests = env.jenkinsRequests();
      expect(requests.map(r => r.path).sort()).toEqual([
        '/job/payments/api/json',
        '/job/payments/job/payments-service/api/json',
      ]);
      for (const r of requests) {
        expect(r).toMatchObject({
          method: 'GET',
          status: 200,
          user: 'bob',
          groups: ['release-managers'],
          realm: expectedRealm,
        });
        expect(r.query.tree).toBeDefined();
        expect(r.query.tree).not.toMatch(/\*/);
        expect(r.query.depth).toBeUndefined();
      }
    });

    it('pages builds newest first, on the server, without repeating builds', async () => {
      const first = await env.get(
        `${PAYMENTS}/jobs/${STAGING}/builds?limit=15`,
      );
      expect(first.status).toBe(200);
      const page1 = buildsPageSchema.parse(first.body);
      expect(page1.items).toHaveLength(15);
      expect(page1.items[0].number).toBe(40);
      expect(page1.items.map(b => b.number)).toEqual(
        [...page1.items.map(b => b.number)].sort((a, b) => b - a),
      );
      expect(page1.nextCursor).toEqual(expect.any(String));

      const second = await env.get(
        `${PAYMENTS}/jobs/${STAGING}/builds?limit=15&cursor=${page1.nextCursor}`,
      );
      const page2 = buildsPageSchema.parse(second.body);
      expect(page2.items[0].number).toBe(25);

      const third = await env.get(
        `${PAYMENTS}/jobs/${STAGING}/builds?limit=15&cursor=${page2.nextCursor}`,
      );
      const page3 = buildsPageSchema.parse(third.body);
      expect(page3.items.map(b => b.number)).toEqual([
        10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
      ]);
      expect(page3.nextCursor).toBeNull();

      const trees = env.jenkinsRequests().map(r => r.query.tree);
      expect(trees[0]).toMatch(/^builds\[.*\]\{0,16\}$/);
      expect(trees[1]).toMatch(/^builds\[.*\]\{15,31\}$/);
    });

    it('shows a build with stages, failed tests, branch and commit', async () => {
      const res = await env.get(`${PAYMENTS}/jobs/${FAST_REFUNDS}/builds/30`);

      expect(res.status).toBe(200);
      const build = buildDetailSchema.parse(res.body);
      expect(build).toMatchObject({
        number: 30,
        status: 'failure',
        branch: 'feature/fast-refunds',
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
        tests: { failed: 2 },
      });
      expect(build.stages.map(s => [s.name, s.status])).toEqual([
        ['Checkout', 'success'],
        ['Build', 'success'],
        ['Test', 'failure'],
      ]);
      expect(build.stages[2].error).toBe('script returned exit code 1');
      expect(build.failedTests).toHaveLength(2);
      expect(build.failedTests[0]).toMatchObject({
        className: expect.stringMatching(/^com\.example\.payments\./),
        name: expect.any(String),
      });
    });

    it('masks password parameter values', async () => {
      const res = await env.get(`${PAYMENTS}/jobs/${STAGING}/builds/40`);

      expect(res.status).toBe(200);
      const build = buildDetailSchema.parse(res.body);
      expect(build.parameters).toEqual(
        expect.arrayContaining([
          { name: 'VERSION', value: expect.any(String), masked: false },
          { name: 'SMOKE_TEST_TOKEN', value: '********', masked: true },
        ]),
      );
      expect(build.causes).toEqual([
        {
          kind: 'user',
          description: 'Started by user Alice',
          userId: 'alice',
          userName: 'Alice',
        },
      ]);
    });

    it('shows a pipeline paused at an input step, with whether the caller may answer', async () => {
      const triggered = await fetch(
        `${env.sim.url}/job/payments/job/deploy-production/buildWithParameters`,
        {
          method: 'POST',
          headers: {
            Authorization: `Basic ${Buffer.from('bob:bob-token').toString(
              'base64',
            )}`,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: 'VERSION=2.5.0',
        },
      );
      expect(triggered.status).toBe(201);
      env.sim.control.advance(60_000);

      const latest = await env.get(
        `${PAYMENTS}/jobs/${PRODUCTION}/builds?limit=1`,
        'user:default/bob',
      );
      const res = await env.get(
        `${PAYMENTS}/jobs/${PRODUCTION}/builds/${latest.body.items[0].number}`,
        'user:default/bob',
      );

      expect(res.status).toBe(200);
      const build = buildDetailSchema.parse(res.body);
      expect(build.status).toBe('paused');
      expect(build.progress).toEqual(expect.any(Number));
      expect(build.pendingInputs).toEqual([
        expect.objectContaining({
          id: 'Promote',
          message: 'Promote to production?',
          canAnswer: { allowed: true },
        }),
      ]);
    });

    it('reads the console log in chunks', async () => {
      const res = await env.get(
        `${PAYMENTS}/jobs/${FAST_REFUNDS}/builds/30/log?start=0`,
      );

      expect(res.status).toBe(200);
      const chunk = logChunkSchema.parse(res.body);
      expect(chunk.text).toContain('Started by an SCM change');
      expect(chunk.more).toBe(false);
      expect(chunk.nextStart).toBeGreaterThan(0);

      const rest = await env.get(
        `${PAYMENTS}/jobs/${FAST_REFUNDS}/builds/30/log?start=${chunk.nextStart}`,
      );
      expect(logChunkSchema.parse(rest.body)).toMatchObject({
        text: '',
        nextStart: chunk.nextStart,
      });
    });

    it('answers 404 for a build that does not exist', async () => {
      const res = await env.get(`${PAYMENTS}/jobs/${STAGING}/builds/9999`);
      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
    });

    it("answers 404 for another entity's job, an unknown job, a missing or hidden entity, without calling Jenkins", async () => {
      const nightly = jobIdOf('platform/nightly-backup');
      const unannotated = jobIdOf('platform/legacy-deploy');
      const otherInstance = jobIdOf('payments/deploy-staging', 'elsewhere');
      const responses = await Promise.all([
        env.get(`${PAYMENTS}/jobs/${nightly}/builds`),
        env.get(`${PAYMENTS}/jobs/${unannotated}/builds/1`),
        env.get(`${PAYMENTS}/jobs/${otherInstance}/builds`),
        env.get(`${PAYMENTS}/jobs/bm90LWEtam9i/builds`),
        env.get(`${PAYMENTS}/jobs/${jobIdOf('payments')}/builds/1/log`),
        env.get('/v1/entities/component/default/no-such-entity/jobs'),
        env.get(
          `/v1/entities/component/default/no-such-entity/jobs/${STAGING}/builds`,
        ),
      ]);
      expect(responses.map(r => r.status)).toEqual([
        404, 404, 404, 404, 404, 404, 404,
      ]);
      expect(env.jenkinsRequests()).toEqual([]);
    });

    it('answers 404 for an entity the caller cannot see, without calling Jenkins', async () => {
      await env.close();
      env = await startJenkinsTestBackend({
        strategy,
        entities: [misconfigured],
        hiddenFrom: {
          'user:default/carol': ['component:default/payments-service'],
        },
      });

      const jobs = await env.get(`${PAYMENTS}/jobs`, 'user:default/carol');
      const builds = await env.get(
        `${PAYMENTS}/jobs/${STAGING}/builds`,
        'user:default/carol',
      );

      expect(jobs.status).toBe(404);
      expect(builds.status).toBe(404);
      expect(env.jenkinsRequests()).toEqual([]);
      await env.get(`${PAYMENTS}/jobs`, 'user:default/alice').expect(200);
    });

    it('accepts branches of a named multibranch job only', async () => {
      await env
        .get(`${PAYMENTS}/jobs/${FAST_REFUNDS}/builds?limit=1`)
        .expect(200);

      const fake = await env.get(
        `${PAYMENTS}/jobs/${jobIdOf('payments/deploy-staging/sneaky')}/builds`,
      );
      expect(fake.status).toBe(404);
      const deeper = await env.get(
        `${PAYMENTS}/jobs/${jobIdOf('payments/payments-service/a/b')}/builds`,
      );
      expect(deeper.status).toBe(404);
      expect(
        env.jenkinsRequests().filter(r => /sneaky|\/a\/job\/b/.test(r.path)),
      ).toEqual([]);
    });

    it('rejects an annotation naming an unconfigured instance with a clear 400', async () => {
      const res = await env.get(
        '/v1/entities/component/default/misconfigured/jobs',
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        "component:default/misconfigured names Jenkins instance 'elsewhere' in its jenkins.io/job-full-name annotation, but only 'default' is configured",
      );
      expect(env.jenkinsRequests()).toEqual([]);
    });

    it('lists no jobs for an entity without the annotation', async () => {
      const res = await env.get(
        '/v1/entities/component/default/docs-site/jobs',
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        entityRef: 'component:default/docs-site',
        jobs: [],
      });
    });
  },
);

describe('Jenkins-side denials', () => {
  it("surfaces Jenkins refusing the person's read as a clear 403", async () => {
    const scenario = loadScenario('demo');
    // Everyone may discover jobs, but only the groups' roles grant Job/Read.
    const readers = scenario.roles.global.find(r => r.name === 'readers')!;
    readers.permissions = ['Overall/Read', 'Job/Discover'];
    const env = await startJenkinsTestBackend({ scenario });
    try {
      const res = await env.get(
        `/v1/entities/component/default/nightly-backup/jobs`,
        'user:default/carol',
      );

      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(res.body.error.message).toMatch(
        /^Jenkins denied carol to read job platform\/nightly-backup on instance 'default'/,
      );
      expect(env.jenkinsRequests()).toEqual([
        expect.objectContaining({ user: 'carol', realm: 'jwt', status: 403 }),
      ]);
    } finally {
      await env.close();
    }
  });

  it('names the service account when Jenkins sees the bot', async () => {
    const env = await startJenkinsTestBackend({
      strategy: 'service-account',
    });
    try {
      const res = await env.get(`${PAYMENTS}/jobs`);
      expect(res.status).toBe(200);
      expect(res.body.jobs[0].identity).toEqual({
        strategy: 'service-account',
        jenkinsUser: 'admin',
        notice: expect.stringContaining(
          "Jenkins sees the service account 'admin'",
        ),
      });
      expect(env.jenkinsRequests()[0]).toMatchObject({
        user: 'admin',
        realm: 'basic',
      });
    } finally {
      await env.close();
    }
  });
});

describe('service callers', () => {
  it('read as themselves, never as a person', async () => {
    const env = await startJenkinsTestBackend();
    try {
      const res = await request(env.server)
        .get(`/api/jenkins${PAYMENTS}/jobs`)
        .set('Authorization', mockCredentials.service.header());

      expect(res.status).toBe(200);
      expect(res.body.jobs[0].identity).toEqual({
        strategy: 'jwt',
        jenkinsUser: 'external:test-service',
      });
      expect(env.jenkinsRequests()[0]).toMatchObject({
        user: 'external:test-service',
        groups: [],
        realm: 'jwt',
      });
    } finally {
      await env.close();
    }
  });
});
