import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  entityRefSchema,
  jobsResponseSchema,
} from '@internal/plugin-jenkins-common';
import { z as zod } from 'zod';
import { toRegistrySchema } from './registrySchema';
import { ReadActionDeps, readActionInput } from './readActionDeps';

const inputSchema = zod.object({ entityRef: entityRefSchema }).strict();

/** `jenkins:list-jobs`: an entity's jobs and what the caller may do. */
export function registerListJobsAction(
  actionsRegistry: ActionsRegistryService,
  deps: ReadActionDeps,
): void {
  actionsRegistry.register({
    name: 'list-jobs',
    title: 'List Jenkins jobs of an entity',
    description:
      'Lists the Jenkins jobs an entity declares, with status, last build, parameters and what the caller may do on each.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'A full entity ref, e.g. component:default/payments-service',
            ),
        }),
      output: z => toRegistrySchema(jobsResponseSchema, z),
    },
    action: async ({ input, credentials }) => {
      const { caller, parsed } = await readActionInput(
        deps,
        credentials,
        inputSchema,
        input,
      );
      return { output: await deps.reads.listJobs(caller, parsed.entityRef) };
    },
  });
}
