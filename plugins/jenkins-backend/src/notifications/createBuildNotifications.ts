import {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { JenkinsBuildEvent } from '@internal/plugin-jenkins-common';
import { Knex } from 'knex';
import { AuditStore, BuildOutcomeStore } from '../audit/types';
import { JenkinsPluginConfig } from '../config/JenkinsConfig';
import { readNotificationSettings } from '../config/readNotificationSettings';
import {
  JenkinsGateway,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';
import { backgroundReadContext } from './backgroundReadContext';
import { BuildNotifier } from './BuildNotifier';
import { LastResultStore } from './LastResultStore';
import { NotifiedBuild } from './NotifiedBuild';
import { PendingInputWatch } from './PendingInputWatch';
import { schedulePendingInputChecks } from './schedulePendingInputChecks';

/** What build notifications are built from. */
export interface BuildNotificationsDeps {
  notifications: Pick<NotificationService, 'send'>;
  rootConfig: RootConfigService;
  config: Pick<JenkinsPluginConfig, 'instances'>;
  database: Knex;
  gateway: Pick<JenkinsGateway, 'getPendingInputs'>;
  audit: RequesterSource;
  scheduler: SchedulerService;
  logger: LoggerService;
  /** The identity background checks read with; default the shared read identity. */
  readContext?: (instance: string) => JenkinsRequestContext | undefined;
  /** Tells open views that a watched build started or stopped waiting for an input. */
  onInputChange?: (build: NotifiedBuild) => Promise<void>;
}

/** The notifier and the pending-input watch the notifications consumer uses. */
export interface BuildNotifications {
  notifier: BuildNotifier;
  pendingInputs: PendingInputWatch;
}

/** Where the person who started a build is looked up. */
export type RequesterSource = Pick<AuditStore, 'findByQueueItem'> &
  Pick<BuildOutcomeStore, 'startingWrites'>;

/**
 * The person who started a build from Backstage: the actor of the audited
 * run or rebuild whose request id the build carries (`BACKSTAGE_REQUEST_ID`),
 * else of the one that created its queue item. Builds started in Jenkins
 * have none.
 */
export function requesterFromAudit(
  audit: RequesterSource,
): (event: JenkinsBuildEvent) => Promise<string | undefined> {
  const sameJob = (jobFullName: string, event: JenkinsBuildEvent) =>
    jobFullName.toLocaleLowerCase('en-US') ===
    event.jobFullName.toLocaleLowerCase('en-US');
  return async event => {
    if (event.requestId !== undefined) {
      const writes = await audit.startingWrites(event.requestId);
      const write = writes.find(w => sameJob(w.entry.jobFullName, event));
      return write?.entry.actor.userRef;
    }
    if (event.queueId === undefined) return undefined;
    const entry = await audit.findByQueueItem(event.instance, event.queueId);
    return entry && sameJob(entry.jobFullName, event)
      ? entry.actor.userRef
      : undefined;
  };
}

/**
 * Reads `jenkins.notifications`, builds the notifier and the pending-input
 * watch, and schedules the watch's checks.
 */
export async function createBuildNotifications(
  deps: BuildNotificationsDeps,
): Promise<BuildNotifications> {
  const settings = readNotificationSettings(deps.rootConfig);
  const notifier = new BuildNotifier({
    notifications: deps.notifications,
    settings,
    lastResults: new LastResultStore(deps.database),
    requesterOf: requesterFromAudit(deps.audit),
    logger: deps.logger,
  });
  const pendingInputs = new PendingInputWatch({
    gateway: deps.gateway,
    readContext:
      deps.readContext ??
      (instance =>
        backgroundReadContext(
          deps.config,
          instance,
          settings.pendingInputs.runAs,
        )),
    maxBuilds: settings.pendingInputs.maxBuilds,
    onPending: (build, message) => notifier.notifyInputPending(build, message),
    onSettled: (build, recipients) =>
      notifier.notifyInputSettled(build, recipients),
    onInputChange: deps.onInputChange,
    logger: deps.logger,
  });
  if (settings.enabled) {
    await schedulePendingInputChecks({
      scheduler: deps.scheduler,
      watch: pendingInputs,
      intervalSeconds: settings.pendingInputs.checkIntervalSeconds,
    });
  }
  return { notifier, pendingInputs };
}
