import { LoggerService } from '@backstage/backend-plugin-api';
import { JenkinsBuildEvent } from '@internal/plugin-jenkins-common';
import { BuildOutcomeStore } from '../../audit/types';
import { BuildLabeller } from '../../writes/BuildLabeller';
import { BuildEventConsumer } from '../types';
import { recordedStarter, RecordedStarterDeps } from './recordedStarter';
import { startingWriteOf } from './startingWrite';

/**
 * Labels a build started from Backstage (its description says who started
 * it, for which entity) as soon as Jenkins says it started, even when
 * nobody is watching the queue item: on STARTED, or on COMPLETED or
 * FINALIZED when STARTED never arrived. Once per build: a build the polling
 * path (or an earlier event) labelled is left alone, and the labeller's
 * claim on the audit entry settles a race between the two.
 */
export function labelStartedBuilds(
  options: RecordedStarterDeps & {
    store: BuildOutcomeStore;
    labeller: Pick<BuildLabeller, 'labelRecorded'>;
    logger: LoggerService;
  },
): BuildEventConsumer {
  return {
    name: 'label-started-builds',
    async handle(event: JenkinsBuildEvent) {
      if (!event.requestId || event.phase === 'QUEUED') {
        return;
      }
      const writes = await options.store.startingWrites(event.requestId);
      const write = startingWriteOf(event, writes);
      // Any write of the request labelled means its build is labelled.
      if (!write || writes.some(w => w.labelled)) {
        return;
      }
      let starter: Awaited<ReturnType<typeof recordedStarter>>;
      try {
        starter = await recordedStarter(options, write.entry);
      } catch (error) {
        options.logger.warn(
          `Build ${event.jobFullName} #${event.buildNumber} was not labelled: ${
            (error as Error).message
          } (request ${event.requestId})`,
        );
        return;
      }
      await options.labeller.labelRecorded(
        starter.caller,
        starter.job,
        write.entry,
        event.buildNumber,
      );
    },
  };
}
