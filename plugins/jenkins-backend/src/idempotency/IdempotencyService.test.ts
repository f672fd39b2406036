import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  IDEMPOTENCY_KEY_TTL_MS,
  IdempotencyService,
  IdempotentAttempt,
  parseIdempotencyKey,
  requestFingerprint,
} from './IdempotencyService';
import {
  IdempotencyKeyReusedError,
  WriteOutcomeUnknownError,
} from './IdempotencyErrors';

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
      await expect(
        service.run({ ...scope(), requestId: 'request-1' }, fn),
      ).resolves.toEqual({
        status: 202,
        body: { queueId: 1 },
        replayed: false,
        requestId: 'request-1',
      });
      await expect(
        service.run({ ...scope(), requestId: 'request-2' }, fn),
      ).resolves.toEqual({
        status: 202,
        body: { queueId: 1 },
        replayed: true,
        requestId: 'request-1',
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
      const replicaA = new IdempotencyService(knex, { initialBackoffMs: 5 });
      const replicaB = new IdempotencyService(knex, { initialBackoffMs: 5 });
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
      initialBackoffMs: 5,
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

describe('IdempotencyService with writes whose outcome is unknown', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function createKnex(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    return knex;
  }

  const unknownOutcome = () =>
    new WriteOutcomeUnknownError('Jenkins did not answer in time');

  /** An attempt that sends, then never hears back (its replica died). */
  function sendsAndHangs(mark: unknown) {
    let sent: () => void = () => {};
    const hasSent = new Promise<void>(resolve => {
      sent = resolve;
    });
    let finish: (body: unknown) => void = () => {};
    const fn = async (attempt: IdempotentAttempt) => {
      await attempt.beforeSend(mark);
      sent();
      return new Promise<{ status: number; body: unknown }>(resolve => {
        finish = body => resolve({ status: 202, body });
      });
    };
    return { fn, hasSent, finish: (body: unknown) => finish(body) };
  }

  it.each(databases.eachSupportedId())(
    'keeps the key of a sent write whose outcome is unknown, and gives the next attempt its request id and mark, %p',
    async databaseId => {
      const service = new IdempotencyService(await createKnex(databaseId));
      const first = jest.fn(async (attempt: IdempotentAttempt) => {
        await attempt.beforeSend({ nextBuildNumber: 7 });
        throw unknownOutcome();
      });
      await expect(
        service.run({ ...scope(), requestId: 'request-1' }, first),
      ).rejects.toBeInstanceOf(WriteOutcomeUnknownError);

      const second = jest.fn(async (_attempt: IdempotentAttempt) => ({
        status: 202,
        body: { found: true },
      }));
      await expect(
        service.run({ ...scope(), requestId: 'request-2' }, second),
      ).resolves.toEqual({
        status: 202,
        body: { found: true },
        replayed: false,
        requestId: 'request-1',
      });
      expect(second.mock.calls[0][0]).toMatchObject({
        requestId: 'request-1',
        earlier: { mark: { nextBuildNumber: 7 } },
      });

      const third = jest.fn();
      await expect(service.run(scope(), third)).resolves.toMatchObject({
        replayed: true,
        body: { found: true },
        requestId: 'request-1',
      });
      expect(third).not.toHaveBeenCalled();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps an unknown outcome unknown when the attempt looking into it fails, %p',
    async databaseId => {
      const service = new IdempotencyService(await createKnex(databaseId));
      await service
        .run(scope(), async attempt => {
          await attempt.beforeSend({ n: 1 });
          throw unknownOutcome();
        })
        .catch(() => {});
      await expect(
        service.run(scope(), async () => {
          throw new Error('Jenkins unreachable while looking');
        }),
      ).rejects.toThrow('Jenkins unreachable while looking');
      const next = jest.fn(async (_attempt: IdempotentAttempt) => ({
        status: 202,
        body: {},
      }));
      await service.run(scope(), next);
      expect(next.mock.calls[0][0].earlier).toEqual({ mark: { n: 1 } });
    },
  );

  it.each(databases.eachSupportedId())(
    'takes over a key held by a dead replica after the pending timeout, not 24 hours, %p',
    async databaseId => {
      let now = Date.parse('2026-11-28T10:00:00.000Z');
      const knex = await createKnex(databaseId);
      const options = {
        now: () => now,
        pendingTimeoutMs: 15_000,
        initialBackoffMs: 5,
        waitTimeoutMs: 30,
      };
      const dead = new IdempotencyService(knex, options);
      const alive = new IdempotencyService(knex, options);
      const held = sendsAndHangs({ nextBuildNumber: 3 });
      const firstRun = dead.run(
        { ...scope(), requestId: 'request-1' },
        held.fn,
      );
      await held.hasSent;

      now += 15_000 - 1;
      const fn = jest.fn(async (_attempt: IdempotentAttempt) => ({
        status: 202,
        body: { looked: true },
      }));
      await expect(alive.run(scope(), fn)).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect(fn).not.toHaveBeenCalled();

      now += 1;
      await expect(alive.run(scope(), fn)).resolves.toMatchObject({
        body: { looked: true },
        requestId: 'request-1',
      });
      expect(fn.mock.calls[0][0]).toMatchObject({
        requestId: 'request-1',
        earlier: { mark: { nextBuildNumber: 3 } },
      });

      // The replica that was taken for dead cannot overwrite the answer.
      held.finish({ late: true });
      await firstRun;
      await expect(alive.run(scope(), fn)).resolves.toMatchObject({
        replayed: true,
        body: { looked: true },
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'takes over a dead hold that never sent as a fresh attempt, %p',
    async databaseId => {
      let now = Date.parse('2026-11-28T10:00:00.000Z');
      const knex = await createKnex(databaseId);
      const options = { now: () => now, pendingTimeoutMs: 15_000 };
      let started: () => void = () => {};
      const hasStarted = new Promise<void>(resolve => {
        started = resolve;
      });
      void new IdempotencyService(knex, options).run(scope(), () => {
        started();
        return new Promise(() => {});
      });
      await hasStarted;
      now += 15_000;
      const fn = jest.fn(async (_attempt: IdempotentAttempt) => ({
        status: 202,
        body: {},
      }));
      await new IdempotencyService(knex, options).run(scope(), fn);
      expect(fn.mock.calls[0][0].earlier).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'does not let an attempt that was taken over send, %p',
    async databaseId => {
      let now = Date.parse('2026-11-28T10:00:00.000Z');
      const knex = await createKnex(databaseId);
      const options = { now: () => now, pendingTimeoutMs: 15_000 };
      let proceed: () => void = () => {};
      const mayProceed = new Promise<void>(resolve => {
        proceed = resolve;
      });
      let started: () => void = () => {};
      const hasStarted = new Promise<void>(resolve => {
        started = resolve;
      });
      const send = jest.fn();
      const slow = new IdempotencyService(knex, options).run(
        scope(),
        async attempt => {
          started();
          await mayProceed;
          await attempt.beforeSend({});
          send();
          return { status: 202, body: {} };
        },
      );
      await hasStarted;
      now += 15_000;
      await new IdempotencyService(knex, options).run(scope(), async () => ({
        status: 202,
        body: { second: true },
      }));
      proceed();
      await expect(slow).rejects.toBeInstanceOf(ConflictError);
      expect(send).not.toHaveBeenCalled();
    },
  );

  it.each(databases.eachSupportedId())(
    'waits for another replica with backoff, reading the database a few times, %p',
    async databaseId => {
      const knex = await createKnex(databaseId);
      let reads = 0;
      const countReads = (query: { sql?: string }) => {
        if (
          /^select/i.test(query.sql ?? '') &&
          query.sql?.includes('jenkins_idempotency_keys')
        ) {
          reads += 1;
        }
      };
      const holder = new IdempotencyService(knex);
      let started: () => void = () => {};
      const hasStarted = new Promise<void>(resolve => {
        started = resolve;
      });
      let finish: () => void = () => {};
      const first = holder.run(
        scope(),
        () =>
          new Promise(resolve => {
            started();
            finish = () => resolve({ status: 202, body: {} });
          }),
      );
      await hasStarted;
      knex.on('query', countReads);
      const waiter = new IdempotencyService(knex, { waitTimeoutMs: 1500 });
      const startedAt = Date.now();
      await expect(
        waiter.run(scope(), async () => ({ status: 202, body: {} })),
      ).rejects.toBeInstanceOf(ConflictError);
      knex.removeListener('query', countReads);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1400);
      // 50, 100, 200, 400, 800 ms … rather than a read every 50 ms.
      expect(reads).toBeGreaterThan(0);
      expect(reads).toBeLessThanOrEqual(9);
      finish();
      await first;
    },
  );
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
