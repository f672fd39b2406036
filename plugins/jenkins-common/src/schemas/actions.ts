import { z } from 'zod';
import { MAX_PARAMETER_VALUE_LENGTH } from '../parameterRules';

/** A parameter value sent to run a job. @public */
export const parameterInputSchema = z.union([
  z.string().max(MAX_PARAMETER_VALUE_LENGTH),
  z.boolean(),
  z.number(),
]);

/**
 * Names that are not keys of a plain object but parts of its prototype
 * chain: a parser would drop `__proto__` silently, or a lookup would find
 * what every object has. No Jenkins parameter is called like this. @public
 */
export const FORBIDDEN_PARAMETER_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
] as const;

/** The rule a name of {@link FORBIDDEN_PARAMETER_NAMES} breaks. @public */
export const FORBIDDEN_PARAMETER_NAME_MESSAGE =
  'must be a parameter name, not __proto__, constructor or prototype';

/** A parameter name as a request may send it. @public */
export const parameterNameSchema = z
  .string()
  .min(1, 'must be a parameter name')
  .max(200, 'must be a parameter name of at most 200 characters')
  .refine(
    name => !(FORBIDDEN_PARAMETER_NAMES as readonly string[]).includes(name),
    FORBIDDEN_PARAMETER_NAME_MESSAGE,
  );

/**
 * Parameter values by name. zod skips an own `__proto__` key of a record
 * without a word (it would replace the result's prototype), so the keys
 * are checked as sent, before the record is parsed.
 */
const parameterValuesSchema = z.preprocess((value, ctx) => {
  if (
    value !== null &&
    typeof value === 'object' &&
    Object.prototype.hasOwnProperty.call(value, '__proto__')
  ) {
    ctx.issues.push({
      code: 'custom',
      message: FORBIDDEN_PARAMETER_NAME_MESSAGE,
      path: ['__proto__'],
      input: value,
    });
  }
  return value;
}, z.record(parameterNameSchema, parameterInputSchema));

/** `POST …/jobs/:jobId/builds` and `…/rebuild`. @public */
export const triggerRequestSchema = z
  .object({
    parameters: parameterValuesSchema.optional(),
  })
  .strict();

/** A queue item's state. @public */
export const queueStateSchema = z.object({
  queueId: z.number().int(),
  state: z.enum(['waiting', 'blocked', 'buildable', 'started', 'cancelled']),
  /** Jenkins' reason while waiting, e.g. "In the quiet period. Expires in 4.9 sec". */
  why: z.string().nullable(),
  buildNumber: z.number().int().nullable(),
  buildUrl: z.string().nullable(),
});

/** Answer to a trigger or rebuild (HTTP 202). @public */
export const triggerResponseSchema = z.object({
  requestId: z.string(),
  queue: queueStateSchema,
});

/** `POST …/builds/:number/inputs/:inputId`. @public */
export const inputAnswerRequestSchema = z
  .object({
    action: z.enum(['approve', 'reject']),
    parameters: parameterValuesSchema.optional(),
  })
  .strict();

/** Answer to abort, cancel and input actions. @public */
export const actionResponseSchema = z.object({
  requestId: z.string(),
  status: z.enum(['done']),
  message: z.string(),
});
