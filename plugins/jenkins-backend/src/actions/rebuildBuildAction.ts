import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { rebuildOperationSchema } from '@internal/plugin-jenkins-common';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import { parameterValues } from './actionInputs';
import { queueOutput } from './actionOutputs';
import { registerWriteAction } from './registerWriteAction';
import { WriteActionDeps } from './runWriteAction';

/** `jenkins:rebuild-build`: runs a build again with its parameters. */
export function registerRebuildBuildAction(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & { writes: AuthorizedWriteService },
): void {
  registerWriteAction(actionsRegistry, deps, {
    name: 'rebuild-build',
    title: 'Rebuild a Jenkins build',
    description:
      'Runs a build again with the same parameters; password parameters must be supplied again.',
    attributes: { readOnly: false, destructive: false, idempotent: false },
    fields: z => ({
      buildNumber: z.number(),
      parameters: parameterValues(z),
    }),
    output: queueOutput,
    operation: 'rebuild',
    schema: rebuildOperationSchema,
    operationFields: input => ({
      buildNumber: input.buildNumber,
      parameters: input.parameters,
    }),
    run: (writes, caller, operation, context) =>
      writes.rebuild(caller, operation, context),
  });
}
