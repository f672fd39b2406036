import { z } from 'zod';
import { inputAnswerRequestSchema, triggerRequestSchema } from './actions';
import {
  buildNumberValueSchema,
  entityPathSchema,
  jobIdSchema,
  MAX_ENTITY_REF_LENGTH,
  queueIdValueSchema,
  wholeNumberOf,
} from './requests';

/**
 * The inputs of the write operations in canonical form, shared by every
 * adapter: the HTTP routes assemble them from path and body, the
 * actions-registry actions from their input, and both parse them with these
 * schemas, so that the same input is refused by both with the same message.
 */

/**
 * A pipeline input step id, e.g. `Promote`. Not only dots: `.` and `..` are
 * URL dot-segments, which a client resolves before the request is sent, so
 * they can never name an input step of the HTTP route. @public
 */
export const inputIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._-]+$/, 'must be an input step id')
  .refine(
    value => !/^\.+$/.test(value),
    'must be an input step id, not "." or ".."',
  );

/**
 * An `Idempotency-Key`: 1–255 visible ASCII characters, per the IETF
 * idempotency-key draft's recommendation of a bounded token. @public
 */
export const idempotencyKeySchema = z
  .string()
  .regex(
    /^[\x21-\x7e]{1,255}$/,
    'must be one value of 1 to 255 visible ASCII characters',
  );

/**
 * A full entity ref, `kind:namespace/name`, with each part bounded by the
 * same rules as the entity path of the HTTP routes. No defaults: a ref that
 * names no kind or namespace is refused rather than guessed. @public
 */
export const entityRefSchema = z
  .string()
  .max(
    MAX_ENTITY_REF_LENGTH,
    `must be an entity ref of at most ${MAX_ENTITY_REF_LENGTH} characters`,
  )
  .transform((value, ctx) => {
    const match = /^([^:/]+):([^:/]+)\/([^:/]+)$/.exec(value);
    const parts = match
      ? entityPathSchema.safeParse({
          kind: match[1],
          namespace: match[2],
          name: match[3],
        })
      : undefined;
    if (!parts?.success) {
      // The rule the entity path of the HTTP routes breaks, in its words.
      ctx.addIssue({
        code: 'custom',
        message:
          parts?.error.issues[0].message ??
          'must be an entity ref like component:default/payments-service',
      });
      return z.NEVER;
    }
    const { kind, namespace, name } = parts.data;
    // Backstage's canonical form (`stringifyEntityRef`): refs compare
    // case-insensitively, so one spelling reaches the catalog and the audit.
    return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
  });

/** Which job of which entity an operation is about. @public */
export const jobTargetSchema = z.object({
  entityRef: entityRefSchema,
  jobId: jobIdSchema,
});

/** A build of a job, bounded like Jenkins' `int` build numbers. @public */
export const boundedBuildNumberSchema = wholeNumberOf(
  buildNumberValueSchema.max(2147483647, 'must be a build number'),
);

/** A queue item id, bounded like Jenkins' `long` ids that JSON can carry. @public */
export const boundedQueueIdSchema = wholeNumberOf(
  queueIdValueSchema.max(Number.MAX_SAFE_INTEGER, 'must be a queue id'),
);

/** Run a job. @public */
export const triggerOperationSchema = jobTargetSchema
  .extend(triggerRequestSchema.shape)
  .strict();

/** Run a build again. @public */
export const rebuildOperationSchema = jobTargetSchema
  .extend({ buildNumber: boundedBuildNumberSchema })
  .extend(triggerRequestSchema.shape)
  .strict();

/** Abort a running build. @public */
export const abortOperationSchema = jobTargetSchema
  .extend({ buildNumber: boundedBuildNumberSchema })
  .strict();

/** Cancel a queue item. @public */
export const cancelOperationSchema = jobTargetSchema
  .extend({ queueId: boundedQueueIdSchema })
  .strict();

/** Approve or reject a pending input step. @public */
export const answerInputOperationSchema = jobTargetSchema
  .extend({
    buildNumber: boundedBuildNumberSchema,
    inputId: inputIdSchema,
  })
  .extend(inputAnswerRequestSchema.shape)
  .strict();

/** @public */
export type JobTarget = z.infer<typeof jobTargetSchema>;
/** @public */
export type TriggerOperation = z.infer<typeof triggerOperationSchema>;
/** @public */
export type RebuildOperation = z.infer<typeof rebuildOperationSchema>;
/** @public */
export type AbortOperation = z.infer<typeof abortOperationSchema>;
/** @public */
export type CancelOperation = z.infer<typeof cancelOperationSchema>;
/** @public */
export type AnswerInputOperation = z.infer<typeof answerInputOperationSchema>;
