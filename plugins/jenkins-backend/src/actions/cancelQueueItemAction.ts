import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { cancelOperationSchema } from '@internal/plugin-jenkins-common';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import { doneOutput } from './actionOutputs';
import { registerWriteAction } from './registerWriteAction';
import { WriteActionDeps } from './runWriteAction';

/** `jenkins:cancel-queue-item`: cancels a build that has not started. */
export function registerCancelQueueItemAction(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & { writes: AuthorizedWriteService },
): void {
  registerWriteAction(actionsRegistry, deps, {
    name: 'cancel-queue-item',
    title: 'Cancel a queued Jenkins build',
    description:
      'Cancels a queue item that has not started yet; fails with a conflict if it started.',
    attributes: { readOnly: false, destructive: true, idempotent: true },
    fields: z => ({ queueId: z.number() }),
    output: doneOutput,
    operation: 'cancel',
    schema: cancelOperationSchema,
    operationFields: input => ({ queueId: input.queueId }),
    run: (writes, caller, operation, context) =>
      writes.cancel(caller, operation, context),
  });
}
