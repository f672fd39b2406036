import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  AuditEntry,
  buildEventId,
  BuildPhase,
  JenkinsBuildEvent,
} from '@internal/plugin-jenkins-common';
import { DatabaseAuditStore } from '../../audit/DatabaseAuditStore';
import { BuildEventContext } from '../types';
import { recordAuditOutcomes } from './recordAuditOutcomes';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@internal/plugin-jenkins-backend',
  'migrations',
);
const JOB = 'payments/deploy-staging';

function id(n: number) {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** A run alice made from Backstage: queue item 57, build not yet known. */
function run(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: id(1),
    time: '2026-11-28T10:00:00.000Z',
    actor: { userRef: 'user:default/alice', jenkinsUser: 'alice' },
    action: 'trigger',
    entityRef: 'component:default/payments-service',
    instance: 'default',
    jobFullName: JOB,
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

/**
 * An event as the Notification plugin reports it: STARTED carries the
 * number, COMPLETED and FINALIZED the result and duration
 * (jenkinsci/notification-plugin, `Phase`, `BuildState`).
 */
function event(
  phase: BuildPhase,
  overrides: Partial<JenkinsBuildEvent> = {},
): JenkinsBuildEvent {
  const finished = phase === 'COMPLETED' || phase === 'FINALIZED';
  return {
    id: buildEventId('default', JOB, 42, phase),
    instance: 'default',
    jobFullName: JOB,
    buildNumber: 42,
    queueId: 57,
    phase,
    ...(finished ? { result: 'SUCCESS' as const, durationMs: 41_000 } : {}),
    timestampMs: Date.parse('2026-11-28T10:00:02.000Z'),
    requestId: 'req-1',
    source: 'webhook',
    ...overrides,
  };
}

const context: BuildEventContext = {
  entities: [
    {
      entityRef: 'component:default/payments-service',
      jobId: 'default:payments/deploy-staging',
      ownerRefs: ['group:default/team-payments'],
    },
  ],
  environment: 'staging',
};

describe('recordAuditOutcomes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function setUp(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    const store = new DatabaseAuditStore(knex);
    const logger = mockServices.logger.mock();
    const consumer = recordAuditOutcomes({ store, logger, now: () => 1 });
    const buildOf = async (entryId = id(1)) =>
      (await store.get(entryId))?.build;
    return { knex, store, logger, consumer, buildOf };
  }

  it.each(databases.eachSupportedId())(
    'gives the run its build number when it starts, then its result and duration, %p',
    async databaseId => {
      const { store, consumer, buildOf } = await setUp(databaseId);
      await store.insert(run());
      await consumer.handle(event('STARTED'), context);
      expect(await buildOf()).toEqual({ number: 42 });
      await consumer.handle(event('COMPLETED'), context);
      expect(await buildOf()).toEqual({
        number: 42,
        result: 'SUCCESS',
        durationMs: 41_000,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'gives a rebuild the outcome of the build it started, %p',
    async databaseId => {
      const { store, consumer, buildOf } = await setUp(databaseId);
      await store.insert(
        run({ action: 'rebuild', message: 'Rebuild of #41', buildNumber: 42 }),
      );
      await consumer.handle(
        event('FINALIZED', { result: 'FAILURE', durationMs: 3_000 }),
        context,
      );
      expect(await buildOf()).toEqual({
        number: 42,
        result: 'FAILURE',
        durationMs: 3_000,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves an abort of the build alone: only the write that started it gets the outcome, %p',
    async databaseId => {
      const { store, consumer, buildOf } = await setUp(databaseId);
      await store.insert(run());
      await store.insert(
        run({
          id: id(2),
          action: 'abort',
          buildNumber: 42,
          queueId: null,
          requestId: 'req-abort',
          actor: { userRef: 'user:default/bob', jenkinsUser: 'bob' },
        }),
      );
      await consumer.handle(
        event('COMPLETED', { result: 'ABORTED', durationMs: 9_000 }),
        context,
      );
      expect(await buildOf(id(1))).toEqual({
        number: 42,
        result: 'ABORTED',
        durationMs: 9_000,
      });
      expect(await buildOf(id(2))).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'tells a run whose answer was lost that it did run, %p',
    async databaseId => {
      const { store, consumer, buildOf } = await setUp(databaseId);
      await store.insert(
        run({ outcome: 'unknown', queueId: null, jenkinsStatus: null }),
      );
      await consumer.handle(event('STARTED'), context);
      expect(await buildOf()).toEqual({ number: 42 });
      expect((await store.get(id(1)))?.outcome).toBe('unknown');
    },
  );

  it.each(databases.eachSupportedId())(
    'ignores builds started outside Backstage, %p',
    async databaseId => {
      const { knex, store, consumer } = await setUp(databaseId);
      await store.insert(run());
      await consumer.handle(
        event('COMPLETED', { requestId: undefined }),
        context,
      );
      await consumer.handle(
        event('COMPLETED', { requestId: 'req-nobody' }),
        context,
      );
      expect(await knex('jenkins_audit_outcomes')).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    "refuses a build of another job or queue item that carries the run's request id, %p",
    async databaseId => {
      const { knex, store, consumer, logger } = await setUp(databaseId);
      await store.insert(run());
      await consumer.handle(
        event('COMPLETED', { jobFullName: 'payments/deploy-production' }),
        context,
      );
      await consumer.handle(event('COMPLETED', { queueId: 99 }), context);
      await consumer.handle(event('COMPLETED', { instance: 'other' }), context);
      expect(await knex('jenkins_audit_outcomes')).toEqual([]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('that request ran another job or build'),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the first build of a request when a second one claims it, %p',
    async databaseId => {
      const { store, consumer, buildOf, logger } = await setUp(databaseId);
      // Queue item unknown: only the build number on record can tell.
      await store.insert(run({ queueId: null }));
      await consumer.handle(event('STARTED', { queueId: undefined }), context);
      await consumer.handle(
        event('COMPLETED', { buildNumber: 43, queueId: undefined }),
        context,
      );
      expect(await buildOf()).toEqual({ number: 42 });
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('already started another build'),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'records a repeated delivery once, %p',
    async databaseId => {
      const { knex, store, consumer } = await setUp(databaseId);
      await store.insert(run());
      await consumer.handle(event('COMPLETED'), context);
      await consumer.handle(event('COMPLETED', { durationMs: 1 }), context);
      expect(await knex('jenkins_audit_outcomes')).toHaveLength(1);
    },
  );
});
