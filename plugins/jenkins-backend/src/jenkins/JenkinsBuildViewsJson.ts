import { z } from 'zod';
import { parseJenkinsJson } from './JenkinsJson';

/**
 * The JSON of the build views' Jenkins answers, checked at the boundary
 * like every other answer (see `JenkinsJson`): Pipeline Graph View's
 * `stages/tree` and `stages/allSteps` (`openapi.yaml`; Jackson omits nulls,
 * and both come in the `{"status":"ok","data":…}` envelope of
 * `PipelineJsonWriter`), wfapi's node description, the Declarative
 * `restart/api/json`, and the build's `changeSets`, `artifacts` and causes.
 */

function opt<T extends z.ZodType>(schema: T) {
  return schema
    .nullish()
    .transform(value => (value === null ? undefined : value))
    .optional();
}

const nodeFields = {
  id: z.union([z.string(), z.number()]).transform(String),
  name: opt(z.string()),
  title: opt(z.string()),
  state: opt(z.string()),
  type: opt(z.string()),
  startTimeMillis: opt(z.number()),
  totalDurationMillis: opt(z.number()),
  pauseDurationMillis: opt(z.number()),
  causeOfBlockage: opt(z.string()),
};

/** A `PipelineStage` of `stages/tree`. */
export interface RawGraphStage {
  id: string;
  name?: string;
  title?: string;
  state?: string;
  type?: string;
  startTimeMillis?: number;
  totalDurationMillis?: number;
  pauseDurationMillis?: number;
  causeOfBlockage?: string;
  agent?: string;
  synthetic?: boolean;
  placeholder?: boolean;
  children?: RawGraphStage[];
}

const rawGraphStageSchema: z.ZodType<RawGraphStage> = z.lazy(() =>
  z.looseObject({
    ...nodeFields,
    agent: opt(z.string()),
    synthetic: opt(z.boolean()),
    placeholder: opt(z.boolean()),
    children: opt(z.array(rawGraphStageSchema)),
  }),
) as unknown as z.ZodType<RawGraphStage>;

/** `stages/tree`. */
export const rawGraphTreeSchema = z.looseObject({
  status: opt(z.string()),
  data: z.looseObject({
    complete: opt(z.boolean()),
    stages: opt(z.array(rawGraphStageSchema)),
  }),
});

const rawStepSchema = z.looseObject({
  ...nodeFields,
  stageId: opt(z.union([z.string(), z.number()]).transform(String)),
  inputStep: opt(
    z.looseObject({
      id: opt(z.string()),
      message: opt(z.string()),
      ok: opt(z.string()),
      cancel: opt(z.string()),
      parameters: opt(z.boolean()),
    }),
  ),
});

/** `stages/allSteps`. */
export const rawStepListSchema = z.looseObject({
  status: opt(z.string()),
  data: z.looseObject({
    runIsComplete: opt(z.boolean()),
    steps: opt(z.array(rawStepSchema)),
  }),
});

/** `stages/pauseState`. */
export const rawPauseStateSchema = z.looseObject({
  status: opt(z.string()),
  data: opt(
    z.looseObject({ paused: opt(z.boolean()), building: opt(z.boolean()) }),
  ),
});

/** `execution/node/ID/wfapi/describe`: a stage with its steps. */
export const rawStageNodeSchema = z.looseObject({
  id: opt(z.union([z.string(), z.number()]).transform(String)),
  name: opt(z.string()),
  status: opt(z.string()),
  stageFlowNodes: opt(
    z.array(
      z.looseObject({
        id: z.union([z.string(), z.number()]).transform(String),
        name: opt(z.string()),
        status: opt(z.string()),
        parameterDescription: opt(z.string()),
        startTimeMillis: opt(z.number()),
        durationMillis: opt(z.number()),
      }),
    ),
  ),
});

/** `execution/node/ID/wfapi/log` (pipeline-stage-view `FlowNodeLogExt`). */
export const rawNodeLogSchema = z.looseObject({
  nodeStatus: opt(z.string()),
  length: opt(z.number()),
  hasMore: opt(z.boolean()),
  text: opt(z.string()),
});

/** `restart/api/json` (`RestartDeclarativePipelineAction`'s exported bean). */
export const rawRestartSchema = z.looseObject({
  restartEnabled: opt(z.boolean()),
  restartableStages: opt(z.array(z.string())),
});

