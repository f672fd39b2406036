import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { abortOperationSchema } from '@internal/plugin-jenkins-common';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import { doneOutput } from './actionOutputs';
import { registerWriteAction } from './registerWriteAction';
import { WriteActionDeps } from './runWriteAction';

/** `jenkins:abort-build`: aborts a running build. */
export function registerAbortBuildAction(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & { writes: AuthorizedWriteService },
): void {
  registerWriteAction(actionsRegistry, deps, {
    name: 'abort-build',
    title: 'Abort a running Jenkins build',
    description:
      'Aborts a running build; fails with a conflict if it finished.',
    attributes: { readOnly: false, destructive: true, idempotent: true },
    fields: z => ({ buildNumber: z.number() }),
    output: doneOutput,
    operation: 'abort',
    schema: abortOperationSchema,
    operationFields: input => ({ buildNumber: input.buildNumber }),
    run: (writes, caller, operation, context) =>
      writes.abort(caller, operation, context),
  });
}
