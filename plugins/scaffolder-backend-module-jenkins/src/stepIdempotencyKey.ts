import { createHash } from 'node:crypto';
import { idempotencyKeySchema } from '@internal/plugin-jenkins-common';

/** The part of a scaffolder action's context that names the step. */
export interface StepIdentity {
  task: { id: string };
  step?: { id?: string; name?: string };
  each?: unknown;
}

/**
 * The `Idempotency-Key` of one run of one step: the task id, and a digest of
 * the action, the step id and the `each` item (a step in a loop runs once
 * per item). A retried task runs its steps again with the same task and
 * step ids, so the Jenkins plugin answers a repeated write with what the
 * first one did instead of starting a second build.
 */
export function stepIdempotencyKey(
  ctx: StepIdentity,
  actionId: string,
): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        actionId,
        ctx.step?.id ?? ctx.step?.name ?? '',
        ctx.each ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
  return idempotencyKeySchema.parse(`scaffolder:${ctx.task.id}:${digest}`);
}