const rawChangeItemSchema = z.looseObject({
  commitId: opt(z.string()),
  id: opt(z.string()),
  msg: opt(z.string()),
  comment: opt(z.string()),
  author: opt(z.looseObject({ fullName: opt(z.string()) })),
  authorEmail: opt(z.string()),
  timestamp: opt(z.number()),
  affectedPaths: opt(z.array(z.string())),
  paths: opt(
    z.array(
      z.looseObject({ editType: opt(z.string()), file: opt(z.string()) }),
    ),
  ),
});

const rawChangeSetSchema = z.looseObject({
  kind: opt(z.string()),
  items: opt(z.array(rawChangeItemSchema)),
});

/** A build's `changeSets` (pipelines) or `changeSet` (freestyle). */
export const rawBuildChangesSchema = z.looseObject({
  changeSets: opt(z.array(rawChangeSetSchema)),
  changeSet: opt(rawChangeSetSchema),
});

/** A build's `artifacts` (`Run.Artifact`). */
export const rawBuildArtifactsSchema = z.looseObject({
  artifacts: opt(
    z.array(
      z.looseObject({
        fileName: opt(z.string()),
        relativePath: opt(z.string()),
        displayPath: opt(z.string()),
      }),
    ),
  ),
});

/** A cause as Jenkins exports it (`Cause` and its subclasses). */
export interface RawCauseDetail {
  _class?: string;
  shortDescription?: string;
  userId?: string | null;
  userName?: string | null;
  upstreamProject?: string;
  upstreamBuild?: number;
  upstreamUrl?: string;
  upstreamCauses?: RawCauseDetail[];
  addr?: string;
  note?: string | null;
}

const rawCauseDetailSchema: z.ZodType<RawCauseDetail> = z.lazy(() =>
  z.looseObject({
    _class: opt(z.string()),
    shortDescription: opt(z.string()),
    userId: z.string().nullish(),
    userName: z.string().nullish(),
    upstreamProject: opt(z.string()),
    upstreamBuild: opt(z.number()),
    upstreamUrl: opt(z.string()),
    upstreamCauses: opt(z.array(rawCauseDetailSchema)),
    addr: opt(z.string()),
    note: z.string().nullish(),
  }),
) as unknown as z.ZodType<RawCauseDetail>;

/** A build's causes (in its `CauseAction`s). */
export const rawBuildCausesSchema = z.looseObject({
  actions: opt(
    z.array(
      z.looseObject({ causes: opt(z.array(rawCauseDetailSchema)) }).nullable(),
    ),
  ),
});

export type RawGraphTree = z.output<typeof rawGraphTreeSchema>;
export type RawStepList = z.output<typeof rawStepListSchema>;
export type RawStep = z.output<typeof rawStepSchema>;
export type RawStageNode = z.output<typeof rawStageNodeSchema>;
export type RawBuildChanges = z.output<typeof rawBuildChangesSchema>;
export type RawChangeItem = z.output<typeof rawChangeItemSchema>;
export type RawBuildArtifacts = z.output<typeof rawBuildArtifactsSchema>;
export type RawBuildCauses = z.output<typeof rawBuildCausesSchema>;

/** Parses an answer with one of the schemas above (502 when it does not fit). */
export function parseBuildView<T extends z.ZodType>(
  schema: T,
  value: unknown,
): z.output<T> {
  return parseJenkinsJson(schema, value);
}

/** A cause's upstream chain, as deep as the tree asks. */
const CAUSE_FIELDS =
  '_class,shortDescription,userId,userName,upstreamProject,upstreamBuild,upstreamUrl,addr,note';

/** `tree=` of a build's causes, upstream causes three levels deep (`number`: every build answer has it). */
export const BUILD_CAUSES_TREE = `number,actions[causes[${CAUSE_FIELDS},upstreamCauses[${CAUSE_FIELDS},upstreamCauses[${CAUSE_FIELDS},upstreamCauses[${CAUSE_FIELDS}]]]]]`;

const CHANGE_ITEM_FIELDS =
  'commitId,id,msg,comment,author[fullName],authorEmail,timestamp,affectedPaths,paths[editType,file]';

/** `tree=` of a build's changes; `changeSet` for freestyle builds. */
export const BUILD_CHANGES_TREE = `number,changeSets[kind,items[${CHANGE_ITEM_FIELDS}]],changeSet[kind,items[${CHANGE_ITEM_FIELDS}]]`;

/** `tree=` of a build's artifacts, one more than listed to tell there are more. */
export function buildArtifactsTree(limit: number): string {
  return `number,artifacts[fileName,relativePath,displayPath]{0,${limit + 1}}`;
}
