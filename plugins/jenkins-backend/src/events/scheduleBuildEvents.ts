import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { JenkinsPluginConfig } from '../config/JenkinsConfig';
import { BuildEventLedger } from './BuildEventLedger';
import { BuildWatcher, BuildWatcherOptions } from './BuildWatcher';

/** How long handled events are remembered (a week). */
export const EVENT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Schedules the watcher of every instance that has one, and the daily
 * pruning of the event ledger. Both run on one replica at a time (`global`
 * scope); the per-minute bound holds per runner.
 */
export async function scheduleBuildEvents(options: {
  config: JenkinsPluginConfig;
  scheduler: SchedulerService;
  ledger: BuildEventLedger;
  logger: LoggerService;
  watcher: Omit<BuildWatcherOptions, 'instance'>;
}): Promise<void> {
  const { config, scheduler, ledger, logger } = options;
  for (const instance of config.instances.values()) {
    const poll = instance.events.poll;
    if (!poll) {
      continue;
    }
    const watcher = new BuildWatcher({ ...options.watcher, instance });
    await scheduler.scheduleTask({
      id: `jenkins-build-watcher-${instance.name}`,
      scope: 'global',
      frequency: poll.frequency,
      timeout: { minutes: 5 },
      fn: () => watcher.poll(),
    });
  }
  await scheduler.scheduleTask({
    id: 'jenkins-build-events-pruning',
    scope: 'global',
    frequency: { hours: 24 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 5 },
    fn: async () => {
      const deleted = await ledger.deleteOlderThan(
        Date.now() - EVENT_RETENTION_MS,
      );
      if (deleted > 0) {
        logger.info(`Forgot ${deleted} build events older than 7 days`);
      }
    },
  });
}
