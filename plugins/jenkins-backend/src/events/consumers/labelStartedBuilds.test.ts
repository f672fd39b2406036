import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuditEntry,
  buildEventId,
  BuildPhase,
  encodeJobId,
  JenkinsBuildEvent,
} from '@internal/plugin-jenkins-common';
import { DatabaseAuditStore } from '../../audit/DatabaseAuditStore';
import { Caller, JenkinsPrincipal } from '../../identity/types';
import { ResolvedJob } from '../../jobs/ResolvedJob';
import { BuildLabeller } from '../../writes/BuildLabeller';
import { BuildEventContext } from '../types';
import { labelStartedBuilds } from './labelStartedBuilds';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@internal/plugin-jenkins-backend',
  'migrations',
);
const JOB = 'payments/deploy-staging';
const ENTRY_ID = '00000000-0000-4000-8000-000000000001';

const alice: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'alice', namespace: 'default' },
  spec: {
    profile: { displayName: 'Alice', email: 'alice@example.com' },
    memberOf: ['team-payments'],
  },
  relations: [{ type: 'memberOf', targetRef: 'group:default/platform' }],
};

const job: ResolvedJob = {
  id: encodeJobId('default', JOB),
  entityRef: 'component:default/payments-service',
  instance: 'default',
  fullName: JOB,
  annotatedFullName: JOB,
  resource: {
    entityRef: 'component:default/payments-service',
    instance: 'default',
    jobFullName: JOB,
    environment: 'staging',
    folder: 'payments',
    owners: ['group:default/team-payments'],
    jobOwners: null,
  },
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-service', namespace: 'default' },
    spec: { owner: 'team-payments', system: 'payments' },
  },
};

function run(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: ENTRY_ID,
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
    timestampMs: 1,
    requestId: 'req-1',
    source: 'webhook',
    ...overrides,
  };
}

const context: BuildEventContext = {
  entities: [
    {
      entityRef: job.entityRef,
      jobId: job.id,
      ownerRefs: ['group:default/team-payments'],
    },
  ],
};

/** The configured mapping in small: user and group names. */
const principals = {
  principalFor: (caller: Caller): JenkinsPrincipal => ({
    userRef: caller.userRef,
    userName: parseEntityRef(caller.userRef).name,
    groups: caller.ownershipRefs
      .filter(ref => ref.startsWith('group:'))
      .map(ref => parseEntityRef(ref).name),
    displayName: caller.displayName,
  }),
};

describe('labelStartedBuilds', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function setUp(
    databaseId: TestDatabaseId,
    options: { users?: Entity[]; jenkinsFails?: boolean } = {},
  ) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    const store = new DatabaseAuditStore(knex);
    const logger = mockServices.logger.mock();
    const setBuildDescription = jest.fn(async () => {
      if (options.jenkinsFails) {
        throw new Error('Jenkins denied alice');
      }
      return { status: 200 };
    });
    const labeller = new BuildLabeller({
      gateway: { setBuildDescription },
      store,
      principals,
      strategies: { jenkinsUserOf: (_instance, p) => p.userName },
      descriptionTemplate:
        'Started from Backstage by {{displayName}} ({{userRef}}) for {{entityRef}}; request {{requestId}}',
      logger,
    });
    const users = options.users ?? [alice];
    const catalog = catalogServiceMock({ entities: users });
    const resolveJob = jest.fn(async () => job);
    const consumer = labelStartedBuilds({
      auth: mockServices.auth(),
      catalog,
      resolver: { resolveJob },
      store,
      labeller,
      logger,
    });
    return { store, logger, consumer, setBuildDescription, resolveJob };
  }

  it.each(databases.eachSupportedId())(
    'labels a build when it starts, as the person who started it, %p',
    async databaseId => {
      const { store, consumer, setBuildDescription, resolveJob } = await setUp(
        databaseId,
      );
      await store.insert(run());
      await consumer.handle(event('STARTED'), context);

      expect(setBuildDescription).toHaveBeenCalledTimes(1);
      expect(setBuildDescription).toHaveBeenCalledWith(
        {
          instance: 'default',
          purpose: 'write',
          principal: expect.objectContaining({
            userName: 'alice',
            groups: expect.arrayContaining(['team-payments', 'platform']),
          }),
        },
        JOB,
        42,
        'Started from Backstage by Alice (user:default/alice) for component:default/payments-service; request req-1',
      );
      expect(resolveJob).toHaveBeenCalledWith(
        expect.objectContaining({ userRef: 'user:default/alice' }),
        'component:default/payments-service',
        encodeJobId('default', JOB),
      );
      const [write] = await store.startingWrites('req-1');
      expect(write.labelled).toBe(true);
      // The entry stays as recorded.
      expect(write.entry).toEqual(run());
    },
  );

  it.each(databases.eachSupportedId())(
    'labels once, however many events follow, %p',
    async databaseId => {
      const { store, consumer, setBuildDescription } = await setUp(databaseId);
      await store.insert(run());
      await consumer.handle(event('STARTED'), context);
      await consumer.handle(event('STARTED'), context);
      await consumer.handle(event('COMPLETED'), context);
      await consumer.handle(event('FINALIZED'), context);
      expect(setBuildDescription).toHaveBeenCalledTimes(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'labels on completion when the start was never told, %p',
    async databaseId => {
      const { store, consumer, setBuildDescription } = await setUp(databaseId);
      await store.insert(run());
      await consumer.handle(event('COMPLETED'), context);
      expect(setBuildDescription).toHaveBeenCalledWith(
        expect.anything(),
        JOB,
        42,
        expect.stringContaining('request req-1'),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves a build the polling path already labelled, %p',
    async databaseId => {
      const { store, consumer, setBuildDescription, resolveJob } = await setUp(
        databaseId,
      );
      await store.insert(run());
      expect(await store.claimLabelling(ENTRY_ID, 1)).toBe(true);
      await consumer.handle(event('STARTED'), context);
      expect(setBuildDescription).not.toHaveBeenCalled();
      expect(resolveJob).not.toHaveBeenCalled();
    },
  );

  it.each(databases.eachSupportedId())(
    'labels nothing it did not start, %p',
    async databaseId => {
      const { store, consumer, setBuildDescription } = await setUp(databaseId);
      await store.insert(run());
      await consumer.handle(
        event('STARTED', { requestId: undefined }),
        context,
      );
      await consumer.handle(event('STARTED', { queueId: 99 }), context);
      await consumer.handle(
        event('STARTED', { jobFullName: 'payments/deploy-production' }),
        context,
      );
      await consumer.handle(event('QUEUED'), context);
      expect(setBuildDescription).not.toHaveBeenCalled();
    },
  );

  it.each(databases.eachSupportedId())(
    'logs, and labels nothing, when the person is no longer in the catalog, %p',
    async databaseId => {
      const { store, consumer, setBuildDescription, logger } = await setUp(
        databaseId,
        { users: [] },
      );
      await store.insert(run());
      await consumer.handle(event('STARTED'), context);
      expect(setBuildDescription).not.toHaveBeenCalled();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'user:default/alice is no longer in the catalog',
        ),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'logs a label Jenkins refused without failing the event, %p',
    async databaseId => {
      const { store, consumer, logger } = await setUp(databaseId, {
        jenkinsFails: true,
      });
      await store.insert(run());
      await expect(
        consumer.handle(event('STARTED'), context),
      ).resolves.toBeUndefined();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'Build #42 was not labelled: Jenkins denied alice',
        ),
      );
      expect((await store.get(ENTRY_ID))?.message).toBeNull();
    },
  );
});
