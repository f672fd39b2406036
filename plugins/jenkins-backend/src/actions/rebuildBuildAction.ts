import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { rebuildOperationSchema } from '@internal/plugin-jenkins-common';
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

/** `jenkins:rebuild-build`: runs a build again with its parameters. */
export function registerRebuildBuildAction(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & { writes: AuthorizedWriteService },
): void {
  actionsRegistry.register({
    name: 'rebuild-build',
    title: 'Rebuild a Jenkins build',
    description:
      'Runs a build again with the same parameters; password parameters must be supplied again.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          buildNumber: z.number(),
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
          operation: 'rebuild',
          schema: rebuildOperationSchema,
          input: {
            ...targetFieldsOf(input),
            buildNumber: input.buildNumber,
            parameters: input.parameters,
          },
          idempotencyKey: idempotencyKeyOf(input),
        },
        (caller, op, context) => deps.writes.rebuild(caller, op, context),
      ),
    }),
  });
}
