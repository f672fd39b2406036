import { z } from 'zod';
import { capabilitySchema } from './jobs';
import { boundedBuildNumberSchema, jobTargetSchema } from './operations';

/**
 * The build views beyond the summary: the stage graph with parallel
 * branches, a stage's steps and a step's log, the changes, the artifacts,
 * the cause chain, and what restart, replay and pause need. Shapes follow
 * what Jenkins' Pipeline Graph View plugin (`openapi.yaml`), the Declarative
 * pipeline's `RestartDeclarativePipelineAction` and workflow-cps'
 * `ReplayAction` expose, in the API's own names.
 */

/**
 * A stage's or step's state, as Pipeline Graph View names it
 * (`PipelineState`, lower case); `wfapi` statuses map onto it. Pipeline
 * Graph View's `finished` (never sent for a finished node with a result)
 * reads as `unknown`. @public
 */
export const graphNodeStateSchema = z.enum([
  'queued',
  'running',
  'paused',
  'skipped',
  'not_built',
  'success',
  'unstable',
  'failure',
  'aborted',
  'unknown',
]);

/** Where a build's graph came from. @public */
export const graphSourceSchema = z.enum([
  /** The Pipeline Graph View plugin's `stages/tree`: nested, with parallel branches. */
  'pipeline-graph-view',
  /** pipeline-stage-view's `wfapi/describe`: top-level stages only, no nesting. */
  'wfapi',
  /** Neither: not a pipeline, or Jenkins has neither plugin. */
  'none',
]);

const graphStageFields = {
  /** The flow node id: the same id `stages/:nodeId/steps` and step logs take. */
  id: z.string(),
  name: z.string(),
  /** `stage` or `parallel` (a branch of a `parallel` block). */
  type: z.enum(['stage', 'parallel']),
  state: graphNodeStateSchema,
  /** Epoch milliseconds; null before it started. */
  startedAt: z.number().nullable(),
  /** Null while it runs (Pipeline Graph View) or when unknown. */
  durationMs: z.number().nullable(),
  /** Time spent paused (input steps, `paused` builds). */
  pauseDurationMs: z.number().nullable(),
  /** The agent it runs on, e.g. `linux-2`; null when unknown. */
  agent: z.string().nullable(),
  /**
   * Why it waits, as Jenkins says it, e.g. "Waiting for next available
   * executor on 'linux'"; null when it does not wait.
   */
  waitingReason: z.string().nullable(),
  /**
   * The failing stage's error (text Jenkins takes from the log): only for
   * callers allowed `jenkins.build.logs.read`, else null.
   */
  error: z.string().nullable(),
};

/** A stage of the graph, with its nested stages and parallel branches. @public */
export interface GraphStage {
  id: string;
  name: string;
  type: 'stage' | 'parallel';
  state: z.infer<typeof graphNodeStateSchema>;
  startedAt: number | null;
  durationMs: number | null;
  pauseDurationMs: number | null;
  agent: string | null;
  waitingReason: string | null;
  error: string | null;
  children: GraphStage[];
}

/** @public */
export const graphStageSchema: z.ZodType<GraphStage> = z.lazy(() =>
  z.object({ ...graphStageFields, children: z.array(graphStageSchema) }),
);

/** `GET …/builds/:number/graph`. @public */
export const buildGraphSchema = z.object({
  source: graphSourceSchema,
  /** The run has finished: the graph will not change any more. */
  complete: z.boolean(),
  stages: z.array(graphStageSchema),
  /** Whether the caller may read stage errors and step logs (`jenkins.build.logs.read`). */
  canReadLogs: capabilitySchema,
});

/** An input step waiting for an answer, as a step of the graph shows it. @public */
export const graphInputStepSchema = z.object({
  id: z.string(),
  message: z.string(),
  proceedText: z.string(),
  abortText: z.string(),
  /** The input takes parameters (answer them through the build's pending inputs). */
  hasParameters: z.boolean(),
});

/** One step of a stage. @public */
export const graphStepSchema = z.object({
  id: z.string(),
  /** The step's display name, e.g. `Shell Script`. */
  name: z.string(),
  /** What it did, e.g. the shell command; may be empty. */
  title: z.string(),
  state: graphNodeStateSchema,
  startedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  input: graphInputStepSchema.nullable(),
});

/** `GET …/builds/:number/stages/:nodeId/steps`. @public */
export const stageStepsSchema = z.object({
  source: graphSourceSchema,
  stageId: z.string(),
  /** The run has finished. */
  complete: z.boolean(),
  steps: z.array(graphStepSchema),
});

/**
 * A flow node id (stage or step) in a path: Jenkins numbers flow nodes
 * (`FlowNode.getId`), so a decimal id of at most 10 digits. @public
 */
