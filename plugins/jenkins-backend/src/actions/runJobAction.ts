import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { triggerOperationSchema } from '@internal/plugin-jenkins-common';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import {
  idempotencyKeyField,
  idempotencyKeyOf,
  jobFields,
  parameterValues,
  targetFieldsOf,
} from './actionInputs';
import { queueOutput } from './actionOutputs';
import { runWriteAction, WriteActionDeps } from './runWriteAction';

/** `jenkins:run-job`: runs a job as the invoking person. */
export function registerRunJobAction(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & { writes: AuthorizedWriteService },
): void {
  actionsRegistry.register({
    name: 'run-job',
    title: 'Run a Jenkins job',
    description:
      'Runs one job of an entity as the invoking person, with parameters checked against the job definition. Answers with the queue item and, once started, the build number.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          parameters: parameterValues(z),
          idempotencyKey: idempotencyKeyField(z),
        }),
      output: queueOutput,
    },
    action: async ({ input, credentials }) => ({
      output: await runWriteAction(
        deps,
        credentials,
        {
          operation: 'trigger',
          schema: triggerOperationSchema,
          input: { ...targetFieldsOf(input), parameters: input.parameters },
          idempotencyKey: idempotencyKeyOf(input),
        },
        (caller, op, context) => deps.writes.trigger(caller, op, context),
      ),
    }),
  });
}
