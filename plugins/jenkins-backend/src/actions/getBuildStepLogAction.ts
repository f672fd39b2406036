import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  flowNodeIdSchema,
  logChunkSchema,
  logQuerySchema,
} from '@internal/plugin-jenkins-common';
import {
  BuildViewActionDeps,
  registerBuildViewAction,
} from './buildViewActions';
import { toRegistrySchema } from './registrySchema';

/** `jenkins:get-build-step-log`: the log of one stage or step of a build. */
export function registerGetBuildStepLogAction(
  actionsRegistry: ActionsRegistryService,
  deps: BuildViewActionDeps,
): void {
  registerBuildViewAction(actionsRegistry, deps, {
    name: 'get-build-step-log',
    title: 'Read the log of a Jenkins pipeline stage or step',
    description:
      'Reads at most 1 MiB of the log of one stage (all its steps) or step of a pipeline build, from byte offset start; pass nextStart to continue while hasMore is true. Node ids come from get-build-graph. Needs permission to read build logs.',
    fields: z => ({
      nodeId: z.string().describe('A stage or step id from get-build-graph'),
      start: z
        .number()
        .optional()
        .describe('Byte offset (a whole number); default 0'),
    }),
    extra: { nodeId: flowNodeIdSchema, start: logQuerySchema.shape.start },
    output: z => toRegistrySchema(logChunkSchema, z),
    read: (views, caller, target, { nodeId, start }) =>
      views.nodeLog(caller, target, nodeId, start),
  });
}