export const flowNodeIdSchema = z
  .string()
  .regex(/^[0-9]{1,10}$/, 'must be a stage or step id from the graph');

/** The most commits a changes answer lists (newest change sets first). @public */
export const MAX_CHANGES = 200;

/** The author of a commit, linked to a catalog user where the e-mail matches. @public */
export const changeAuthorSchema = z.object({
  name: z.string(),
  email: z.string().nullable(),
  /** The catalog user whose `spec.profile.email` is this e-mail; null when none is (or may be seen). */
  userRef: z.string().nullable(),
});

/** One commit of a build. @public */
export const changeCommitSchema = z.object({
  /** The commit id, e.g. a git SHA-1. */
  id: z.string(),
  message: z.string(),
  author: changeAuthorSchema,
  /** Epoch milliseconds; null when Jenkins has none. */
  timestamp: z.number().nullable(),
  /** Paths the commit touched. */
  paths: z.array(
    z.object({
      path: z.string(),
      /** `add`, `edit` or `delete`, as Jenkins names it; null when unknown. */
      editType: z.string().nullable(),
    }),
  ),
});

/** `GET …/builds/:number/changes`. @public */
export const buildChangesSchema = z.object({
  changeSets: z.array(
    z.object({
      /** The SCM, e.g. `git`. */
      kind: z.string().nullable(),
      commits: z.array(changeCommitSchema),
    }),
  ),
  /** More than {@link MAX_CHANGES} commits: the oldest were left out. */
  truncated: z.boolean(),
});

/** The most artifacts an artifacts answer lists. @public */
export const MAX_ARTIFACTS = 1000;

/** One archived artifact of a build. @public */
export const artifactSchema = z.object({
  /** The artifact's path in the archive (Jenkins' `relativePath`): pass it to the download. */
  path: z.string(),
  fileName: z.string(),
  /** The shortest unambiguous path, as Jenkins shows it. */
  displayPath: z.string(),
});

/** `GET …/builds/:number/artifacts`. @public */
export const buildArtifactsSchema = z.object({
  artifacts: z.array(artifactSchema),
  /** More than {@link MAX_ARTIFACTS}: the rest were left out. */
  truncated: z.boolean(),
  /** Whether the caller may download them (`jenkins.build.artifacts.read`). */
  canDownload: capabilitySchema,
});

/** The longest artifact path a download accepts. @public */
export const MAX_ARTIFACT_PATH_LENGTH = 1024;

/**
 * An artifact path: relative, `/`-separated, without empty, `.` or `..`
 * segments, backslashes or control characters — the canonical form Jenkins
 * lists, so no path can leave the build's archive. @public
 */
export const artifactPathSchema = z
  .string()
  .min(1, 'must be an artifact path from the artifacts list')
  .max(
    MAX_ARTIFACT_PATH_LENGTH,
    `must be an artifact path of at most ${MAX_ARTIFACT_PATH_LENGTH} characters`,
  )
  .refine(
    path =>
      // eslint-disable-next-line no-control-regex
      !/[\u0000-\u001f\u007f\\]/.test(path) &&
      path
        .split('/')
        .every(
          segment => segment !== '' && segment !== '.' && segment !== '..',
        ),
    'must be a relative artifact path without empty, "." or ".." segments',
  );

/** `?path=` of the artifact download. @public */
export const artifactQuerySchema = z
  .object({ path: artifactPathSchema })
  .strict();

/** What started a build, typed; upstream causes carry theirs. @public */
export type BuildCauseDetail =
  | {
      kind: 'user';
      description: string;
      userId: string | null;
      userName: string | null;
    }
  | {
      kind: 'upstream';
      description: string;
      /** The upstream job's full name, e.g. `payments/build`. */
      project: string | null;
      build: number | null;
      /** The upstream build's URL below Jenkins' root, e.g. `job/payments/job/build/12/`. */
      url: string | null;
      /** What started the upstream build (bounded depth). */
      causes: BuildCauseDetail[];
    }
  | { kind: 'timer'; description: string }
  | { kind: 'scm'; description: string }
  | { kind: 'branch'; description: string }
  | {
      kind: 'remote';
      description: string;
      address: string | null;
      note: string | null;
    }
  | {
      kind: 'restart';
      /** "Restarted from build #41, stage Deploy". */
      description: string;
      originBuild: number | null;
      stage: string | null;
    }
  | {
      kind: 'replay';
      /** "Replayed #41" (edited script possible) or "Rebuilt #41" (same script). */
      description: string;
      originBuild: number | null;
      /** True for "Rebuilt" (the same script), false for "Replayed". */
      sameScript: boolean;
    }
  | { kind: 'other'; description: string; jenkinsClass: string | null };

