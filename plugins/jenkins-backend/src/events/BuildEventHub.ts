import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  JENKINS_EVENTS_TOPIC,
  JenkinsBuildEvent,
} from '@internal/plugin-jenkins-common';
import { AnnotatedJobIndex } from './AnnotatedJobIndex';
import { BuildEventLedger } from './BuildEventLedger';
import { AnnotatingEntity, BuildEventConsumer } from './types';

/**
 * What is published on the events service (topic `jenkins`) for each build
 * transition: the event and the entities whose annotation names its job.
 *
 * @public
 */
export interface JenkinsEventsPayload {
  event: JenkinsBuildEvent;
  entities: AnnotatingEntity[];
  environment?: string;
}

/**
 * What became of a received event: handled here, already handled (by this
 * or another replica, from the webhook or the watcher), or ignored because
 * no entity annotates its job.
 */
export type BuildEventOutcome = 'handled' | 'duplicate' | 'ignored';

/** Options of {@link BuildEventHub}. */
export interface BuildEventHubOptions {
  index: Pick<AnnotatedJobIndex, 'contextFor'>;
  ledger: Pick<BuildEventLedger, 'claim'>;
  events: Pick<EventsService, 'publish'>;
  consumers: BuildEventConsumer[];
  logger: LoggerService;
  now?: () => number;
}

/**
 * Where every build event goes, whichever way it came: events for jobs no
 * entity annotates are dropped; the rest are claimed in the database so that
 * one replica handles each transition once, published on the events service
 * for other plugins, and handed to the consumers in order. A consumer's
 * failure is logged and never stops the next one.
 */
export class BuildEventHub {
  private readonly now: () => number;

  constructor(private readonly options: BuildEventHubOptions) {
    this.now = options.now ?? Date.now;
  }

  async receive(event: JenkinsBuildEvent): Promise<BuildEventOutcome> {
    const { index, ledger, events, consumers, logger } = this.options;
    const context = await index.contextFor(event.instance, event.jobFullName);
    if (!context) {
      return 'ignored';
    }
    if (!(await ledger.claim(event.id, this.now()))) {
      return 'duplicate';
    }
    const payload: JenkinsEventsPayload = {
      event,
      entities: context.entities,
      environment: context.environment,
    };
    try {
      await events.publish({
        topic: JENKINS_EVENTS_TOPIC,
        eventPayload: payload,
      });
    } catch (error) {
      logger.warn(
        `Build event ${event.id} was not published on the events service: ${error}`,
      );
    }
    for (const consumer of consumers) {
      try {
        await consumer.handle(event, context);
      } catch (error) {
        logger.warn(
          `Build event consumer '${consumer.name}' failed on ${event.id}: ${error}`,
        );
      }
    }
    return 'handled';
  }
}
