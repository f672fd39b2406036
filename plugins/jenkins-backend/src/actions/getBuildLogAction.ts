import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  boundedBuildNumberSchema,
  jobTargetSchema,
  logChunkSchema,
  logQuerySchema,
} from '@internal/plugin-jenkins-common';
import { jobFields, targetFieldsOf } from './actionInputs';
import { toRegistrySchema } from './registrySchema';
import { ReadActionDeps, readActionInput } from './readActionDeps';

const inputSchema = jobTargetSchema
  .extend({ buildNumber: boundedBuildNumberSchema })
  .extend(logQuerySchema.shape)
  .strict();

/** `jenkins:get-build-log`: a chunk of a build's console log. */
export function registerGetBuildLogAction(
  actionsRegistry: ActionsRegistryService,
  deps: ReadActionDeps,
): void {
  actionsRegistry.register({
    name: 'get-build-log',
    title: 'Read a Jenkins build log',
    description:
      'Reads a chunk of at most 1 MiB of a build console log from byte offset `start`; pass `nextStart` to continue at once while `hasMore` is true (the chunk was cut at 1 MiB), or later while `more` is true (the build still writes).',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          buildNumber: z.number(),
          start: z
            .number()
            .optional()
            .describe('Byte offset (a whole number); default 0'),
        }),
      output: z => toRegistrySchema(logChunkSchema, z),
    },
    action: async ({ input, credentials }) => {
      const { caller, parsed } = await readActionInput(
        deps,
        credentials,
        inputSchema,
        {
          ...targetFieldsOf(input),
          buildNumber: input.buildNumber,
          start: input.start,
        },
      );
      return {
        output: await deps.reads.getLog(
          caller,
          parsed.entityRef,
          parsed.jobId,
          parsed.buildNumber,
          parsed.start,
        ),
      };
    },
  });
}
