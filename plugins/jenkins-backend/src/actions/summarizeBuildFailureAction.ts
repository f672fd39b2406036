import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  boundedBuildNumberSchema,
  failureSummarySchema,
  jobTargetSchema,
  wholeNumberOf,
} from '@internal/plugin-jenkins-common';
import { z as zod } from 'zod';
import { FailureSummaryService } from '../reads/FailureSummaryService';
import { jobFields, targetFieldsOf } from './actionInputs';
import { toRegistrySchema } from './registrySchema';
import { ReadActionDeps, readActionInput } from './readActionDeps';

const MAX_ERROR_LINES = 50;

const inputSchema = jobTargetSchema
  .extend({
    buildNumber: boundedBuildNumberSchema,
    errorLines: wholeNumberOf(
      zod
        .number()
        .int('must be a whole number of lines')
        .min(1, 'must be at least 1 line')
        .max(MAX_ERROR_LINES, `must be at most ${MAX_ERROR_LINES} lines`),
    ).default(20),
  })
  .strict();

/** `jenkins:summarize-build-failure`: why a build failed, in a few lines. */
export function registerSummarizeBuildFailureAction(
  actionsRegistry: ActionsRegistryService,
  deps: ReadActionDeps & { failures: FailureSummaryService },
): void {
  actionsRegistry.register({
    name: 'summarize-build-failure',
    title: 'Summarize why a Jenkins build failed',
    description:
      "A compact account of one build: its status, the first failing stage and its error, the failed tests (first 10) and the last lines of the log that report an error. Log text (stage errors, test details, log lines) needs permission to read the build's logs; without it those fields are null.",
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          buildNumber: z.number(),
          errorLines: z
            .number()
            .optional()
            .describe(
              `How many error lines, 1 to ${MAX_ERROR_LINES}; default 20`,
            ),
        }),
      output: z => toRegistrySchema(failureSummarySchema, z),
    },
    action: async ({ input, credentials }) => {
      const { caller, parsed } = await readActionInput(
        deps,
        credentials,
        inputSchema,
        {
          ...targetFieldsOf(input),
          buildNumber: input.buildNumber,
          errorLines: input.errorLines,
        },
      );
      return {
        output: await deps.failures.summarize(
          caller,
          parsed.entityRef,
          parsed.jobId,
          parsed.buildNumber,
          parsed.errorLines,
        ),
      };
    },
  });
}
