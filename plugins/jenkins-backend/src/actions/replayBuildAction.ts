import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { replayOperationSchema } from '@internal/plugin-jenkins-common';
import { AuthorizedPipelineControls } from '../writes/AuthorizedPipelineControls';
import { AuthorizedWriteService } from '../writes/AuthorizedWriteService';
import { registerWriteAction } from './registerWriteAction';
import { startedBuildOutput } from './restartBuildAction';
import { WriteActionDeps } from './runWriteAction';

/** `jenkins:replay-build`: reruns a pipeline build, or replays it with an edited script. */
export function registerReplayBuildAction(
  actionsRegistry: ActionsRegistryService,
  deps: WriteActionDeps & {
    writes: AuthorizedWriteService;
    pipelineControls: AuthorizedPipelineControls;
  },
): void {
  registerWriteAction(actionsRegistry, deps, {
    name: 'replay-build',
    title: 'Rerun or replay a Jenkins pipeline build',
    description:
      'Without script, runs a pipeline build again with the same script. With script, replays it with that main script (and loaded scripts by the names get-replay-script gave) — this needs the separate permission to replay edited scripts, which policies may refuse (e.g. on production). The edit is recorded in the audit trail as a sha256 and a diff against the original, as the caller who asked for it.',
    attributes: { readOnly: false, destructive: false, idempotent: false },
    fields: z => ({
      buildNumber: z.number(),
      script: z
        .object({
          main: z.string().describe('The whole main pipeline script'),
          loaded: z
            .record(z.string())
            .optional()
            .describe('Loaded scripts by the names get-replay-script gave'),
        })
        .optional()
        .describe('Leave out to rerun with the same script'),
    }),
    output: startedBuildOutput,
    operation: 'replay',
    schema: replayOperationSchema,
    operationFields: input => ({
      buildNumber: input.buildNumber,
      script: input.script,
    }),
    run: (_writes, caller, operation, context) =>
      deps.pipelineControls.replay(caller, operation, context),
  });
}
