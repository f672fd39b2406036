import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AuditStore } from './types';

/** Default of `jenkins.audit.retentionDays`. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads `jenkins.audit.retentionDays` (a positive whole number of days). */
export function readAuditRetentionDays(config: Config): number {
  const days =
    config.getOptionalNumber('jenkins.audit.retentionDays') ??
    DEFAULT_AUDIT_RETENTION_DAYS;
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(
      `Invalid jenkins.audit.retentionDays '${days}': must be a whole number of days, at least 1`,
    );
  }
  return days;
}

/** Deletes audit entries older than the retention period; returns how many. */
export async function enforceAuditRetention(options: {
  store: AuditStore;
  retentionDays: number;
  now?: () => number;
}): Promise<number> {
  const now = (options.now ?? Date.now)();
  return options.store.deleteOlderThan(now - options.retentionDays * DAY_MS);
}

/**
 * Schedules retention hourly through the scheduler, so that with several
 * replicas it runs on one of them at a time.
 */
export async function scheduleAuditRetention(options: {
  scheduler: SchedulerService;
  store: AuditStore;
  retentionDays: number;
  logger: LoggerService;
  /** Extra clean-up to run in the same task (e.g. expired idempotency keys). */
  alsoRun?: () => Promise<void>;
}): Promise<void> {
  const { scheduler, store, retentionDays, logger } = options;
  await scheduler.scheduleTask({
    id: 'jenkins-audit-retention',
    frequency: { hours: 1 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const deleted = await enforceAuditRetention({ store, retentionDays });
      if (deleted > 0) {
        logger.info(
          `Deleted ${deleted} Jenkins audit entries older than ${retentionDays} days`,
        );
      }
      await options.alsoRun?.();
    },
  });
}
