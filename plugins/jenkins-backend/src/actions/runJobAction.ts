import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { triggerOperationSchema } from '@internal/plugin-jenkins-common';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import { parameterValues } from './actionInputs';
import { queueOutput } from './actionOutputs';
import { registerWriteAction } from './registerWriteAction';
import { WriteActionDeps } from './runWriteAction';

/** `jenkins:run-job`: runs a job as the invoking person. */
export function registerRunJobAction(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & { writes: AuthorizedWriteService },
): void {
  registerWriteAction(actionsRegistry, deps, {
    name: 'run-job',
    title: 'Run a Jenkins job',
    description:
      'Runs one job of an entity as the invoking person, with parameters checked against the job definition. Answers with the queue item and, once started, the build number.',
    attributes: { readOnly: false, destructive: false, idempotent: false },
    fields: z => ({ parameters: parameterValues(z) }),
    output: queueOutput,
    operation: 'trigger',
    schema: triggerOperationSchema,
    operationFields: input => ({ parameters: input.parameters }),
    run: (writes, caller, operation, context) =>
      writes.trigger(caller, operation, context),
  });
}
