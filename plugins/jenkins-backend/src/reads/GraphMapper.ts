import {
  GraphNodeState,
  GraphStage,
  GraphStep,
  LogChunk,
  MAX_LOG_CHUNK_BYTES,
} from '@internal/plugin-jenkins-common';
import { RawRunDescription } from '../jenkins/JenkinsJson';
import {
  RawGraphStage,
  RawStageNode,
  RawStep,
} from '../jenkins/JenkinsBuildViewsJson';

const GRAPH_STATES: ReadonlySet<string> = new Set<GraphNodeState>([
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

/**
 * Pipeline Graph View's `PipelineState` (lower case on the wire) → the API's
 * state. `finished` is what a node without a result would be: `unknown`.
 */
export function graphStateOf(state: string | undefined): GraphNodeState {
  const value = (state ?? '').toLowerCase();
  return GRAPH_STATES.has(value) ? (value as GraphNodeState) : 'unknown';
}

/** pipeline-stage-view `StatusExt` → the API's state. */
const WFAPI_STATES: Record<string, GraphNodeState> = {
  SUCCESS: 'success',
  FAILED: 'failure',
  UNSTABLE: 'unstable',
  ABORTED: 'aborted',
  IN_PROGRESS: 'running',
  PAUSED_PENDING_INPUT: 'paused',
  NOT_EXECUTED: 'not_built',
  QUEUED: 'queued',
};

export function wfapiStateOf(status: string | undefined): GraphNodeState {
  return WFAPI_STATES[status ?? ''] ?? 'unknown';
}

function positive(value: number | undefined): number | null {
  return typeof value === 'number' && value > 0 ? value : null;
}

function nonNegative(value: number | undefined): number | null {
  return typeof value === 'number' && value >= 0 ? value : null;
}

/**
 * `stages/tree` stages → the graph: nested stages keep their children, a
 * parallel block's branches are its `parallel` children. Errors are filled
 * in later (they take a request each).
 */
export function toGraphStages(
  stages: RawGraphStage[] | undefined,
): GraphStage[] {
  return (stages ?? []).map(stage => ({
    id: stage.id,
    name: stage.name ?? stage.title ?? '',
    type: stage.type === 'PARALLEL' ? 'parallel' : 'stage',
    state: graphStateOf(stage.state),
    startedAt: positive(stage.startTimeMillis),
    durationMs: nonNegative(stage.totalDurationMillis),
    pauseDurationMs: nonNegative(stage.pauseDurationMillis),
    agent: stage.agent ?? null,
    waitingReason: stage.causeOfBlockage ?? null,
    error: null,
    children: toGraphStages(stage.children),
  }));
}

/** wfapi's flat stages → the graph (no nesting, no agents, no waiting reasons). */
export function wfapiGraphStages(
  run: RawRunDescription | undefined,
  withLogText: boolean,
): GraphStage[] {
  return (run?.stages ?? []).map(stage => ({
    id: String(stage.id ?? ''),
    name: stage.name ?? '',
    type: 'stage',
    state: wfapiStateOf(stage.status),
    startedAt: positive(stage.startTimeMillis),
    durationMs: nonNegative(stage.durationMillis),
    pauseDurationMs: nonNegative(
      (stage as { pauseDurationMillis?: number }).pauseDurationMillis,
    ),
    agent: null,
    waitingReason: null,
    error: withLogText ? stage.error?.message ?? null : null,
    children: [],
  }));
}

/** The failed stages without failed children: where an error is worth showing. */
export function failedLeaves(stages: GraphStage[]): GraphStage[] {
  const found: GraphStage[] = [];
  const visit = (stage: GraphStage) => {
    const failedChildren = stage.children.filter(c => c.state === 'failure');
    if (stage.state === 'failure' && failedChildren.length === 0) {
      found.push(stage);
    }
    stage.children.forEach(visit);
  };
  stages.forEach(visit);
  return found;
}

/** Whether the graph has a stage (or branch) of this id. */
export function hasStage(stages: GraphStage[], id: string): boolean {
  return stages.some(stage => stage.id === id || hasStage(stage.children, id));
}

/** A Pipeline Graph View step → the API's step. */
export function toGraphStep(step: RawStep): GraphStep {
  return {
    id: step.id,
    name: step.name ?? '',
    title: step.title ?? '',
    state: graphStateOf(step.state),
    startedAt: positive(step.startTimeMillis),
    durationMs: nonNegative(step.totalDurationMillis),
    input: step.inputStep
      ? {
          id: step.inputStep.id ?? '',
          message: step.inputStep.message ?? '',
          proceedText: step.inputStep.ok ?? 'Proceed',
          abortText: step.inputStep.cancel ?? 'Abort',
          hasParameters: step.inputStep.parameters ?? false,
        }
      : null,
  };
}

/** A wfapi stage node's `stageFlowNodes` → the API's steps. */
export function wfapiSteps(node: RawStageNode): GraphStep[] {
  return (node.stageFlowNodes ?? []).map(step => ({
    id: step.id,
    name: step.name ?? '',
    title: step.parameterDescription ?? '',
    state: wfapiStateOf(step.status),
    startedAt: positive(step.startTimeMillis),
    durationMs: nonNegative(step.durationMillis),
    input: null,
  }));
}

/** wfapi logs are HTML (`AnnotatedLargeText.writeHtmlTo`): tags out, entities decoded. */
export function htmlLogToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * A chunk of a wfapi node log: wfapi sends a step's log whole (as HTML),
 * without offsets, so the chunk is cut from the text here.
 */
export function wfapiLogChunk(
  html: string,
  start: number,
  running: boolean,
): LogChunk {
  const text = Buffer.from(htmlLogToText(html), 'utf8');
  const from = Math.min(start, text.length);
  const window = text.subarray(from, from + MAX_LOG_CHUNK_BYTES);
  const end = from + window.length;
  return {
    text: window.toString('utf8'),
    nextStart: end,
    more: running,
    hasMore: end < text.length,
  };
}
