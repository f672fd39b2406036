import {
  boundedBuildNumberSchema,
  boundedQueueIdSchema,
  entityPathSchema,
  entityRefSchema,
  inputIdSchema,
  jobIdSchema,
} from '@internal/plugin-jenkins-common';
import { z } from 'zod';
import { parseRequest } from '../validation/parseRequest';

/**
 * The path parameters of the routes, built from the same `-common` field
 * schemas as the operations the actions take, so a value refused in a path
 * is refused in an action input with the same message.
 */
export const jobPathSchema = entityPathSchema.extend({ jobId: jobIdSchema });
export const buildPathSchema = jobPathSchema.extend({
  number: boundedBuildNumberSchema,
});
export const queuePathSchema = jobPathSchema.extend({
  queueId: boundedQueueIdSchema,
});
export const inputPathSchema = buildPathSchema.extend({
  inputId: inputIdSchema,
});
export const noQuery = z.object({}).strict();
export const emptyBody = z.object({}).strict();

/** The canonical entity ref of a validated entity path. */
export function entityRefOf(path: z.infer<typeof entityPathSchema>): string {
  return parseRequest(
    entityRefSchema,
    `${path.kind}:${path.namespace}/${path.name}`,
    'path',
  );
}
