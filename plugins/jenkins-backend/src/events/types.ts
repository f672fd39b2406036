import { JenkinsBuildEvent } from '@internal/plugin-jenkins-common';

/** An entity that annotates the event's job, with the job's id on it. */
export interface AnnotatingEntity {
  /** Canonical entity ref, e.g. `component:default/payments-service`. */
  entityRef: string;
  /** The job's id in that entity's API (`encodeJobId(instance, fullName)`). */
  jobId: string;
  /** The entity's owner refs (`spec.owner`, canonical), for notifications. */
  ownerRefs: string[];
  /**
   * The job the annotation names, as spelt there: the event's job, or the
   * multibranch job whose branch built (notifications tell a default branch
   * from others by it).
   */
  annotatedFullName?: string;
}

/** What every consumer is told about an event besides the event itself. */
export interface BuildEventContext {
  /** The entities whose `jenkins.io/job-full-name` names the job; never empty. */
  entities: AnnotatingEntity[];
  /** The job's environment from config (`instances[].environments`), if any. */
  environment?: string;
}

/**
 * Something done once per build transition, on one replica: dropping
 * cached views, signalling open tabs, settling audit rows, labelling,
 * notifying. A consumer's failure is logged and never stops the others.
 */
export interface BuildEventConsumer {
  readonly name: string;
  handle(event: JenkinsBuildEvent, context: BuildEventContext): Promise<void>;
}
