import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import { BuildEventConsumer } from './types';
import { dropCachedViews } from './consumers/dropCachedViews';
import { CachingJenkinsGateway } from '../jenkins/CachingJenkinsGateway';
import { signalOpenTabs } from './consumers/signalOpenTabs';
import { notifyBuilds } from './consumers/notifyConsumer';
import { BuildNotifications } from '../notifications/createBuildNotifications';
import { recordAuditOutcomes } from './consumers/recordAuditOutcomes';
import { labelStartedBuilds } from './consumers/labelStartedBuilds';
import { RecordedStarterDeps } from './consumers/recordedStarter';
import { BuildOutcomeStore } from '../audit/types';
import { BuildLabeller } from '../writes/BuildLabeller';
import { NotifiedBuild as BuildNotifiedViews } from '../notifications/NotifiedBuild';

/**
 * What the build-event consumers are built from. Each consumer's author adds
 * the services it needs here (and passes them from createJenkinsServices).
 */
export interface EventConsumerDeps {
  logger: LoggerService;
  /** The cached gateway, whose views of a job an event drops. */
  gateway: Pick<CachingJenkinsGateway, 'invalidateJob'>;
  /** Live updates of open tabs (Backstage signals). */
  signals: SignalsService;
  /** Notifications to owners, approvers and whoever started a build; none when absent. */
  notifications?: BuildNotifications;
  /** The audit trail: runs on record, and their builds' outcomes. */
  auditStore: BuildOutcomeStore;
  /** Labels builds started from Backstage, as the person who started them. */
  labeller: Pick<BuildLabeller, 'labelRecorded'>;
  /** Who started a run on record and its job, read as the plugin. */
  starters: RecordedStarterDeps;
}

/**
 * Every consumer of build events, in the order they run for one event:
 * cached views dropped first, then audit outcomes and labelling, then the
 * live signal to open tabs, then notifications.
 */
export function createEventConsumers(
  deps: EventConsumerDeps,
): BuildEventConsumer[] {
  return [
    dropCachedViews(deps.gateway),
    recordAuditOutcomes({ store: deps.auditStore, logger: deps.logger }),
    labelStartedBuilds({
      ...deps.starters,
      store: deps.auditStore,
      labeller: deps.labeller,
      logger: deps.logger,
    }),
    signalOpenTabs(deps.signals),
    ...(deps.notifications ? [notifyBuilds(deps.notifications)] : []),
  ];
}

/**
 * What a watched build starting or stopping to wait for an input does to
 * open views: its job's cached views are dropped and its entities' tabs are
 * signalled, as for a build event.
 */
export function inputChangeRefresh(
  gateway: EventConsumerDeps['gateway'],
  signals: SignalsService,
): (build: BuildNotifiedViews) => Promise<void> {
  const consumers = [dropCachedViews(gateway), signalOpenTabs(signals)];
  return async ({ event, entities, environment }) => {
    for (const consumer of consumers) {
      await consumer.handle(event, { entities, environment });
    }
  };
}
