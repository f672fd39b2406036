import {
  TestCacheId,
  TestCaches,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { randomUUID } from 'node:crypto';
import { buildsPageSchema } from '@internal/plugin-jenkins-common';
import {
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

/** These figures are `reads: perUser`'s (`verified` has readCost.verified.test.ts). */
const perUser = { instance: { reads: 'perUser' } };

describe('what reads cost Jenkins', () => {
  it('costs one listing of the folder for its jobs, and one request per multibranch job, for the jobs list', async () => {
    const env = await startJenkinsTestBackend(perUser);
    try {
      await env.get(`${PAYMENTS}/jobs`).expect(200);
      // payments-service's three jobs are in the `payments` folder; its
      // multibranch job lists its branches with a request of its own.
      expect(
        env
          .jenkinsRequests()
          .map(r => `${r.method} ${r.path} ${r.query.tree.slice(0, 5)}`)
          .sort(),
      ).toEqual([
        'GET /job/payments/api/json jobs[',
        'GET /job/payments/job/payments-service/api/json _clas',
      ]);
    } finally {
      await env.close();
    }
  });

  it('costs the same two Jenkins requests for 100 concurrent identical requests', async () => {
    const env = await startJenkinsTestBackend(perUser);
    try {
      const responses = await Promise.all(
        Array.from({ length: 100 }, () => env.get(`${PAYMENTS}/jobs`)),
      );
      expect(responses.every(r => r.status === 200)).toBe(true);
      expect(new Set(responses.map(r => JSON.stringify(r.body))).size).toBe(1);
      expect(env.jenkinsRequests()).toHaveLength(2);
    } finally {
      await env.close();
    }
  });

  it('serves repeated views from the cache until a person with other groups asks', async () => {
    const env = await startJenkinsTestBackend(perUser);
    try {
      await env.get(`${PAYMENTS}/jobs`).expect(200);
      await env.get(`${PAYMENTS}/jobs`).expect(200);
      expect(env.jenkinsRequests()).toHaveLength(2);

      await env.get(`${PAYMENTS}/jobs`, 'user:default/bob').expect(200);
      expect(env.jenkinsRequests()).toHaveLength(4);
      expect(
        env
          .jenkinsRequests()
          .slice(2)
          .map(r => r.user),
      ).toEqual(['bob', 'bob']);
    } finally {
      await env.close();
    }
  });

  it('pages a 10,000-build job on the server, one small request per page', async () => {
    const busy: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'busy',
        namespace: 'default',
        annotations: { 'jenkins.io/job-full-name': 'big/busy-job' },
      },
      spec: { owner: 'team-payments' },
    };
    const env = await startJenkinsTestBackend({
      ...perUser,
      scenario: 'large',
      entities: [busy],
    });
    try {
      const base = `/v1/entities/component/default/busy/jobs/${jobIdOf(
        'big/busy-job',
      )}/builds`;
      const numbers: number[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 3; page++) {
        const res = await env.get(
          `${base}?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        const body = buildsPageSchema.parse(res.body);
        expect(body.items).toHaveLength(100);
        numbers.push(...body.items.map(b => b.number));
        cursor = body.nextCursor;
      }

      expect(numbers[0]).toBe(10000);
      expect(numbers).toEqual(Array.from({ length: 300 }, (_, i) => 10000 - i));
      const trees = env.jenkinsRequests().map(r => r.query.tree);
      // A cursor into `allBuilds` is first checked against the newest build
      // number: one tiny request, cached like any other read.
      expect(trees.filter(t => t === 'lastBuild[number]')).toHaveLength(1);
      const pages = trees.filter(t => t !== 'lastBuild[number]');
      expect(pages).toHaveLength(3);
      expect(pages[0]).toMatch(/^allBuilds\[.*\]\{0,101\}$/);
      expect(pages[1]).toMatch(/^allBuilds\[.*\]\{100,201\}$/);
      expect(pages[2]).toMatch(/^allBuilds\[.*\]\{200,301\}$/);
    } finally {
      await env.close();
    }
  });

  it('uses the newest-100 builds list for the first pages', async () => {
    const env = await startJenkinsTestBackend(perUser);
    try {
      await env
        .get(
          `${PAYMENTS}/jobs/${jobIdOf(
            'payments/deploy-staging',
          )}/builds?limit=20`,
        )
        .expect(200);
      expect(env.jenkinsRequests()[0].query.tree).toMatch(
        /^builds\[.*\]\{0,21\}$/,
      );
    } finally {
      await env.close();
    }
  });
});

const caches = TestCaches.create({ ids: ['REDIS_7'] });
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const cacheIds = caches.eachSupportedId();

// Redis is only there when CI provides it; the case is skipped, not failed, otherwise.
const replicaCases: Array<[TestCacheId]> = cacheIds.length
  ? cacheIds
  : [['REDIS_7']];

(cacheIds.length ? describe.each : describe.skip.each)(replicaCases)(
  'backend replicas sharing a %p cache',
  cacheId => {
    it('answer a view one replica already read without asking Jenkins again', async () => {
      const { store, connection } = await caches.init(cacheId);
      const knex = await databases.init('SQLITE_3');
      // The cache keys do not depend on the simulator's address, and
      // `caches.init` leaves the plugin's (namespaced) keys in Redis, so a
      // namespace of this run's own keeps an earlier run's views (still
      // within their TTL) from answering this one. A TTL well above the
      // test's duration keeps a slow machine from missing the shared view.
      const cache = {
        store,
        connection,
        redis: { client: { namespace: `jenkins-test-${randomUUID()}` } },
      };
      const timeouts = { cacheTtlSeconds: 60 };
      const first = await startJenkinsTestBackend({
        ...perUser,
        knex,
        cache,
        timeouts,
      });
      const second = await startJenkinsTestBackend({
        ...perUser,
        knex,
        cache,
        timeouts,
        sim: first.sim,
      });
      try {
        await first.get(`${PAYMENTS}/jobs`).expect(200);
        // The folder's listing and the multibranch job's summary.
        expect(first.jenkinsRequests()).toHaveLength(2);

        const res = await second.get(`${PAYMENTS}/jobs`);

        expect(res.status).toBe(200);
        expect(res.body.jobs).toHaveLength(3);
        expect(first.jenkinsRequests()).toHaveLength(2);
      } finally {
        await second.close();
        await first.close();
      }
    });
  },
);
