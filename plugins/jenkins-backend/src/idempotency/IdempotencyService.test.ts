import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  IDEMPOTENCY_KEY_TTL_MS,
  IdempotencyService,
  parseIdempotencyKey,
  requestFingerprint,
} from './IdempotencyService';
import { IdempotencyKeyReusedError } from './IdempotencyErrors';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@internal/plugin-jenkins-backend',
  'migrations',
);

const scope = (fingerprint = requestFingerprint('trigger:job', { a: 1 })) => ({
  userRef: 'user:default/alice',
  key: 'key-1',
  fingerprint,
});

describe('IdempotencyService', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function createKnex(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    return knex;
  }

  it.each(databases.eachSupportedId())(
    'runs once and replays the first answer for the same key, %p',
    async databaseId => {
      const service = new IdempotencyService(await createKnex(databaseId));
      const fn = jest.fn(async () => ({ status: 202, body: { queueId: 1 } }));
      await expect(service.run(scope(), fn)).resolves.toEqual({
        status: 202,
        body: { queueId: 1 },
        replayed: false,
      });
      await expect(service.run(scope(), fn)).resolves.toEqual({
        status: 202,
        body: { queueId: 1 },
        replayed: true,
      });
      expect(fn).toHaveBeenCalledTimes(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'answers 422 for the same key with a different request, %p',
    async databaseId => {
      const service = new IdempotencyService(await createKnex(databaseId));
      await service.run(scope(), async () => ({ status: 202, body: {} }));
      const error = await service
        .run(scope(requestFingerprint('trigger:job', { a: 2 })), async () => ({
          status: 202,
          body: {},
        }))
        .catch(e => e);
      expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
      expect(error.statusCode).toBe(422);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps keys per user, %p',
    async databaseId => {
      const service = new IdempotencyService(await createKnex(databaseId));
      const fn = jest.fn(async () => ({ status: 202, body: {} }));
      await service.run(scope(), fn);
      await service.run({ ...scope(), userRef: 'user:default/bob' }, fn);
      expect(fn).toHaveBeenCalledTimes(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'lets two services on one database run one request only, the loser returning the winner answer, %p',
    async databaseId => {
      const knex = await createKnex(databaseId);
      const replicaA = new IdempotencyService(knex, { pollIntervalMs: 5 });
      const replicaB = new IdempotencyService(knex, { pollIntervalMs: 5 });
      let calls = 0;
      const fn = async () => {
        calls += 1;
        await new Promise(r => setTimeout(r, 50));
        return { status: 202, body: { queueId: calls } };
      };
      const [a, b] = await Promise.all([
        replicaA.run(scope(), fn),
        replicaB.run(scope(), fn),
      ]);
      expect(calls).toBe(1);
      expect(a.body).toEqual({ queueId: 1 });
      expect(b.body).toEqual({ queueId: 1 });
      expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    },
  );

  it('releases the key when the first request fails, so a retry runs', async () => {
    const service = new IdempotencyService(await createKnex('SQLITE_3'));
    await expect(
      service.run(scope(), async () => {
        throw new Error('Jenkins unreachable');
      }),
    ).rejects.toThrow('Jenkins unreachable');
    await expect(
      service.run(scope(), async () => ({ status: 202, body: { ok: 1 } })),
    ).resolves.toMatchObject({ replayed: false, body: { ok: 1 } });
  });

  it('forgets a key after 24 hours', async () => {
    let now = Date.parse('2026-11-28T10:00:00.000Z');
    const knex = await createKnex('SQLITE_3');
    const service = new IdempotencyService(knex, { now: () => now });
    const fn = jest.fn(async () => ({ status: 202, body: {} }));
    await service.run(scope(), fn);
    now += IDEMPOTENCY_KEY_TTL_MS - 1000;
    await service.run(scope(), fn);
    expect(fn).toHaveBeenCalledTimes(1);
    now += 1000;
    await service.run(scope(), fn);
    expect(fn).toHaveBeenCalledTimes(2);

    now += IDEMPOTENCY_KEY_TTL_MS;
    expect(await service.deleteExpired()).toBe(1);
    expect(await knex('jenkins_idempotency_keys').count('* as n')).toEqual([
      { n: 0 },
    ]);
  });

  it('answers 409 when the first request does not finish in time', async () => {
    const knex = await createKnex('SQLITE_3');
    const slow = new IdempotencyService(knex);
    const impatient = new IdempotencyService(knex, {
      pollIntervalMs: 5,
      waitTimeoutMs: 30,
    });
    let finish: () => void = () => {};
    const first = slow.run(
      scope(),
      () =>
        new Promise(resolve => {
          finish = () => resolve({ status: 202, body: {} });
        }),
    );
    await new Promise(r => setTimeout(r, 10));
    await expect(
      impatient.run(scope(), async () => ({ status: 202, body: {} })),
    ).rejects.toBeInstanceOf(ConflictError);
    finish();
    await first;
  });
});

describe('parseIdempotencyKey', () => {
  it('accepts visible ASCII keys and rejects others', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('4f7c-1a2b')).toBe('4f7c-1a2b');
    expect(() => parseIdempotencyKey('')).toThrow(/Idempotency-Key/);
    expect(() => parseIdempotencyKey('has space')).toThrow(/Idempotency-Key/);
    expect(() => parseIdempotencyKey('x'.repeat(256))).toThrow(
      /Idempotency-Key/,
    );
  });
});

describe('requestFingerprint', () => {
  it('ignores key order but not values or the operation', () => {
    expect(requestFingerprint('op', { a: 1, b: { c: 2, d: 3 } })).toBe(
      requestFingerprint('op', { b: { d: 3, c: 2 }, a: 1 }),
    );
    expect(requestFingerprint('op', { a: 1 })).not.toBe(
      requestFingerprint('op', { a: 2 }),
    );
    expect(requestFingerprint('op1', { a: 1 })).not.toBe(
      requestFingerprint('op2', { a: 1 }),
    );
  });
});
