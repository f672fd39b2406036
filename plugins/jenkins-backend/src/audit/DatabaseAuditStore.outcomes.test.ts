import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { AuditEntry } from '@internal/plugin-jenkins-common';
import { Knex } from 'knex';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { BuildOutcomeFact } from './types';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@internal/plugin-jenkins-backend',
  'migrations',
);

function id(n: number) {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: id(1),
    time: '2026-11-28T10:00:00.000Z',
    actor: { userRef: 'user:default/alice', jenkinsUser: 'alice' },
    action: 'trigger',
    entityRef: 'component:default/payments-service',
    instance: 'default',
    jobFullName: 'payments/deploy-staging',
    buildNumber: null,
    queueId: 57,
    parameters: null,
    decision: 'allow',
    outcome: 'success',
    jenkinsStatus: 201,
    message: null,
    requestId: 'req-1',
    via: 'http',
    ...overrides,
  };
}

function fact(overrides: Partial<BuildOutcomeFact> = {}): BuildOutcomeFact {
  return {
    requestId: 'req-1',
    phase: 'STARTED',
    instance: 'default',
    jobFullName: 'payments/deploy-staging',
    buildNumber: 42,
    recordedAtMs: Date.parse('2026-11-28T10:00:05.000Z'),
    ...overrides,
  };
}

describe('DatabaseAuditStore build outcomes', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
  });

  async function createStore(
    databaseId: TestDatabaseId,
  ): Promise<{ store: DatabaseAuditStore; knex: Knex }> {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    return { store: new DatabaseAuditStore(knex), knex };
  }

  it.each(databases.eachSupportedId())(
    "shows a run's build number once it started, then its result and duration, %p",
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.insert(entry());
      expect((await store.get(id(1)))?.build).toBeUndefined();

      expect(await store.recordBuildOutcome(fact())).toBe(true);
      expect((await store.get(id(1)))?.build).toEqual({ number: 42 });

      await store.recordBuildOutcome(
        fact({ phase: 'COMPLETED', result: 'SUCCESS', durationMs: 41_000 }),
      );
      const finished = { number: 42, result: 'SUCCESS', durationMs: 41_000 };
      expect((await store.get(id(1)))?.build).toEqual(finished);
      const page = await store.listForEntity(
        'component:default/payments-service',
        { limit: 10 },
      );
      expect(page.items[0].build).toEqual(finished);
      expect((await store.query({ limit: 10 }))[0].build).toEqual(finished);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the entry as it was written, the outcome beside it, %p',
    async databaseId => {
      const { store, knex } = await createStore(databaseId);
      await store.insert(entry());
      const before = await knex('jenkins_audit_entries').where({ id: id(1) });
      await store.recordBuildOutcome(fact());
      await store.recordBuildOutcome(
        fact({ phase: 'FINALIZED', result: 'FAILURE', durationMs: 5_000 }),
      );
      expect(await knex('jenkins_audit_entries').where({ id: id(1) })).toEqual(
        before,
      );
      expect(await knex('jenkins_audit_outcomes')).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'records a phase once, however often it is told, %p',
    async databaseId => {
      const { store, knex } = await createStore(databaseId);
      await store.insert(entry());
      const done = fact({ phase: 'COMPLETED', result: 'SUCCESS' });
      const answers = await Promise.all([
        store.recordBuildOutcome({ ...done, durationMs: 41_000 }),
        store.recordBuildOutcome({ ...done, durationMs: 99_000 }),
      ]);
      expect(answers).toEqual([true, true]);
      await store.recordBuildOutcome({ ...done, durationMs: 7 });
      expect(await knex('jenkins_audit_outcomes')).toHaveLength(1);
      expect((await store.get(id(1)))?.build?.durationMs).not.toBe(7);
    },
  );

  it.each(databases.eachSupportedId())(
    "refuses a second build claiming a request's outcome, %p",
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.insert(entry());
      await store.recordBuildOutcome(fact());
      expect(
        await store.recordBuildOutcome(
          fact({ phase: 'COMPLETED', buildNumber: 43, result: 'FAILURE' }),
        ),
      ).toBe(false);
      expect(
        await store.recordBuildOutcome(
          fact({ phase: 'COMPLETED', jobFullName: 'payments/other' }),
        ),
      ).toBe(false);
      expect((await store.get(id(1)))?.build).toEqual({ number: 42 });
    },
  );

  it.each(databases.eachSupportedId())(
    'gives the outcome only to allowed runs and rebuilds of the request, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.insert(entry({ id: id(1) }));
      await store.insert(
        entry({ id: id(2), action: 'rebuild', requestId: 'req-2' }),
      );
      await store.insert(
        entry({ id: id(3), action: 'abort', requestId: 'req-2' }),
      );
      await store.insert(
        entry({
          id: id(4),
          decision: 'deny',
          outcome: 'denied',
          requestId: 'req-2',
        }),
      );
      await store.recordBuildOutcome(
        fact({ requestId: 'req-2', buildNumber: 7 }),
      );

      const byId = new Map(
        (await store.query({ limit: 10 })).map(e => [e.id, e.build]),
      );
      expect(byId.get(id(1))).toBeUndefined();
      expect(byId.get(id(2))).toEqual({ number: 7 });
      expect(byId.get(id(3))).toBeUndefined();
      expect(byId.get(id(4))).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'lists the runs and rebuilds of a request, and whether one was labelled, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.insert(
        entry({ id: id(1), outcome: 'unknown', queueId: null }),
      );
      await store.insert(
        entry({
          id: id(2),
          time: '2026-11-28T10:01:00.000Z',
          action: 'rebuild',
        }),
      );
      await store.insert(entry({ id: id(3), action: 'abort' }));
      await store.insert(
        entry({ id: id(4), decision: 'deny', outcome: 'denied' }),
      );
      await store.insert(entry({ id: id(5), requestId: 'req-other' }));
      await store.claimLabelling(id(2), 1);

      const writes = await store.startingWrites('req-1');
      expect(writes.map(w => [w.entry.id, w.labelled])).toEqual([
        [id(1), false],
        [id(2), true],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'forgets outcomes with the audit retention, %p',
    async databaseId => {
      const { store, knex } = await createStore(databaseId);
      await store.insert(entry({ time: '2026-01-01T00:00:00.000Z' }));
      await store.recordBuildOutcome(
        fact({ recordedAtMs: Date.parse('2026-01-01T00:01:00.000Z') }),
      );
      await store.recordBuildOutcome(
        fact({
          requestId: 'req-new',
          recordedAtMs: Date.parse('2026-11-28T00:00:00.000Z'),
        }),
      );
      await store.deleteOlderThan(Date.parse('2026-06-01T00:00:00.000Z'));
      expect(
        (await knex('jenkins_audit_outcomes')).map(r => r.request_id),
      ).toEqual(['req-new']);
    },
  );
});
