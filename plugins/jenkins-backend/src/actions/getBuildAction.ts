import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  boundedBuildNumberSchema,
  buildDetailSchema,
  jobTargetSchema,
} from '@internal/plugin-jenkins-common';
import { jobFields, targetFieldsOf } from './actionInputs';
import { toRegistrySchema } from './registrySchema';
import { ReadActionDeps, readActionInput } from './readActionDeps';

const inputSchema = jobTargetSchema
  .extend({ buildNumber: boundedBuildNumberSchema })
  .strict();

/** `jenkins:get-build`: one build in detail. */
export function registerGetBuildAction(
  actionsRegistry: ActionsRegistryService,
  deps: ReadActionDeps,
): void {
  actionsRegistry.register({
    name: 'get-build',
    title: 'Read a Jenkins build',
    description:
      'Reads one build: status, parameters (secrets masked), stages, failed tests and pending input steps.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => z.object({ ...jobFields(z), buildNumber: z.number() }),
      output: z => toRegistrySchema(buildDetailSchema, z),
    },
    action: async ({ input, credentials }) => {
      const { caller, parsed } = await readActionInput(
        deps,
        credentials,
        inputSchema,
        { ...targetFieldsOf(input), buildNumber: input.buildNumber },
      );
      return {
        output: await deps.reads.getBuild(
          caller,
          parsed.entityRef,
          parsed.jobId,
          parsed.buildNumber,
        ),
      };
    },
  });
}
