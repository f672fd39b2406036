import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  restartOperationSchema,
  startedBuildResponseSchema,
} from '@internal/plugin-jenkins-common';
import { AuthorizedPipelineControls } from '../writes/AuthorizedPipelineControls';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import { RegistryZod } from './actionInputs';
import { registerWriteAction } from './registerWriteAction';
import { toRegistrySchema } from './registrySchema';
import { WriteActionDeps } from './runWriteAction';

/** The answer of a restart or replay, as the HTTP API's. */
export const startedBuildOutput = (z: RegistryZod) =>
  toRegistrySchema(startedBuildResponseSchema, z);

/** `jenkins:restart-build`: restarts a finished build from one of its stages. */
export function registerRestartBuildAction(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & {
    writes: AuthorizedWriteService;
    pipelineControls: AuthorizedPipelineControls;
  },
): void {
  registerWriteAction(actionsRegistry, deps, {
    name: 'restart-build',
    title: 'Restart a Jenkins pipeline build from a stage',
    description:
      'Starts a new build of a finished Declarative pipeline that skips the stages before stageName and runs from there, as the caller; stageName must be one get-restart-options lists. Answers with the new queue item or build.',
    attributes: { readOnly: false, destructive: false, idempotent: false },
    fields: z => ({
      buildNumber: z.number(),
      stageName: z.string().describe('A stage from get-restart-options'),
    }),
    output: startedBuildOutput,
    operation: 'restart',
    schema: restartOperationSchema,
    operationFields: input => ({
      buildNumber: input.buildNumber,
      stageName: input.stageName,
    }),
    run: (_writes, caller, operation, context) =>
      deps.pipelineControls.restart(caller, operation, context),
  });
}
