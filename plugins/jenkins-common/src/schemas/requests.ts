import { z } from 'zod';
import { decodeJobId } from '../jobId';

/**
 * The longest entity ref the audit trail stores (`entity_ref`, 255
 * characters on PostgreSQL): the parts of an entity path are bounded so that
 * `kind:namespace/name` always fits. @public
 */
export const MAX_ENTITY_REF_LENGTH = 255;

/** The longest job full name the audit trail stores (`job_full_name`). @public */
export const MAX_JOB_FULL_NAME_LENGTH = 1024;

/** The longest Jenkins instance name a job id may name. @public */
export const MAX_INSTANCE_NAME_LENGTH = 100;

/**
 * A path segment made only of dots: `.` and `..` are URL dot-segments, which
 * a client resolves (`/entities/component/default/..` is `/entities/component`)
 * before it reaches the catalog, so they can never name an entity.
 */
const onlyDots = (value: string) => /^\.+$/.test(value);

/** Path of every entity route. @public */
export const entityPathSchema = z.object({
  kind: z
    .string()
    .min(1)
    .max(63)
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must be an entity kind'),
  namespace: z
    .string()
    .min(1)
    .max(63)
    .regex(/^[A-Za-z0-9._-]+$/, 'must be an entity namespace')
    .refine(
      value => !onlyDots(value),
      'must be an entity namespace, not "." or ".."',
    ),
  // 63 + 1 + 63 + 1 + 127 = MAX_ENTITY_REF_LENGTH
  name: z
    .string()
    .min(1)
    .max(127)
    .regex(/^[A-Za-z0-9._-]+$/, 'must be an entity name')
    .refine(
      value => !onlyDots(value),
      'must be an entity name, not "." or ".."',
    ),
});

/**
 * A job id: opaque and URL-safe. What it decodes to (or the id itself, for
 * one that decodes to nothing) is what the audit trail records as the job,
 * so it is bounded like the instance and job full names. @public
 */
export const jobIdSchema = z
  .string()
  .min(1)
  .max(2048)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a job id from the jobs list')
  .refine(id => {
    const decoded = decodeJobId(id);
    return decoded
      ? decoded.instance.length <= MAX_INSTANCE_NAME_LENGTH &&
          decoded.fullName.length <= MAX_JOB_FULL_NAME_LENGTH
      : id.length <= MAX_JOB_FULL_NAME_LENGTH;
  }, 'must be a job id from the jobs list');

/**
 * A whole number, as a JSON number (an action's input) or as a string in a
 * path or query: then only in canonical decimal, `0` or digits without a
 * leading zero. Anything else `Number()` would take (`0x1`, `1e0`, ` 1`,
 * `0b1`, `1e21`, `''`) stays a string and is refused by `schema` with its
 * own message. @public
 */
export function wholeNumberOf<T extends z.ZodNumber>(schema: T) {
  return z.preprocess(
    value =>
      typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value)
        ? Number(value)
        : value,
    schema,
  );
}

/** The rules of a build number, without the form it arrives in. @public */
export const buildNumberValueSchema = z
  .number({ error: 'must be a build number' })
  .int('must be a build number')
  .positive('must be a positive build number');

/**
 * The rules of a queue id, without the form it arrives in. Jenkins counts
 * queue ids from 1 (`QueueIdStrategy.DefaultStrategy`: `incrementAndGet` on
 * a counter from 0), so 0 names no queue item. @public
 */
export const queueIdValueSchema = z
  .number({ error: 'must be a queue id' })
  .int('must be a queue id')
  .positive('must be a queue id');

/** A build number in a path. @public */
export const buildNumberSchema = wholeNumberOf(buildNumberValueSchema);

/** A queue id in a path. @public */
export const queueIdSchema = wholeNumberOf(queueIdValueSchema);

/**
 * `?include=` of the jobs list: a branch id to list among its multibranch
 * job's branches even when the job has more than the summary shows. @public
 */
export const jobsQuerySchema = z
  .object({ include: jobIdSchema.optional() })
  .strict();

/** The longest branch search a client may send. @public */
export const MAX_BRANCH_QUERY_LENGTH = 100;

/**
 * `?q=&limit=&cursor=` of a multibranch job's branches: `q` is matched as a
 * substring of the branch name, ignoring case; it is taken in canonical form
 * (Unicode NFC, without surrounding spaces), so that equal searches are one
 * answer, and may hold no control characters. @public
 */
export const branchQuerySchema = z
  .object({
    q: z
      .string({ error: 'must be one search text' })
      .max(
        MAX_BRANCH_QUERY_LENGTH,
        `must be at most ${MAX_BRANCH_QUERY_LENGTH} characters`,
      )
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not hold control characters')
      .transform(q => q.normalize('NFC').trim())
      .default(''),
    limit: wholeNumberOf(z.number().int().min(1).max(100)).default(20),
    cursor: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9_-]*$/, 'must be a cursor from a previous page')
      .optional(),
  })
  .strict();

/** `?limit=&cursor=` of paginated routes. @public */
export const pageQuerySchema = z
  .object({
    limit: wholeNumberOf(z.number().int().min(1).max(100)).default(20),
    cursor: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9_-]*$/, 'must be a cursor from a previous page')
      .optional(),
  })
  .strict();

/** `?start=` of the log route. @public */
export const logQuerySchema = z
  .object({
    // Jenkins parses it with Long.parseLong; beyond a safe integer JSON
    // and JavaScript could not carry it exactly.
    start: wholeNumberOf(
      z
        .number({ error: 'must be a log offset' })
        .int('must be a log offset')
        .min(0, 'must be a log offset')
        .max(Number.MAX_SAFE_INTEGER, 'must be a log offset'),
    ).default(0),
  })
  .strict();

/**
 * `?from=&to=&actor=&environment=&format=` of the audit export;
 * `format=records` answers the change records of the runs in the period
 * (at most `MAX_EXPORTED_RECORDS`). @public
 */
export const auditQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    actor: z.string().max(300).optional(),
    /** The job's environment at write time, e.g. `production`. */
    environment: z.string().min(1).max(255).optional(),
    format: z.enum(['json', 'ndjson', 'csv', 'records']).default('json'),
    limit: wholeNumberOf(z.number().int().min(1).max(100000)).default(10000),
  })
  .strict();