/** @public */
export const buildCauseDetailSchema: z.ZodType<BuildCauseDetail> = z.lazy(() =>
  z.union([
    z.object({
      kind: z.literal('user'),
      description: z.string(),
      userId: z.string().nullable(),
      userName: z.string().nullable(),
    }),
    z.object({
      kind: z.literal('upstream'),
      description: z.string(),
      project: z.string().nullable(),
      build: z.number().nullable(),
      url: z.string().nullable(),
      causes: z.array(buildCauseDetailSchema),
    }),
    z.object({ kind: z.literal('timer'), description: z.string() }),
    z.object({ kind: z.literal('scm'), description: z.string() }),
    z.object({ kind: z.literal('branch'), description: z.string() }),
    z.object({
      kind: z.literal('remote'),
      description: z.string(),
      address: z.string().nullable(),
      note: z.string().nullable(),
    }),
    z.object({
      kind: z.literal('restart'),
      description: z.string(),
      originBuild: z.number().nullable(),
      stage: z.string().nullable(),
    }),
    z.object({
      kind: z.literal('replay'),
      description: z.string(),
      originBuild: z.number().nullable(),
      sameScript: z.boolean(),
    }),
    z.object({
      kind: z.literal('other'),
      description: z.string(),
      jenkinsClass: z.string().nullable(),
    }),
  ]),
);

/** `GET …/builds/:number/causes`. @public */
export const buildCausesSchema = z.object({
  causes: z.array(buildCauseDetailSchema),
});

/** `GET …/builds/:number/restart`: what restarting from a stage offers. @public */
export const restartInfoSchema = z.object({
  /**
   * Jenkins offers a restart (`RestartDeclarativePipelineAction`): a
   * finished Declarative run the caller may build in Jenkins.
   */
  restartEnabled: z.boolean(),
  /** The stages Jenkins says the run can be restarted from. */
  restartableStages: z.array(z.string()),
  /** Whether the policy allows the caller `jenkins.build.restart`. */
  capability: capabilitySchema,
});

/** The longest script a replay accepts (characters of the main or one loaded script). @public */
export const MAX_REPLAY_SCRIPT_LENGTH = 512 * 1024;

/** The most loaded scripts a replay takes. @public */
export const MAX_LOADED_SCRIPTS = 50;

/** A Groovy class name of a loaded script, e.g. `Script1` or `org.foo.Lib`. @public */
export const loadedScriptNameSchema = z
  .string()
  .regex(
    /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/,
    'must be the class name of a loaded script',
  )
  .max(200);

const replayScriptTextSchema = z
  .string()
  .min(1, 'must be a pipeline script')
  .max(
    MAX_REPLAY_SCRIPT_LENGTH,
    `must be a script of at most ${MAX_REPLAY_SCRIPT_LENGTH} characters`,
  );

/** A pipeline's scripts: the main script and those it loaded. @public */
export const replayScriptsSchema = z
  .object({
    main: replayScriptTextSchema,
    /** Loaded scripts by class name; one left out keeps its original text. */
    loaded: z
      .record(loadedScriptNameSchema, replayScriptTextSchema)
      .refine(
        scripts => Object.keys(scripts).length <= MAX_LOADED_SCRIPTS,
        `must hold at most ${MAX_LOADED_SCRIPTS} loaded scripts`,
      )
      .optional(),
  })
  .strict();

/** `GET …/builds/:number/replay`: the original scripts, for the replay dialog. @public */
export const replayInfoSchema = z.object({
  /**
   * The main script; null when Jenkins shows the caller none (it lets them
   * rerun, not replay: no Run/Replay, or the run cannot be replayed).
   */
  main: z.string().nullable(),
  /** Loaded scripts by form name (class name with `.` as `_`): send them back under the same names. */
  loaded: z.record(z.string(), z.string()),
  /** sha256 (hex) of the main script, as the audit trail records it; null without a script. */
  sha256: z.string().nullable(),
  /** `jenkins.build.replay`: rerun with the same script. */
  canReplay: capabilitySchema,
  /** `jenkins.build.replay.edit`: replay with an edited script. */
  canEditScript: capabilitySchema,
});

/** `GET …/builds/:number/pause`. @public */
export const pauseStateSchema = z.object({
  /** The instance can pause this run (Pipeline Graph View's `stages/pause`). */
  supported: z.boolean(),
  paused: z.boolean(),
  building: z.boolean(),
  /** `jenkins.build.pause`. */
  capability: capabilitySchema,
});

/** The longest stage name a restart accepts. @public */
export const MAX_STAGE_NAME_LENGTH = 500;

