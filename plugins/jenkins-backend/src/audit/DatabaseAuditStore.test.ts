import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { AuditEntry } from '@internal/plugin-jenkins-common';
import { DatabaseAuditStore } from './DatabaseAuditStore';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@internal/plugin-jenkins-backend',
  'migrations',
);

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: overrides.id ?? '00000000-0000-4000-8000-000000000001',
    time: '2026-11-28T10:00:00.000Z',
    actor: { userRef: 'user:default/alice', jenkinsUser: 'alice' },
    action: 'trigger',
    entityRef: 'component:default/payments-service',
    instance: 'default',
    jobFullName: 'payments/deploy-staging',
    buildNumber: null,
    queueId: null,
    parameters: { VERSION: '1.2.3', SMOKE_TEST_TOKEN: '********' },
    decision: 'allow',
    outcome: 'pending',
    jenkinsStatus: null,
    message: null,
    requestId: 'req-1',
    via: 'http',
    ...overrides,
  };
}

function id(n: number) {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

describe('DatabaseAuditStore', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
  });

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    return new DatabaseAuditStore(knex);
  }

  it.each(databases.eachSupportedId())(
    'stores an attempt and completes it with the outcome, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.insert(entry());
      await store.complete(entry().id, {
        outcome: 'success',
        jenkinsStatus: 201,
        queueId: 57,
        buildNumber: 12,
      });
      expect(await store.get(entry().id)).toEqual(
        entry({
          outcome: 'success',
          jenkinsStatus: 201,
          queueId: 57,
          buildNumber: 12,
        }),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'shows a write on the newest activity page at once, and one by another replica within a second, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const store = new DatabaseAuditStore(knex);
      // Another replica: the same database, a cache of its own.
      const otherReplica = new DatabaseAuditStore(knex);
      const ref = entry().entityRef;
      const newest = async () =>
        (await store.listForEntity(ref, { limit: 10 })).items.map(e => [
          e.id,
          e.outcome,
        ]);
      await store.insert(entry({ id: id(1) }));
      expect(await newest()).toEqual([[id(1), 'pending']]);
      await store.complete(id(1), { outcome: 'success', jenkinsStatus: 201 });
      expect(await newest()).toEqual([[id(1), 'success']]);

      await otherReplica.insert(
        entry({ id: id(2), time: '2026-11-28T10:00:01.000Z' }),
      );
      const shown = Date.now();
      while ((await newest()).length < 2) {
        expect(Date.now() - shown).toBeLessThan(3000);
        await new Promise(r => setTimeout(r, 50));
      }
      expect(await newest()).toEqual([
        [id(2), 'pending'],
        [id(1), 'success'],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'pages an entity activity newest first with a cursor, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      for (let i = 1; i <= 5; i++) {
        await store.insert(
          entry({
            id: id(i),
            // two entries share a time, so the id breaks the tie
            time: new Date(
              Date.UTC(2026, 10, 28, 10, 0, i === 5 ? 4 : i),
            ).toISOString(),
          }),
        );
      }
      await store.insert(
        entry({ id: id(9), entityRef: 'component:default/other' }),
      );

      const first = await store.listForEntity(
        'component:default/payments-service',
        { limit: 2 },
      );
      expect(first.items.map(e => e.id)).toEqual([id(5), id(4)]);
      expect(first.nextCursor).toEqual(expect.any(String));

      const second = await store.listForEntity(
        'component:default/payments-service',
        { limit: 2, cursor: first.nextCursor! },
      );
      expect(second.items.map(e => e.id)).toEqual([id(3), id(2)]);

      const last = await store.listForEntity(
        'component:default/payments-service',
        { limit: 2, cursor: second.nextCursor! },
      );
      expect(last.items.map(e => e.id)).toEqual([id(1)]);
      expect(last.nextCursor).toBeNull();
    },
  );

  it.each(databases.eachSupportedId())(
    'filters the export by time range and actor, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.insert(
        entry({ id: id(1), time: '2026-11-28T09:00:00.000Z' }),
      );
      await store.insert(
        entry({ id: id(2), time: '2026-11-28T10:00:00.000Z' }),
      );
      await store.insert(
        entry({
          id: id(3),
          time: '2026-11-28T10:30:00.000Z',
          actor: { userRef: 'user:default/bob', jenkinsUser: 'bob' },
        }),
      );
      await store.insert(
        entry({ id: id(4), time: '2026-11-28T11:00:00.000Z' }),
      );

      const range = await store.query({
        fromMs: Date.parse('2026-11-28T10:00:00.000Z'),
        toMs: Date.parse('2026-11-28T11:00:00.000Z'),
        limit: 100,
      });
      expect(range.map(e => e.id)).toEqual([id(2), id(3)]);

      const bob = await store.query({ actor: 'bob', limit: 100 });
      expect(bob.map(e => e.id)).toEqual([id(3)]);
      const bobRef = await store.query({
        actor: 'user:default/bob',
        limit: 100,
      });
      expect(bobRef.map(e => e.id)).toEqual([id(3)]);
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes only entries older than the cut-off, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.insert(
        entry({ id: id(1), time: '2026-01-01T00:00:00.000Z' }),
      );
      await store.insert(
        entry({ id: id(2), time: '2026-11-28T00:00:00.000Z' }),
      );
      expect(
        await store.deleteOlderThan(Date.parse('2026-06-01T00:00:00.000Z')),
      ).toBe(1);
      expect((await store.query({ limit: 10 })).map(e => e.id)).toEqual([
        id(2),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'finds the trigger of a queue item and lets one caller claim its labelling, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.insert(entry({ id: id(1), queueId: 57, outcome: 'success' }));
      await store.insert(entry({ id: id(2), queueId: 58, outcome: 'failure' }));
      await store.insert(
        entry({ id: id(3), queueId: 57, action: 'cancel', outcome: 'success' }),
      );
      expect((await store.findByQueueItem('default', 57))?.id).toBe(id(1));
      expect(await store.findByQueueItem('default', 58)).toBeUndefined();
      expect(await store.findByQueueItem('other', 57)).toBeUndefined();

      const claims = await Promise.all([
        store.claimLabelling(id(1), 1),
        store.claimLabelling(id(1), 2),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.claimLabelling(id(1), 3)).toBe(false);
    },
  );

  it('rejects a cursor that is not from a previous page', async () => {
    const store = await createStore('SQLITE_3');
    await expect(
      store.listForEntity('component:default/x', {
        limit: 2,
        cursor: 'bm90LWEtY3Vyc29y',
      }),
    ).rejects.toThrow(/cursor/);
  });
});
