import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  boundedBuildNumberSchema,
  checkLogSearchPattern,
  jobTargetSchema,
  logSearchFieldsSchema,
  logSearchResultSchema,
  MAX_LOG_SEARCH_CONTEXT_LINES,
  MAX_LOG_SEARCH_MATCHES,
} from '@internal/plugin-jenkins-common';
import { LogSearchService } from '../reads/LogSearchService';
import { jobFields, targetFieldsOf } from './actionInputs';
import { toRegistrySchema } from './registrySchema';
import { ReadActionDeps, readActionInput } from './readActionDeps';

const inputSchema = jobTargetSchema
  .extend({ buildNumber: boundedBuildNumberSchema })
  .extend(logSearchFieldsSchema.shape)
  .strict()
  .superRefine(checkLogSearchPattern);

/** `jenkins:search-build-log`: the lines of a build log that match a pattern. */
export function registerSearchBuildLogAction(
  actionsRegistry: ActionsRegistryService,
  deps: ReadActionDeps & { logSearch: LogSearchService },
): void {
  actionsRegistry.register({
    name: 'search-build-log',
    title: 'Search a Jenkins build log',
    description: `Finds the lines of a build console log that contain a text (or match a regular expression), with lines of context around each. One answer searches at most 8 MiB of log and returns at most maxMatches (at most ${MAX_LOG_SEARCH_MATCHES}) matches; while complete is false, call again with start = nextStart and startLine = nextLine. Needs permission to read the build's logs.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ...jobFields(z),
          buildNumber: z.number(),
          pattern: z
            .string()
            .describe('The text to find (at most 200 characters)'),
          mode: z
            .enum(['literal', 'regex'])
            .optional()
            .describe(
              "'literal' (default) finds the text as written; 'regex' takes a JavaScript regular expression, stopped if it takes too long",
            ),
          ignoreCase: z.boolean().optional().describe('Default false'),
          contextLines: z
            .number()
            .optional()
            .describe(
              `Lines before and after each match, 0 to ${MAX_LOG_SEARCH_CONTEXT_LINES}; default 2`,
            ),
          maxMatches: z
            .number()
            .optional()
            .describe(`1 to ${MAX_LOG_SEARCH_MATCHES}; default 20`),
          start: z
            .number()
            .optional()
            .describe('Log offset to search from: 0 (default) or nextStart'),
          startLine: z
            .number()
            .optional()
            .describe('Line number at start: 1 (default) or nextLine'),
        }),
      output: z => toRegistrySchema(logSearchResultSchema, z),
    },
    action: async ({ input, credentials }) => {
      const { caller, parsed } = await readActionInput(
        deps,
        credentials,
        inputSchema,
        {
          ...targetFieldsOf(input),
          buildNumber: input.buildNumber,
          pattern: input.pattern,
          mode: input.mode,
          ignoreCase: input.ignoreCase,
          contextLines: input.contextLines,
          maxMatches: input.maxMatches,
          start: input.start,
          startLine: input.startLine,
        },
      );
      const { entityRef, jobId, buildNumber, ...query } = parsed;
      return {
        output: await deps.logSearch.search(
          caller,
          entityRef,
          jobId,
          buildNumber,
          query,
        ),
      };
    },
  });
}