/** `POST …/builds/:number/restart`. @public */
export const restartRequestSchema = z
  .object({
    stageName: z
      .string()
      .min(1, 'must name a stage to restart from')
      .max(
        MAX_STAGE_NAME_LENGTH,
        `must be a stage name of at most ${MAX_STAGE_NAME_LENGTH} characters`,
      ),
  })
  .strict();

/**
 * `POST …/builds/:number/replay`: without `script`, a rerun with the same
 * script (`jenkins.build.replay`); with it, a replay with that script, which
 * also needs `jenkins.build.replay.edit` unless it equals the original.
 * @public
 */
export const replayRequestSchema = z
  .object({ script: replayScriptsSchema.optional() })
  .strict();

/** Restart a build from a stage. @public */
export const restartOperationSchema = jobTargetSchema
  .extend({ buildNumber: boundedBuildNumberSchema })
  .extend(restartRequestSchema.shape)
  .strict();

/** Rerun or replay a build. @public */
export const replayOperationSchema = jobTargetSchema
  .extend({ buildNumber: boundedBuildNumberSchema })
  .extend(replayRequestSchema.shape)
  .strict();

/** Pause or resume a running build. @public */
export const pauseOperationSchema = jobTargetSchema
  .extend({
    buildNumber: boundedBuildNumberSchema,
    action: z.enum(['pause', 'resume']),
  })
  .strict();

/**
 * Answer to a restart or replay (HTTP 202). Jenkins answers these with a
 * redirect, not a queue item: the queue item (or the build) is found by its
 * cause; `queue` is null when it could not be found yet. @public
 */
export const startedBuildResponseSchema = z.object({
  requestId: z.string(),
  queue: z
    .object({
      queueId: z.number().int().nullable(),
      state: z.enum([
        'waiting',
        'blocked',
        'buildable',
        'started',
        'cancelled',
      ]),
      why: z.string().nullable(),
      buildNumber: z.number().int().nullable(),
      buildUrl: z.string().nullable(),
    })
    .nullable(),
  message: z.string(),
});

/** The most bytes of unified diff the audit trail keeps of an edited replay. @public */
export const MAX_AUDIT_SCRIPT_DIFF_BYTES = 64 * 1024;

/** What the audit trail keeps of a replay's script. @public */
export const auditScriptSchema = z.object({
  /** sha256 (hex) of the main script the build ran with. */
  sha256: z.string(),
  /** sha256 (hex) of the original build's main script. */
  originalSha256: z.string(),
  /** Unified diff against the original (all scripts); empty when unchanged. */
  diff: z.string(),
  /** The diff was cut at {@link MAX_AUDIT_SCRIPT_DIFF_BYTES}. */
  diffTruncated: z.boolean(),
});

/** @public */ export type GraphNodeState = z.infer<
  typeof graphNodeStateSchema
>;
/** @public */ export type GraphSource = z.infer<typeof graphSourceSchema>;
/** @public */ export type BuildGraph = z.infer<typeof buildGraphSchema>;
/** @public */ export type GraphStep = z.infer<typeof graphStepSchema>;
/** @public */ export type GraphInputStep = z.infer<
  typeof graphInputStepSchema
>;
/** @public */ export type StageSteps = z.infer<typeof stageStepsSchema>;
/** @public */ export type ChangeAuthor = z.infer<typeof changeAuthorSchema>;
/** @public */ export type ChangeCommit = z.infer<typeof changeCommitSchema>;
/** @public */ export type BuildChanges = z.infer<typeof buildChangesSchema>;
/** @public */ export type Artifact = z.infer<typeof artifactSchema>;
/** @public */ export type BuildArtifacts = z.infer<
  typeof buildArtifactsSchema
>;
/** @public */ export type BuildCauses = z.infer<typeof buildCausesSchema>;
/** @public */ export type RestartInfo = z.infer<typeof restartInfoSchema>;
/** @public */ export type ReplayScripts = z.infer<typeof replayScriptsSchema>;
/** @public */ export type ReplayInfo = z.infer<typeof replayInfoSchema>;
/** @public */ export type PauseState = z.infer<typeof pauseStateSchema>;
/** @public */ export type RestartRequest = z.infer<
  typeof restartRequestSchema
>;
/** @public */ export type ReplayRequest = z.infer<typeof replayRequestSchema>;
/** @public */ export type RestartOperation = z.infer<
  typeof restartOperationSchema
>;
/** @public */ export type ReplayOperation = z.infer<
  typeof replayOperationSchema
>;
/** @public */ export type PauseOperation = z.infer<
  typeof pauseOperationSchema
>;
/** @public */ export type StartedBuildResponse = z.infer<
  typeof startedBuildResponseSchema
>;
/** @public */ export type AuditScript = z.infer<typeof auditScriptSchema>;
