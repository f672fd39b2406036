import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { pauseOperationSchema } from '@internal/plugin-jenkins-common';
import { AuthorizedPipelineControls } from '../writes/AuthorizedPipelineControls';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import { doneOutput } from './actionOutputs';
import { registerWriteAction } from './registerWriteAction';
import { WriteActionDeps } from './runWriteAction';

/** `jenkins:pause-build`: pauses or resumes a running pipeline build. */
export function registerPauseBuildAction(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & {
    writes: AuthorizedWriteService;
    pipelineControls: AuthorizedPipelineControls;
  },
): void {
  registerWriteAction(actionsRegistry, deps, {
    name: 'pause-build',
    title: 'Pause or resume a running Jenkins pipeline build',
    description:
      "action 'pause' holds a running pipeline build where it is (it keeps its executor); 'resume' lets it go on. Fails with a conflict when the build has finished, is already in that state, or the Jenkins instance cannot pause pipelines.",
    attributes: { readOnly: false, destructive: false, idempotent: true },
    fields: z => ({
      buildNumber: z.number(),
      action: z.enum(['pause', 'resume']),
    }),
    output: doneOutput,
    operation: 'pause',
    schema: pauseOperationSchema,
    operationFields: input => ({
      buildNumber: input.buildNumber,
      action: input.action,
    }),
    run: (_writes, caller, operation, context) =>
      deps.pipelineControls.pause(caller, operation, context),
  });
}
