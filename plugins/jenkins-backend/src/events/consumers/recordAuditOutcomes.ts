import { LoggerService } from '@backstage/backend-plugin-api';
import { JenkinsBuildEvent } from '@internal/plugin-jenkins-common';
import { BuildOutcomeStore } from '../../audit/types';
import { BuildEventConsumer } from '../types';
import { startingWriteOf } from './startingWrite';

/**
 * Gives the run or rebuild that started a build its outcome in the audit
 * trail — the build's number once it started, its result and duration once
 * it finished — so activity reads "alice ran deploy-staging #42 — succeeded
 * in 41 s". The outcome is kept as facts beside the entry (one per request
 * id and phase, recorded once), never by changing the entry. Builds that
 * carry no request id were not started from Backstage and are left alone;
 * so are aborts and approvals of a build, which did not start it.
 */
export function recordAuditOutcomes(options: {
  store: BuildOutcomeStore;
  logger: LoggerService;
  now?: () => number;
}): BuildEventConsumer {
  const now = options.now ?? Date.now;
  return {
    name: 'record-audit-outcomes',
    async handle(event: JenkinsBuildEvent) {
      if (!event.requestId || event.phase === 'QUEUED') {
        return;
      }
      const writes = await options.store.startingWrites(event.requestId);
      const write = startingWriteOf(event, writes);
      if (!write) {
        if (writes.length > 0) {
          options.logger.warn(
            `Build ${event.jobFullName} #${event.buildNumber} on ${event.instance} carries request id ${event.requestId}, but that request ran another job or build; its outcome is not recorded`,
          );
        }
        return;
      }
      const recorded = await options.store.recordBuildOutcome({
        requestId: event.requestId,
        phase: event.phase,
        instance: event.instance,
        jobFullName: write.entry.jobFullName,
        buildNumber: event.buildNumber,
        result: event.result,
        durationMs: event.durationMs,
        recordedAtMs: now(),
      });
      if (!recorded) {
        options.logger.warn(
          `Build ${event.jobFullName} #${event.buildNumber} on ${event.instance} carries request id ${event.requestId}, which already started another build; its outcome is not recorded`,
        );
      }
    },
  };
}
