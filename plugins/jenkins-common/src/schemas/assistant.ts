import { z } from 'zod';
import { failedTestSchema, stageSchema } from './builds';
import { buildStatusSchema, capabilitySchema } from './jobs';
import { wholeNumberOf } from './requests';

/** The longest pattern a log search takes. @public */
export const MAX_LOG_SEARCH_PATTERN_LENGTH = 200;

/** The most matches one log search answer carries. @public */
export const MAX_LOG_SEARCH_MATCHES = 100;

/** The most lines of context around a match. @public */
export const MAX_LOG_SEARCH_CONTEXT_LINES = 10;

/**
 * The longest line a search answer shows, in characters: longer lines are
 * cut (and matched only in their first this-many characters). @public
 */
export const MAX_LOG_SEARCH_LINE_LENGTH = 1000;

/** The longest a build wait may last, in seconds. @public */
export const MAX_BUILD_WAIT_SECONDS = 280;

/** How long a build wait lasts when not told, in seconds. @public */
export const DEFAULT_BUILD_WAIT_SECONDS = 50;

/** The fields of a log search, to extend with a target. @public */
export const logSearchFieldsSchema = z.object({
  pattern: z
    .string()
    .min(1, 'must be a pattern to search for')
    .max(
      MAX_LOG_SEARCH_PATTERN_LENGTH,
      `must be a pattern of at most ${MAX_LOG_SEARCH_PATTERN_LENGTH} characters`,
    ),
  /** `literal` (the default) finds the text as written; `regex` a JavaScript regular expression. */
  mode: z.enum(['literal', 'regex']).default('literal'),
  ignoreCase: z.boolean().default(false),
  contextLines: wholeNumberOf(
    z
      .number()
      .int('must be a whole number of lines')
      .min(0, 'must be 0 or more lines')
      .max(
        MAX_LOG_SEARCH_CONTEXT_LINES,
        `must be at most ${MAX_LOG_SEARCH_CONTEXT_LINES} lines`,
      ),
  ).default(2),
  maxMatches: wholeNumberOf(
    z
      .number()
      .int('must be a whole number of matches')
      .min(1, 'must be at least 1 match')
      .max(
        MAX_LOG_SEARCH_MATCHES,
        `must be at most ${MAX_LOG_SEARCH_MATCHES} matches`,
      ),
  ).default(20),
  /** The log offset to search from: 0, or `nextStart` of an earlier answer. */
  start: wholeNumberOf(
    z
      .number({ error: 'must be a log offset' })
      .int('must be a log offset')
      .min(0, 'must be a log offset')
      .max(Number.MAX_SAFE_INTEGER, 'must be a log offset'),
  ).default(0),
  /** The number of the line at `start`: 1, or `nextLine` of an earlier answer. */
  startLine: wholeNumberOf(
    z
      .number({ error: 'must be a line number' })
      .int('must be a line number')
      .min(1, 'must be a line number')
      .max(Number.MAX_SAFE_INTEGER, 'must be a line number'),
  ).default(1),
});

/**
 * Refuses a `regex` pattern that does not compile, naming the field; for a
 * schema with the log search fields (`.superRefine(checkLogSearchPattern)`).
 * @public
 */
export function checkLogSearchPattern(
  query: { pattern: string; mode: 'literal' | 'regex' },
  ctx: z.RefinementCtx,
): void {
  if (query.mode !== 'regex') {
    return;
  }
  try {
    // Compiling never backtracks; matching runs under a time limit.
    RegExp(query.pattern, 'u');
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      path: ['pattern'],
      message: `must be a valid regular expression: ${
        (error as Error).message
      }`,
    });
  }
}

/** A log search: what to find from where, and how much to answer. @public */
export const logSearchQuerySchema = logSearchFieldsSchema
  .strict()
  .superRefine(checkLogSearchPattern);

/** One line that matched, with the lines around it. @public */
export const logSearchMatchSchema = z.object({
  /** The line's number in the log, counted from `startLine`. */
  line: z.number().int(),
  text: z.string(),
  before: z.array(z.string()),
  after: z.array(z.string()),
});

/** A log search's answer: one page of matches. @public */
export const logSearchResultSchema = z.object({
  matches: z.array(logSearchMatchSchema),
  /** True when `maxMatches` was reached: search again from `nextStart`. */
  truncated: z.boolean(),
  /** Log bytes searched by this answer. */
  scannedBytes: z.number().int(),
  /** Where to go on: pass as `start`, with `nextLine` as `startLine`. */
  nextStart: z.number().int(),
  nextLine: z.number().int(),
  /**
   * True when the whole log was searched and the build has finished;
   * false when there is more to search (`truncated`, or the answer stopped
   * at its byte budget) or the build still writes (`more`).
   */
  complete: z.boolean(),
  /** True while the build still writes to its log. */
  more: z.boolean(),
});

/** A compact account of why a build failed. @public */
export const failureSummarySchema = z.object({
  number: z.number().int(),
  url: z.string(),
  status: buildStatusSchema,
  durationMs: z.number().nullable(),
  /** True for a failed, unstable or aborted build. */
  failed: z.boolean(),
  /** The first stage that did not succeed, if the build is a pipeline. */
  failingStage: stageSchema.nullable(),
  /** Every stage that failed, was unstable or was aborted, by name. */
  failedStages: z.array(z.string()),
  failedTestCount: z.number().int(),
  /** The first failed tests (at most 10). */
  failedTests: z.array(failedTestSchema),
  /**
   * The last lines of the log that report an error (or, when none does, the
   * last lines); null without `jenkins.build.logs.read`.
   */
  lastErrorLines: z.array(z.string()).nullable(),
  /** False when the log was too long to read to its end within the budget. */
  logTailRead: z.boolean(),
  canReadLogs: capabilitySchema,
});

/** What a wait for a queue item or build came to. @public */
export const buildWaitResultSchema = z.object({
  /**
   * `finished`: the build has a result. `cancelled`: the queue item was
   * cancelled before it started. `queued` or `running`: the wait ran out
   * (`timedOut`); wait again.
   */
  state: z.enum(['finished', 'cancelled', 'queued', 'running']),
  timedOut: z.boolean(),
  queueId: z.number().int().nullable(),
  buildNumber: z.number().int().nullable(),
  status: buildStatusSchema.nullable(),
  /** The build's page in Jenkins, once it started. */
  url: z.string().nullable(),
  /** Jenkins' reason while still queued. */
  why: z.string().nullable(),
  waitedMs: z.number().int(),
});

/** How long to wait for a build, in seconds. @public */
export const buildWaitSecondsSchema = wholeNumberOf(
  z
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1 second')
    .max(
      MAX_BUILD_WAIT_SECONDS,
      `must be at most ${MAX_BUILD_WAIT_SECONDS} seconds`,
    ),
).default(DEFAULT_BUILD_WAIT_SECONDS);

/** @public */ export type LogSearchQuery = z.infer<
  typeof logSearchQuerySchema
>;
/** @public */ export type LogSearchMatch = z.infer<
  typeof logSearchMatchSchema
>;
/** @public */ export type LogSearchResult = z.infer<
  typeof logSearchResultSchema
>;
/** @public */ export type FailureSummary = z.infer<
  typeof failureSummarySchema
>;
/** @public */ export type BuildWaitResult = z.infer<
  typeof buildWaitResultSchema
>;
