import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { cancelOperationSchema } from '@internal/plugin-jenkins-common';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import {
  idempotencyKeyField,
  idempotencyKeyOf,
  jobFields,
  targetFieldsOf,
} from './actionInputs';
import { doneOutput } from './actionOutputs';
import { runWriteAction, WriteActionDeps } from './runWriteAction';

/** `jenkins:cancel-queue-item`: cancels a build that has not started. */
export function registerCancelQueueItemAction(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & { writes: AuthorizedWriteService },
): void {
  actionsRegistry.register({
    name: 'cancel-queue-item',
    title: 'Cancel a queued Jenkins build',
    description:
      'Cancels a queue item that has not started yet; fails with a conflict if it started.',
    attributes: { destructive: true, idempotent: true, readOnly: false },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          queueId: z.number(),
          idempotencyKey: idempotencyKeyField(z),
        }),
      output: doneOutput,
    },
    action: async ({ input, credentials }) => ({
      output: await runWriteAction(
        deps,
        credentials,
        {
          operation: 'cancel',
          schema: cancelOperationSchema,
          input: { ...targetFieldsOf(input), queueId: input.queueId },
          idempotencyKey: idempotencyKeyOf(input),
        },
        (caller, op, context) => deps.writes.cancel(caller, op, context),
      ),
    }),
  });
}
