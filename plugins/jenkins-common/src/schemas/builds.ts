import { z } from 'zod';
import {
  buildSummarySchema,
  capabilitySchema,
  parameterDefinitionSchema,
} from './jobs';

/** A pipeline stage as the stage strip shows it. @public */
export const stageSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum([
    'success',
    'failure',
    'unstable',
    'aborted',
    'running',
    'paused',
    'not_executed',
  ]),
  startedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
});

/** A parameter value of a build; secrets are masked. @public */
export const parameterValueSchema = z.object({
  name: z.string(),
  value: z.union([z.string(), z.boolean(), z.number()]).nullable(),
  masked: z.boolean(),
});

/** The most enclosing stage ids a failed test carries. @public */
export const MAX_TEST_ENCLOSING_BLOCKS = 8;

/** A failed test case. @public */
export const failedTestSchema = z.object({
  name: z.string(),
  className: z.string(),
  errorDetails: z.string().nullable(),
  /**
   * The stages and parallel branches around the step that recorded the
   * test, innermost first (junit's `enclosingBlocks`, at most
   * {@link MAX_TEST_ENCLOSING_BLOCKS}): the first one the stage graph has is
   * the test's stage (Pipeline Graph View folds a Declarative parallel
   * stage's inner stage node into its branch). Empty when Jenkins does not
   * say (a freestyle build, a report from before Pipeline test details).
   */
  stageIds: z.array(z.string()).max(MAX_TEST_ENCLOSING_BLOCKS).optional(),
  /** The step that recorded it (junit's `nodeId`), or null. */
  stepId: z.string().nullable().optional(),
});

/** A pipeline input step waiting for an answer. @public */
export const pendingInputSchema = z.object({
  id: z.string(),
  message: z.string(),
  proceedText: z.string(),
  abortText: z.string(),
  parameters: z.array(parameterDefinitionSchema),
  /** Whether the caller may answer it, as the permission policy decided. */
  canAnswer: capabilitySchema,
  /**
   * Whom to ask to answer it: the groups config names as the job's approvers
   * (`jenkins.notifications.approvers`, else the job's owners) and their
   * members other than the caller and the person who started the build.
   */
  approvers: z
    .object({
      groups: z.array(z.string()),
      people: z.array(z.string()),
    })
    .optional(),
});

/** `GET …/builds/:number`. @public */
export const buildDetailSchema = buildSummarySchema.extend({
  description: z.string().nullable(),
  queueId: z.number().nullable(),
  parameters: z.array(parameterValueSchema),
  stages: z.array(stageSchema),
  failedTests: z.array(failedTestSchema),
  pendingInputs: z.array(pendingInputSchema),
  /**
   * Whether the caller may read log text (`jenkins.build.logs.read`).
   * Without it, failed tests' `errorDetails` and stages' `error` — text
   * Jenkins takes from the log — are null however much Jenkins had.
   */
  canReadLogs: capabilitySchema,
});

/**
 * The most console text one log answer carries (UTF-8 bytes of `text`):
 * 1 MiB. A longer log is read in chunks, or downloaded whole from
 * `…/builds/:number/log/download`. @public
 */
export const MAX_LOG_CHUNK_BYTES = 1024 * 1024;

/** `GET …/builds/:number/log`. @public */
export const logChunkSchema = z.object({
  text: z.string(),
  /** The offset to pass as `start` for the next chunk. */
  nextStart: z.number().int(),
  /** True while the build still writes to its log: ask again later. */
  more: z.boolean(),
  /**
   * True when the answer stopped at {@link MAX_LOG_CHUNK_BYTES}: more text
   * is there already after `nextStart`, ask again at once.
   */
  hasMore: z.boolean(),
});
