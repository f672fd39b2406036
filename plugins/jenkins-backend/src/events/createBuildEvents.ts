import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { JenkinsPluginConfig } from '../config/JenkinsConfig';
import { JenkinsGateway } from '../jenkins/JenkinsGateway';
import { EnvironmentResolver } from '../jobs/EnvironmentResolver';
import { AnnotatedJobIndex } from './AnnotatedJobIndex';
import { BuildEventHub } from './BuildEventHub';
import { BuildEventLedger } from './BuildEventLedger';
import { BuildEventWebhook } from './BuildEventWebhook';
import { scheduleBuildEvents } from './scheduleBuildEvents';
import { BuildEventConsumer } from './types';

/**
 * Builds the events pipeline — annotated-job index, ledger, hub, webhook —
 * and schedules the watchers and the ledger's pruning.
 */
export async function createBuildEvents(options: {
  config: JenkinsPluginConfig;
  database: Knex;
  catalog: Pick<CatalogService, 'getEntities'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  events: Pick<EventsService, 'publish'>;
  scheduler: SchedulerService;
  logger: LoggerService;
  /** Uncached: what the watcher reads must be what Jenkins says now. */
  gateway: Pick<JenkinsGateway, 'getJob'>;
  consumers: BuildEventConsumer[];
}): Promise<{ webhook: BuildEventWebhook; hub: BuildEventHub }> {
  const { config, logger } = options;
  const index = new AnnotatedJobIndex({
    catalog: options.catalog,
    auth: options.auth,
    environments: new EnvironmentResolver(config),
  });
  const ledger = new BuildEventLedger(options.database);
  const hub = new BuildEventHub({
    index,
    ledger,
    events: options.events,
    consumers: options.consumers,
    logger,
  });
  await scheduleBuildEvents({
    config,
    scheduler: options.scheduler,
    ledger,
    logger,
    watcher: { gateway: options.gateway, index, ledger, hub, logger },
  });
  return { webhook: new BuildEventWebhook(config, hub), hub };
}
