import { z } from 'zod';
import { MAX_PARAMETER_VALUE_LENGTH } from '../parameterRules';

/** A parameter value sent to run a job. @public */
export const parameterInputSchema = z.union([
  z.string().max(MAX_PARAMETER_VALUE_LENGTH),
  z.boolean(),
  z.number(),
]);

/** A parameter name as a request may send it. @public */
export const parameterNameSchema = z
  .string()
  .min(1, 'must be a parameter name')
  .max(200, 'must be a parameter name of at most 200 characters');

/** `POST …/jobs/:jobId/builds` and `…/rebuild`. @public */
export const triggerRequestSchema = z
  .object({
    parameters: z.record(parameterNameSchema, parameterInputSchema).optional(),
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
    parameters: z.record(parameterNameSchema, parameterInputSchema).optional(),
  })
  .strict();

/** Answer to abort, cancel and input actions. @public */
export const actionResponseSchema = z.object({
  requestId: z.string(),
  status: z.enum(['done']),
  message: z.string(),
});
