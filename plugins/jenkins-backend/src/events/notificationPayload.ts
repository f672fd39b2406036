import {
  buildEventId,
  buildPhaseSchema,
  buildResultSchema,
  JenkinsBuildEvent,
  jenkinsBuildEventSchema,
} from '@internal/plugin-jenkins-common';
import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * The JSON body of Jenkins' Notification plugin (`jenkinsci/notification-plugin`
 * `model/JobState`, `BuildState`, `ScmState`, serialised by Gson with
 * `LOWER_CASE_WITH_UNDERSCORES` in `Format.JSON`). Only what events carry is
 * checked; the rest (log, artifacts, notes, test summary, culprits) passes
 * unread. `url` is `Job.getUrl()`, e.g. `job/payments/job/deploy-staging/`;
 * `name` is only the job's short name.
 */
export const notificationPayloadSchema = z.object({
  name: z.string().max(1000).optional(),
  display_name: z.string().max(1000).optional(),
  url: z.string().min(1).max(4000),
  build: z.object({
    full_url: z.string().max(2000).nullish(),
    number: z.number().int().positive(),
    queue_id: z.number().int().nonnegative().nullish(),
    timestamp: z.number().int().nonnegative().nullish(),
    duration: z.number().int().nonnegative().nullish(),
    phase: z.union([buildPhaseSchema, z.literal('NONE')]),
    // Result.toString(): SUCCESS, UNSTABLE, FAILURE, NOT_BUILT, ABORTED.
    status: z.string().max(50).nullish(),
    url: z.string().max(4000).nullish(),
    scm: z
      .object({
        url: z.string().max(4000).nullish(),
        branch: z.string().max(500).nullish(),
        commit: z.string().max(100).nullish(),
      })
      .passthrough()
      .nullish(),
    // Non-sensitive parameters as environment variables (name → value).
    parameters: z.record(z.string(), z.unknown()).nullish(),
  }),
});

/** The Notification plugin's body, as far as it is read. */
export type NotificationPayload = z.infer<typeof notificationPayloadSchema>;

/**
 * A job's full name from its URL below the Jenkins root, `job/a/job/b/`
 * → `a/b`. Each name segment is decoded once (Jenkins writes it with
 * `Util.rawEncode`), so a branch `feature%2Ffoo` (sent as
 * `feature%252Ffoo`) keeps Jenkins' own spelling. Anything else — another
 * path shape, an empty or dot segment, a slash inside a name, bad escapes —
 * is refused, so one job has one canonical name.
 */
export function jobFullNameFromUrl(url: string): string {
  const parts = url.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
  if (parts.length < 2 || parts.length % 2 !== 0) {
    throw new InputError(
      `The job url '${url.slice(
        0,
        200,
      )}' is not of the form job/<name>[/job/<name>…]/`,
    );
  }
  const names: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    if (parts[i] !== 'job') {
      throw new InputError(
        `The job url '${url.slice(
          0,
          200,
        )}' is not of the form job/<name>[/job/<name>…]/`,
      );
    }
    let name: string;
    try {
      name = decodeURIComponent(parts[i + 1]);
    } catch {
      throw new InputError(
        `The job url '${url.slice(0, 200)}' has a badly escaped name`,
      );
    }
    if (!name || name === '.' || name === '..' || name.includes('/')) {
      throw new InputError(
        `The job url '${url.slice(0, 200)}' names no valid job ('${name}')`,
      );
    }
    names.push(name);
  }
  return names.join('/');
}

function resultOf(status: string | null | undefined) {
  const parsed = buildResultSchema.safeParse(status);
  return parsed.success ? parsed.data : undefined;
}

function stringParameter(
  parameters: Record<string, unknown> | null | undefined,
  name: string,
): string | undefined {
  const value = parameters?.[name];
  return typeof value === 'string' && value.length <= 100 ? value : undefined;
}

/**
 * The event a Notification-plugin body reports; undefined for the `NONE`
 * phase (only sent by the `notifyEndpoints` step with no phase).
 */
export function buildEventFromNotification(
  instance: string,
  payload: NotificationPayload,
  nowMs: number,
): JenkinsBuildEvent | undefined {
  const { build } = payload;
  if (build.phase === 'NONE') {
    return undefined;
  }
  const jobFullName = jobFullNameFromUrl(payload.url);
  const phase = build.phase;
  const finished = phase === 'COMPLETED' || phase === 'FINALIZED';
  const scm = build.scm
    ? {
        branch: build.scm.branch ?? undefined,
        commit: build.scm.commit ?? undefined,
      }
    : undefined;
  const event = jenkinsBuildEventSchema.safeParse({
    id: buildEventId(instance, jobFullName, build.number, phase),
    instance,
    jobFullName,
    buildNumber: build.number,
    queueId: build.queue_id ? build.queue_id : undefined,
    phase,
    result: finished ? resultOf(build.status) : undefined,
    buildUrl: build.full_url ?? undefined,
    timestampMs: build.timestamp ?? nowMs,
    durationMs: finished && build.duration ? build.duration : undefined,
    // The only parameter kept: it ties the build to its audit entry.
    requestId: stringParameter(build.parameters, 'BACKSTAGE_REQUEST_ID'),
    scm: scm && (scm.branch || scm.commit) ? scm : undefined,
    source: 'webhook',
  });
  if (!event.success) {
    throw new InputError(
      `The notification does not describe a build: ${event.error.issues
        .map(issue => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return event.data;
}
