import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  buildsPageSchema,
  jobTargetSchema,
  pageQuerySchema,
} from '@internal/plugin-jenkins-common';
import { jobFields, targetFieldsOf } from './actionInputs';
import { toRegistrySchema } from './registrySchema';
import { ReadActionDeps, readActionInput } from './readActionDeps';

const inputSchema = jobTargetSchema.extend(pageQuerySchema.shape).strict();

/** `jenkins:list-builds`: a page of a job's builds, newest first. */
export function registerListBuildsAction(
  actionsRegistry: ActionsRegistryService,
  deps: ReadActionDeps,
): void {
  actionsRegistry.register({
    name: 'list-builds',
    title: 'List builds of a Jenkins job',
    description: 'Lists the builds of one job of an entity, newest first.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          limit: z.number().optional().describe('1 to 100; default 20'),
          cursor: z.string().optional().describe('nextCursor of the last page'),
        }),
      output: z => toRegistrySchema(buildsPageSchema, z),
    },
    action: async ({ input, credentials }) => {
      const { caller, parsed } = await readActionInput(
        deps,
        credentials,
        inputSchema,
        { ...targetFieldsOf(input), limit: input.limit, cursor: input.cursor },
      );
      return {
        output: await deps.reads.listBuilds(
          caller,
          parsed.entityRef,
          parsed.jobId,
          { limit: parsed.limit, cursor: parsed.cursor || undefined },
        ),
      };
    },
  });
}
