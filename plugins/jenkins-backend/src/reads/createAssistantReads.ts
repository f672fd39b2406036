import { EventsService } from '@backstage/plugin-events-node';
import {
  JENKINS_EVENTS_TOPIC,
  JenkinsBuildEvent,
} from '@internal/plugin-jenkins-common';
import { AuthorizedReadService } from './AuthorizedReadService';
import { BuildWaiter, BuildWakeups, QueueReader } from './BuildWaiter';
import { FailureSummaryService } from './FailureSummaryService';
import { LogSearchService } from './LogSearchService';

/** The reads an assistant uses to follow builds, on top of the authorized reads. */
export interface AssistantReads {
  /** Pattern search in build logs, a bounded page at a time. */
  logSearch: LogSearchService;
  /** A build's failing stage, failed tests and last error lines. */
  failures: FailureSummaryService;
  /** Bounded waits for a queue item or build to finish, woken by build events. */
  waits: BuildWaiter;
}

/**
 * Builds log search, failure summaries and build waits over the same
 * permission-checked reads as the HTTP API, and subscribes the waits to
 * build events (topic `jenkins`) so that they wake when their job moves.
 */
export async function createAssistantReads(options: {
  reads: AuthorizedReadService;
  /** The queue item reads of the write service (`queueState`). */
  readQueue: QueueReader;
  events: Pick<EventsService, 'subscribe'>;
}): Promise<AssistantReads> {
  const { reads, readQueue, events } = options;
  const readChunk = reads.getLog.bind(reads);
  const readBuild = reads.getBuild.bind(reads);
  const wakeups = new BuildWakeups();
  await events.subscribe({
    id: 'jenkins-build-waits',
    topics: [JENKINS_EVENTS_TOPIC],
    onEvent: async ({ eventPayload }) => {
      const event = (eventPayload as { event?: JenkinsBuildEvent }).event;
      if (event?.instance && event.jobFullName) {
        wakeups.notify(event);
      }
    },
  });
  return {
    logSearch: new LogSearchService(readChunk),
    failures: new FailureSummaryService(readBuild, readChunk),
    waits: new BuildWaiter({ readQueue, readBuild, wakeups }),
  };
}
