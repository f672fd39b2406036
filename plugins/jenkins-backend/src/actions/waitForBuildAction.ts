import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  boundedBuildNumberSchema,
  boundedQueueIdSchema,
  buildWaitResultSchema,
  buildWaitSecondsSchema,
  DEFAULT_BUILD_WAIT_SECONDS,
  jobTargetSchema,
  MAX_BUILD_WAIT_SECONDS,
} from '@internal/plugin-jenkins-common';
import { BuildWaiter } from '../reads/BuildWaiter';
import { jobFields, targetFieldsOf } from './actionInputs';
import { toRegistrySchema } from './registrySchema';
import { ReadActionDeps, readActionInput } from './readActionDeps';

const inputSchema = jobTargetSchema
  .extend({
    queueId: boundedQueueIdSchema.optional(),
    buildNumber: boundedBuildNumberSchema.optional(),
    timeoutSeconds: buildWaitSecondsSchema,
  })
  .strict()
  .refine(
    value =>
      (value.queueId === undefined) !== (value.buildNumber === undefined),
    {
      message: 'give either queueId (from run-job) or buildNumber, not both',
      path: ['queueId'],
    },
  );

/** `jenkins:wait-for-build`: waits a bounded time for a build to finish. */
export function registerWaitForBuildAction(
  actionsRegistry: ActionsRegistryService,
  deps: ReadActionDeps & { waits: BuildWaiter },
): void {
  actionsRegistry.register({
    name: 'wait-for-build',
    title: 'Wait for a Jenkins build to finish',
    description: `Waits until a queue item (queueId from run-job or rebuild-build) has started and its build has finished, or a build (buildNumber) has finished, for at most timeoutSeconds (default ${DEFAULT_BUILD_WAIT_SECONDS}, at most ${MAX_BUILD_WAIT_SECONDS}). Answers with the state, the build's status and its URL; when timedOut is true, call again to keep waiting.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          queueId: z
            .number()
            .optional()
            .describe('The queue item to wait for, from run-job'),
          buildNumber: z
            .number()
            .optional()
            .describe('Or the build to wait for'),
          timeoutSeconds: z
            .number()
            .optional()
            .describe(
              `How long to wait at most, 1 to ${MAX_BUILD_WAIT_SECONDS}; default ${DEFAULT_BUILD_WAIT_SECONDS}`,
            ),
        }),
      output: z => toRegistrySchema(buildWaitResultSchema, z),
    },
    action: async ({ input, credentials }) => {
      const { caller, parsed } = await readActionInput(
        deps,
        credentials,
        inputSchema,
        {
          ...targetFieldsOf(input),
          queueId: input.queueId,
          buildNumber: input.buildNumber,
          timeoutSeconds: input.timeoutSeconds,
        },
      );
      return {
        output: await deps.waits.wait(
          caller,
          { entityRef: parsed.entityRef, jobId: parsed.jobId },
          { queueId: parsed.queueId, buildNumber: parsed.buildNumber },
          parsed.timeoutSeconds * 1000,
        ),
      };
    },
  });
}
