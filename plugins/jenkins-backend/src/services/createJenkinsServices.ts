import {
  AuditorService,
  AuthService,
  CacheService,
  DatabaseService,
  LifecycleService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { AuditReadService } from '../audit/AuditReadService';
import {
  readAuditRetentionDays,
  scheduleAuditRetention,
} from '../audit/AuditRetention';
import { AuditChainVerifier } from '../audit/AuditChainVerifier';
import { AuditTrail } from '../audit/AuditTrail';
import { DatabaseAuditStore } from '../audit/DatabaseAuditStore';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { BuildEventWebhook } from '../events/BuildEventWebhook';
import { createBuildEvents } from '../events/createBuildEvents';
import {
  createEventConsumers,
  inputChangeRefresh,
} from '../events/createEventConsumers';
import {
  IdempotencyService,
  PENDING_MARGIN_MS,
} from '../idempotency/IdempotencyService';
import { CallerResolver } from '../identity/CallerResolver';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { auditIdentityRefusal } from '../identity/auditIdentityRefusal';
import { PrincipalMapper } from '../identity/PrincipalMapper';
import { scheduleKeyRotation } from '../identity/scheduleKeyRotation';
import { SigningKeyStore } from '../identity/SigningKeyStore';
import { CachingJenkinsGateway } from '../jenkins/CachingJenkinsGateway';
import { CompletedBuildsGateway } from '../jenkins/CompletedBuildsGateway';
import { HttpJenkinsGateway } from '../jenkins/HttpJenkinsGateway';
import { EnvironmentResolver } from '../jobs/EnvironmentResolver';
import { JobResolver } from '../jobs/JobResolver';
import { ApproverDirectory } from '../jobs/ApproverDirectory';
import { readNotificationSettings } from '../config/readNotificationSettings';
import { JenkinsUserRefs } from '../identity/JenkinsUserRefs';
import { RawBuild, RawJob } from '../jenkins/JenkinsJson';
import {
  BUILD_DETAIL_TREE,
  CHANGE_RECORD_TREE,
  PARAMETER_TYPES_TREE,
} from '../jenkins/jenkinsTrees';
import { BuildFactsResolver } from '../permissions/BuildFactsResolver';
import { ChangeRecordService } from '../reads/ChangeRecordService';
import { createBuildNotifications } from '../notifications/createBuildNotifications';
import { registerJenkinsPermissions } from '../permissions/registerJenkinsPermissions';
import { AccessCheck } from '../reads/AccessCheck';
import { AuthorizedReadService } from '../reads/AuthorizedReadService';
import {
  AssistantReads,
  createAssistantReads,
} from '../reads/createAssistantReads';
import { JenkinsReadService } from '../reads/JenkinsReadService';
import {
  BuildViewServices,
  createBuildViewServices,
} from './createBuildViewServices';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import { readBuildDescriptionTemplate } from '../writes/BuildDescription';
import { BuildLabeller } from '../writes/BuildLabeller';
import { JenkinsWriteService } from '../writes/JenkinsWriteService';
import { WriteAudit } from '../writes/WriteAudit';

/** The core services the plugin is built from. */
export interface JenkinsServicesDeps {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  cache: CacheService;
  auth: AuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  catalog: CatalogService;
  auditor: AuditorService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  /** Where build events are published (topic `jenkins`). */
  events: EventsService;
  /** Live updates of open tabs, sent by a build-event consumer. */
  signals: SignalsService;
  /** Build notifications to owners, approvers and whoever started a build. */
  notifications: NotificationService;
}

/** The named services the adapters (HTTP routes, actions) call. */
export interface JenkinsServices extends BuildViewServices {
  /** Request credentials → the person (or service) asking. */
  callers: CallerResolver;
  /** Jobs, builds, logs: authorized reads. */
  reads: AuthorizedReadService;
  /** Run, rebuild, abort, cancel, answer input: authorized, audited writes. */
  writes: AuthorizedWriteService;
  /** An entity's activity and the compliance export. */
  auditReads: AuditReadService;
  /** A build's change record: who asked, who approved, what ran. */
  changeRecords: ChangeRecordService;
  /** Once-only writes per `Idempotency-Key`, across replicas. */
  idempotency: IdempotencyService;
  /** The JWKS the `jwt` strategy's tokens are verified with. */
  keys: SigningKeyStore;
  /** The Notification plugin's webhook of each instance. */
  eventWebhook: BuildEventWebhook;
  /** Log search, failure summaries and build waits (for assistants). */
  logSearch: AssistantReads['logSearch'];
  failures: AssistantReads['failures'];
  waits: AssistantReads['waits'];
}

/**
 * The plugin's one composition root: reads config, migrates the database,
 * builds every service once (gateway stack, identity, job resolution,
 * permissions, reads, writes, audit), registers the permission resource
 * and schedules the background tasks (key rotation, audit retention).
 */
export async function createJenkinsServices(
  deps: JenkinsServicesDeps,
): Promise<JenkinsServices> {
  const config = readJenkinsConfig(deps.config);
  const database = await applyDatabaseMigrations(deps.database);
  const keys = new SigningKeyStore(database, deps.logger, {
    keyEncryptionSecret: config.identity.keyEncryptionSecret,
  });
  await keys.encryptPlaintextKeys();
  const strategies = new IdentityStrategies(config, keys);
  const principals = new PrincipalMapper(config.userMapping, {
    onRefused: (caller, error) =>
      auditIdentityRefusal(deps.auditor, deps.logger, caller, error),
  });
  const httpGateway = new HttpJenkinsGateway({
    config,
    strategies,
    logger: deps.logger,
  });
  // Completed builds' stages and test reports are kept long, under the
  // short-lived read cache.
  const gateway = new CachingJenkinsGateway(
    new CompletedBuildsGateway(httpGateway, deps.cache, config),
    deps.cache,
    config,
  );
  // Pooled keep-alive connections to Jenkins end with the backend.
  deps.lifecycle.addShutdownHook(() => gateway.close());
  const jenkinsReads = new JenkinsReadService({
    gateway,
    principals,
    strategies,
    // `reads: verified`: each person's access checked by Jenkins, uncached
    // by the gateway (the check keeps its own TTL).
    accessCheck: new AccessCheck({
      gateway: httpGateway,
      cache: deps.cache,
      config,
    }),
  });
  const resolver = new JobResolver({
    catalog: deps.catalog,
    config,
    environments: new EnvironmentResolver(config),
    isMultibranch: (caller, instance, fullName) =>
      jenkinsReads.isMultibranch(caller, instance, fullName),
  });
  const authorizer = registerJenkinsPermissions({
    permissions: deps.permissions,
    permissionsRegistry: deps.permissionsRegistry,
    auth: deps.auth,
    resolver,
  });

  const store = new DatabaseAuditStore(database);
  // Who started a build (audit trail first, then Jenkins' causes), for the
  // decisions about it and its change record.
  const buildFacts = new BuildFactsResolver({
    audit: store,
    readBuild: async (caller, job, buildNumber) =>
      (await gateway.getBuild(
        await jenkinsReads.jobReadContext(caller, job.instance, job.fullName),
        job.fullName,
        buildNumber,
        BUILD_DETAIL_TREE,
      )) as RawBuild,
    users: new JenkinsUserRefs(config.userMapping, {
      auth: deps.auth,
      catalog: deps.catalog,
    }),
  });
  // A hold on a key without an answer outlives the slowest Jenkins call.
  const idempotency = new IdempotencyService(database, {
    pendingTimeoutMs:
      Math.max(...[...config.instances.values()].map(i => i.requestTimeoutMs)) +
      PENDING_MARGIN_MS,
  });
  const labeller = new BuildLabeller({
    gateway,
    store,
    principals,
    strategies,
    descriptionTemplate: readBuildDescriptionTemplate(deps.config),
    logger: deps.logger,
  });
  const writes = new AuthorizedWriteService({
    resolver,
    authorizer,
    identity: {
      check: (caller, instance) =>
        strategies.check(instance, principals.principalFor(caller)),
    },
    jenkins: new JenkinsWriteService({
      gateway,
      principals,
      beforeStateCheck: (instance, fullName) =>
        gateway.invalidateJob(instance, fullName),
    }),
    audit: new WriteAudit({
      trail: new AuditTrail({
        store,
        auditor: deps.auditor,
        logger: deps.logger,
      }),
      principals,
      strategies,
    }),
    labeller,
    builds: buildFacts,
  });

  await scheduleKeyRotation({ config, keys, scheduler: deps.scheduler });
  await scheduleAuditRetention({
    scheduler: deps.scheduler,
    store,
    retentionDays: readAuditRetentionDays(deps.config),
    logger: deps.logger,
    alsoRun: async () => {
      await idempotency.deleteExpired();
    },
  });

  const { webhook: eventWebhook } = await createBuildEvents({
    config,
    database,
    catalog: deps.catalog,
    auth: deps.auth,
    events: deps.events,
    scheduler: deps.scheduler,
    logger: deps.logger,
    gateway: httpGateway,
    consumers: createEventConsumers({
      notifications: await createBuildNotifications({
        notifications: deps.notifications,
        rootConfig: deps.config,
        config,
        database,
        gateway,
        audit: store,
        scheduler: deps.scheduler,
        logger: deps.logger,
        // No Jenkins event says a build paused for an input: the watch that
        // notices it refreshes the open views the way an event would.
        onInputChange: inputChangeRefresh(gateway, deps.signals),
      }),
      logger: deps.logger,
      gateway,
      signals: deps.signals,
      auditStore: store,
      labeller,
      starters: { auth: deps.auth, catalog: deps.catalog, resolver },
    }),
  });

  const reads = new AuthorizedReadService(resolver, authorizer, jenkinsReads, {
    builds: buildFacts,
    approvers: new ApproverDirectory(
      readNotificationSettings(deps.config).approvers,
      deps.catalog,
    ),
  });
  const assistantReads = await createAssistantReads({
    reads,
    readQueue: writes.queueState.bind(writes),
    events: deps.events,
  });

  return {
    callers: new CallerResolver(deps.auth, deps.userInfo, deps.catalog),
    reads,
    writes,
    auditReads: new AuditReadService({
      store,
      resolver,
      authorizer,
      permissions: deps.permissions,
      verifier: new AuditChainVerifier(database),
    }),
    changeRecords: new ChangeRecordService({
      resolver,
      authorizer,
      builds: buildFacts,
      audit: store,
      jenkins: {
        readRecordBuild: async (caller, job, buildNumber) =>
          (await gateway.getBuild(
            await jenkinsReads.jobReadContext(
              caller,
              job.instance,
              job.fullName,
            ),
            job.fullName,
            buildNumber,
            CHANGE_RECORD_TREE,
          )) as RawBuild,
        readParameterTypes: async (caller, job) =>
          (await gateway.getJob(
            await jenkinsReads.jobReadContext(
              caller,
              job.instance,
              job.fullName,
            ),
            job.fullName,
            PARAMETER_TYPES_TREE,
          )) as RawJob,
      },
    }),
    idempotency,
    keys,
    eventWebhook,
    ...assistantReads,
    ...createBuildViewServices({
      ...{ deps, gateway, jenkinsReads, resolver, authorizer },
      ...{ principals, strategies, writes },
    }),
  };
}
