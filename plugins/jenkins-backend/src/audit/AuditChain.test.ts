import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { AuditEntry } from '@internal/plugin-jenkins-common';
import { createHash } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import { AuditChainVerifier } from './AuditChainVerifier';
import { DatabaseAuditStore } from './DatabaseAuditStore';

jest.setTimeout(120_000);

const migrationsDir = resolvePackagePath(
  '@internal/plugin-jenkins-backend',
  'migrations',
);

let counter = 0;
function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    time: new Date(Date.UTC(2026, 10, 28, 10, 0, 0) + counter).toISOString(),
    actor: { userRef: 'user:default/bob', jenkinsUser: 'bob' },
    action: 'trigger',
    entityRef: 'component:default/payments-service',
    instance: 'default',
    jobFullName: 'payments/deploy-production',
    buildNumber: null,
    queueId: null,
    parameters: { VERSION: '1.2.3' },
    decision: 'allow',
    outcome: 'pending',
    jenkinsStatus: null,
    message: null,
    requestId: `req-${counter}`,
    via: 'http',
    environment: 'production',
    ...overrides,
  };
}

describe('the audit hash chain', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
  });

  async function setUp(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    return {
      knex,
      store: new DatabaseAuditStore(knex),
      verifier: new AuditChainVerifier(knex),
    };
  }

  it.each(databases.eachSupportedId())(
    'appends entries and outcomes as links, never updating an entry, %p',
    async databaseId => {
      const { knex, store, verifier } = await setUp(databaseId);
      const first = entry();
      await store.insert(first);
      await store.complete(first.id, {
        outcome: 'success',
        jenkinsStatus: 201,
        queueId: 77,
        buildNumber: 5,
      });
      // The entry row stays as written; the outcome is a link of its own.
      const row = await knex('jenkins_audit_entries')
        .where({ id: first.id })
        .first();
      expect(row.outcome).toBe('pending');
      expect(row.queue_id).toBeNull();
      const completions = await knex('jenkins_audit_completions').where({
        entry_id: first.id,
      });
      expect(completions).toHaveLength(1);
      expect(Number(completions[0].chain_seq)).toBe(2);
      expect(completions[0].prev_hash).toBe(row.hash);
      // Reads see the outcome.
      await expect(store.get(first.id)).resolves.toMatchObject({
        outcome: 'success',
        queueId: 77,
        buildNumber: 5,
        environment: 'production',
      });
      // The first link hangs on the genesis hash; its hash is sha256 over
      // the previous hash and the row's canonical content.
      expect(Number(row.chain_seq)).toBe(1);
      expect(row.prev_hash).toBe('0'.repeat(64));
      const content: Record<string, string> = {};
      for (const key of Object.keys(row).sort()) {
        if (key === 'hash' || key === 'labelled_at_ms' || row[key] === null)
          continue;
        const value = row[key];
        // Booleans as 1/0, the way SQLite answers them.
        content[key] =
          typeof value === 'boolean' ? String(Number(value)) : String(value);
      }
      const expected = createHash('sha256')
        .update(
          `${row.prev_hash}\n${JSON.stringify({
            table: 'jenkins_audit_entries',
            row: content,
          })}`,
        )
        .digest('hex');
      expect(row.hash).toBe(expected);
      await expect(verifier.verify({})).resolves.toMatchObject({
        verified: true,
        checkedLinks: 2,
        firstBrokenLink: null,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'reports the first broken link after a row was changed in the database, %p',
    async databaseId => {
      const { knex, store, verifier } = await setUp(databaseId);
      const entries = [entry(), entry(), entry()];
      for (const e of entries) {
        await store.insert(e);
        await store.complete(e.id, { outcome: 'success', jenkinsStatus: 200 });
      }
      await expect(verifier.verify({})).resolves.toMatchObject({
        verified: true,
        checkedLinks: 6,
      });
      // Someone with database access turns a refusal into an approval.
      await knex('jenkins_audit_entries')
        .where({ id: entries[1].id })
        .update({ user_ref: 'user:default/dana' });
      const report = await verifier.verify({});
      expect(report.verified).toBe(false);
      expect(report.firstBrokenLink).toMatchObject({
        instance: 'default',
        seq: 3,
        table: 'jenkins_audit_entries',
        id: entries[1].id,
        reason: 'content-changed',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'reports a deleted link, and tells retention from deletion, %p',
    async databaseId => {
      const { knex, store, verifier } = await setUp(databaseId);
      const entries = [entry(), entry(), entry()];
      for (const e of entries) await store.insert(e);
      await knex('jenkins_audit_entries').where({ id: entries[1].id }).delete();
      await expect(verifier.verify({})).resolves.toMatchObject({
        verified: false,
        firstBrokenLink: { seq: 3, reason: 'missing-link', id: entries[2].id },
      });

      // Rewriting the hash of a changed row breaks the next link instead.
      const {
        knex: knex2,
        store: store2,
        verifier: verifier2,
      } = await setUp(databaseId);
      const more = [entry(), entry(), entry()];
      for (const e of more) await store2.insert(e);
      await knex2('jenkins_audit_entries')
        .where({ id: more[0].id })
        .update({ decision: 'deny', hash: 'f'.repeat(64) });
      const report = await verifier2.verify({});
      expect(report.firstBrokenLink).toMatchObject({
        seq: 1,
        reason: 'content-changed',
      });
      void knex;
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the chain intact across retention, %p',
    async databaseId => {
      const { store, verifier } = await setUp(databaseId);
      const old = entry({ time: '2020-01-01T00:00:00.000Z' });
      await store.insert(old);
      const recent = [entry(), entry()];
      for (const e of recent) await store.insert(e);
      await store.deleteOlderThan(Date.parse('2021-01-01T00:00:00.000Z'));
      await expect(verifier.verify({})).resolves.toMatchObject({
        verified: true,
        checkedLinks: 2,
        instances: [expect.objectContaining({ prunedThroughSeq: 1 })],
      });
    },
  );

  it('stays one chain when two replicas append at once on PostgreSQL', async () => {
    if (!databases.eachSupportedId().some(([id]) => id === 'POSTGRES_15')) {
      return;
    }
    const first = await databases.init('POSTGRES_15');
    await first.migrate.latest({ directory: migrationsDir });
    // A second connection pool to the same database: another replica.
    const connection = (first.client.config as Knex.Config).connection;
    const second = knexFactory({ client: 'pg', connection });
    try {
      const a = new DatabaseAuditStore(first);
      const b = new DatabaseAuditStore(second);
      const writes = Array.from({ length: 40 }, (_, i) => {
        const e = entry({ instance: 'default' });
        const store = i % 2 === 0 ? a : b;
        return store
          .insert(e)
          .then(() => store.complete(e.id, { outcome: 'success' }));
      });
      await Promise.all(writes);
      const seqs = [
        ...(await first('jenkins_audit_entries').select('chain_seq')),
        ...(await first('jenkins_audit_completions').select('chain_seq')),
      ]
        .map(r => Number(r.chain_seq))
        .sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      await expect(
        new AuditChainVerifier(first).verify({}),
      ).resolves.toMatchObject({
        verified: true,
        checkedLinks: 80,
        firstBrokenLink: null,
      });
    } finally {
      await second.destroy();
    }
  });
});
