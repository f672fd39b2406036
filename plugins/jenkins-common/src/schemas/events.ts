import { z } from 'zod';

/**
 * The topic on Backstage's events service that build events are published
 * on, for other plugins to subscribe to.
 *
 * @public
 */
export const JENKINS_EVENTS_TOPIC = 'jenkins';

/**
 * A build's phases, in the order Jenkins' Notification plugin reports them
 * (`jenkinsci/notification-plugin` `Phase`).
 *
 * @public
 */
export const buildPhaseSchema = z.enum([
  'QUEUED',
  'STARTED',
  'COMPLETED',
  'FINALIZED',
]);

/** @public */
export type BuildPhase = z.infer<typeof buildPhaseSchema>;

/** A finished build's result, as Jenkins' `hudson.model.Result` names it. @public */
export const buildResultSchema = z.enum([
  'SUCCESS',
  'UNSTABLE',
  'FAILURE',
  'NOT_BUILT',
  'ABORTED',
]);

/** @public */
export type BuildResult = z.infer<typeof buildResultSchema>;

/**
 * One transition of one build, whichever way it reached Backstage (the
 * Notification plugin's webhook, or the watcher polling Jenkins). `id` is
 * the same for the same transition from either source, so a transition is
 * handled once across sources and replicas.
 *
 * @public
 */
export const jenkinsBuildEventSchema = z.object({
  /** `${instance}:${jobFullName lowercased}:${buildNumber}:${phase}` */
  id: z.string().max(1200),
  instance: z.string().max(100),
  /** The job's full name as Jenkins spells it, e.g. `payments/deploy-staging`. */
  jobFullName: z.string().max(1000),
  buildNumber: z.number().int().positive(),
  queueId: z.number().int().positive().optional(),
  phase: buildPhaseSchema,
  /** Set from COMPLETED on. */
  result: buildResultSchema.optional(),
  /** The build's page in Jenkins. */
  buildUrl: z.string().max(2000).optional(),
  /** When the transition was observed, epoch milliseconds. */
  timestampMs: z.number().int().nonnegative(),
  /** From COMPLETED on, when known. */
  durationMs: z.number().int().nonnegative().optional(),
  /** The build's `BACKSTAGE_REQUEST_ID` parameter, for builds started from Backstage. */
  requestId: z.string().max(100).optional(),
  /** The branch or commit, when Jenkins reported one. */
  scm: z
    .object({
      branch: z.string().max(500).optional(),
      commit: z.string().max(100).optional(),
    })
    .optional(),
  source: z.enum(['webhook', 'watcher']),
});

/** @public */
export type JenkinsBuildEvent = z.infer<typeof jenkinsBuildEventSchema>;

/**
 * What the backend signals to open tabs of an entity when one of its jobs'
 * builds changes (Backstage signals, channel {@link jenkinsEntityChannel}).
 *
 * @public
 */
export const jenkinsBuildSignalSchema = z.object({
  type: z.literal('build'),
  /** The job id the entity's API uses (`encodeJobId(instance, fullName)`). */
  jobId: z.string(),
  buildNumber: z.number().int().positive(),
  phase: buildPhaseSchema,
  result: buildResultSchema.optional(),
});

/** @public */
export type JenkinsBuildSignal = z.infer<typeof jenkinsBuildSignalSchema>;

/**
 * The signal channel of one entity's Jenkins views. The entity ref must be
 * the canonical (lowercase) `kind:namespace/name`.
 *
 * @public
 */
export function jenkinsEntityChannel(entityRef: string): string {
  return `jenkins:${entityRef.toLocaleLowerCase('en-US')}`;
}

/**
 * The event id of a transition: one per instance, job, build and phase.
 *
 * @public
 */
export function buildEventId(
  instance: string,
  jobFullName: string,
  buildNumber: number,
  phase: BuildPhase,
): string {
  return `${instance}:${jobFullName.toLocaleLowerCase(
    'en-US',
  )}:${buildNumber}:${phase}`;
}
