import {
  jenkinsEntityChannel,
  JenkinsBuildEvent,
  JenkinsBuildSignal,
} from '@internal/plugin-jenkins-common';
import { SignalsService } from '@backstage/plugin-signals-node';
import { BuildEventConsumer, BuildEventContext } from '../types';

/**
 * The signal open tabs of one entity get when a build of one of its jobs
 * moved. Deliberately a nudge without the build's result, because of who may
 * receive it; see {@link signalOpenTabs}.
 */
export function buildSignal(
  event: JenkinsBuildEvent,
  jobId: string,
): JenkinsBuildSignal {
  return {
    type: 'build',
    jobId,
    buildNumber: event.buildNumber,
    phase: event.phase,
  };
}

/**
 * Tells the open Jenkins tabs, cards and build views of every entity that
 * annotates the event's job that one of its builds moved, on the entity's
 * channel, so they read again at once instead of polling.
 *
 * Recipients are `broadcast`: the signals backend lets any signed-in user
 * subscribe to any channel, and user recipients could only name owners, while
 * every reader of the job (not just its owners) has the tab open. So the
 * message is treated as public and carries only that a build of the job
 * moved: the job id (what the entity's annotation already names), the build
 * number and the phase. The result, and everything else a person needs
 * `jenkins.job.read` for, the tab reads through the authorized API.
 */
export function signalOpenTabs(signals: SignalsService): BuildEventConsumer {
  return {
    name: 'signal-open-tabs',
    async handle(event: JenkinsBuildEvent, context: BuildEventContext) {
      const sent = new Set<string>();
      const publishes: Promise<void>[] = [];
      for (const { entityRef, jobId } of context.entities) {
        const channel = jenkinsEntityChannel(entityRef);
        const key = `${channel}\n${jobId}`;
        if (sent.has(key)) {
          continue;
        }
        sent.add(key);
        publishes.push(
          signals.publish<JenkinsBuildSignal>({
            recipients: { type: 'broadcast' },
            channel,
            message: buildSignal(event, jobId),
          }),
        );
      }
      await Promise.all(publishes);
    },
  };
}
