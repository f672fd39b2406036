import { z } from 'zod';

/** Path of every entity route. @public */
export const entityPathSchema = z.object({
  kind: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must be an entity kind'),
  namespace: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._-]+$/, 'must be an entity namespace'),
  name: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9._-]+$/, 'must be an entity name'),
});

/** A job id: opaque and URL-safe. @public */
export const jobIdSchema = z
  .string()
  .min(1)
  .max(2048)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a job id from the jobs list');

/** A build number in a path. @public */
export const buildNumberSchema = z.coerce
  .number({ error: 'must be a build number' })
  .int('must be a build number')
  .positive('must be a positive build number');

/** A queue id in a path. @public */
export const queueIdSchema = z.coerce
  .number({ error: 'must be a queue id' })
  .int('must be a queue id')
  .nonnegative('must be a queue id');

/** `?limit=&cursor=` of paginated routes. @public */
export const pageQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
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
    start: z.coerce.number().int().min(0).default(0),
  })
  .strict();

/** `?from=&to=&actor=&format=` of the audit export. @public */
export const auditQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    actor: z.string().max(300).optional(),
    format: z.enum(['json', 'ndjson', 'csv']).default('json'),
    limit: z.coerce.number().int().min(1).max(100000).default(10000),
  })
  .strict();
