import { buildProgress, StageState } from '../../model/BuildTimeline';
import {
  allViews,
  layoutOf,
  needsGraph,
  NodeState,
  NodeView,
  stageView,
  stepsWithin,
} from '../../model/PipelineGraph';
import { DEFAULT_ERROR } from '../../model/stagePlans';
import type { Build, BuildResult, JobItem } from '../../model/types';
import { Ancestors, buildPath, itemPath } from '../../export/urls';

const RUN_STATUS: Record<BuildResult, string> = {
  SUCCESS: 'SUCCESS',
  UNSTABLE: 'UNSTABLE',
  FAILURE: 'FAILED',
  ABORTED: 'ABORTED',
  NOT_BUILT: 'NOT_EXECUTED',
};

/** Flow node id of a top-level stage (`6 + 9 × index` unless nested stages come first). */
export function stageNodeId(build: Build, index: number): string {
  return layoutOf(build.stages)[index].id;
}

/** pipeline-stage-view `StatusExt` of a graph node state. */
const STATUS: Record<NodeState, string> = {
  success: 'SUCCESS',
  unstable: 'UNSTABLE',
  failure: 'FAILED',
  aborted: 'ABORTED',
  running: 'IN_PROGRESS',
  queued: 'IN_PROGRESS',
  paused: 'PAUSED_PENDING_INPUT',
  skipped: 'NOT_EXECUTED',
  not_built: 'NOT_EXECUTED',
};

function stageJson(
  build: Build,
  stage: StageState,
  fullStages: boolean,
  ancestors?: Ancestors,
) {
  if (
    needsGraph(stage.plan) ||
    stage.plan.skippedForRestart ||
    stage.plan.skippedWhen
  ) {
    return viewJson(
      build,
      stageView(build, stage, Infinity),
      fullStages,
      ancestors,
      stage,
    );
  }
  const base = buildPath(build, ancestors);
  const id = stageNodeId(build, stage.index);
  const out: Record<string, unknown> = {
    _links: { self: { href: `${base}execution/node/${id}/wfapi/describe` } },
    id,
    name: stage.plan.name,
    execNode: '',
    status: stage.status,
  };
  if (stage.status === 'FAILED') {
    out.error = {
      message: stage.plan.error ?? DEFAULT_ERROR,
      type: 'hudson.AbortException',
    };
  }
  out.startTimeMillis = stage.startTime;
  out.durationMillis = stage.durationMs;
  out.pauseDurationMillis = stage.pauseMs;
  if (fullStages) {
    out.stageFlowNodes = [stepNodeJson(build, stage, ancestors)];
  }
  return out;
}

/** A stage / branch of the graph (nested content) as a `StageNodeExt`. */
function viewJson(
  build: Build,
  view: NodeView,
  fullStages: boolean,
  ancestors?: Ancestors,
  top?: StageState,
) {
  const base = buildPath(build, ancestors);
  const id = view.node.id;
  const status = STATUS[view.state];
  const out: Record<string, unknown> = {
    _links: { self: { href: `${base}execution/node/${id}/wfapi/describe` } },
    id,
    name: view.node.name,
    execNode: view.node.agent ? `${view.node.agent}-agent-1` : '',
    status,
  };
  if (status === 'FAILED') {
    out.error = {
      message: view.node.error ?? DEFAULT_ERROR,
      type: 'hudson.AbortException',
    };
  }
  out.startTimeMillis = view.startTime;
  out.durationMillis = top ? top.durationMs : view.durationMs ?? view.elapsedMs;
  out.pauseDurationMillis = view.pauseMs;
  if (fullStages) {
    // StageNodeExt: the atom nodes anywhere inside the stage (parallel branches included).
    const all = allViews([view]);
    out.stageFlowNodes = stepsWithin(view).map(s =>
      stepViewJson(
        build,
        s,
        all.find(p => p.node.id === s.node.parentId) ?? view,
        ancestors,
      ),
    );
  }
  return out;
}

function stepViewJson(
  build: Build,
  step: NodeView,
  parent: NodeView,
  ancestors?: Ancestors,
) {
  const base = buildPath(build, ancestors);
  const id = step.node.id;
  const out: Record<string, unknown> = {
    _links: {
      self: { href: `${base}execution/node/${id}/wfapi/describe` },
      log: { href: `${base}execution/node/${id}/wfapi/log` },
    },
    id,
    name: step.node.displayName ?? 'Shell Script',
    execNode: parent.node.agent ? `${parent.node.agent}-agent-1` : '',
    status: STATUS[step.state],
  };
  if (step.state === 'failure') {
    out.error = {
      message: step.errorText ?? DEFAULT_ERROR,
      type: 'hudson.AbortException',
    };
  }
  out.startTimeMillis = step.startTime;
  out.durationMillis = step.durationMs ?? step.elapsedMs;
  out.pauseDurationMillis = step.pauseMs;
  out.parameterDescription = step.node.name;
  out.parentNodes = [parent.node.id];
  return out;
}

/** The run's stages for wfapi: top-level ones and, depth first, their nested stages. */
function flatStages(
  build: Build,
  stages: StageState[],
  now: number,
  fullStages: boolean,
  ancestors?: Ancestors,
) {
  const out: Array<Record<string, unknown>> = [];
  for (const stage of stages) {
    if (!needsGraph(stage.plan)) {
      out.push(stageJson(build, stage, fullStages, ancestors));
      continue;
    }
    const top = stageView(build, stage, now);
    out.push(viewJson(build, top, fullStages, ancestors, stage));
    const nested = allViews(top.children).filter(v => v.node.kind !== 'step');
    for (const v of nested) out.push(viewJson(build, v, fullStages, ancestors));
  }
  return out;
}

function stepNodeJson(build: Build, stage: StageState, ancestors?: Ancestors) {
  const base = buildPath(build, ancestors);
  const id = String(Number(stageNodeId(build, stage.index)) + 1);
  return {
    _links: {
      self: { href: `${base}execution/node/${id}/wfapi/describe` },
      log: { href: `${base}execution/node/${id}/wfapi/log` },
    },
    id,
    name: stage.plan.input ? 'Wait for interactive input' : 'Shell Script',
    execNode: '',
    status: stage.status,
    startTimeMillis: stage.startTime,
    durationMillis: stage.durationMs,
    pauseDurationMillis: stage.pauseMs,
    parameterDescription: stage.plan.input
      ? stage.plan.input.message
      : `./${stage.plan.name.toLowerCase()}.sh`,
    parentNodes: [stageNodeId(build, stage.index)],
  };
}

function runStatus(build: Build, paused: boolean): string {
  if (paused) return 'PAUSED_PENDING_INPUT';
  if (build.result === null) return 'IN_PROGRESS';
  return RUN_STATUS[build.result];
}

/**
 * `GET /job/X/N/wfapi/describe` (pipeline-stage-view `RunExt`); links from
 * `RunAPI.getUrl(run)` = `Run.getUrl()`, so in the request's spelling.
 */
export function runDescribe(
  build: Build,
  now: number,
  fullStages = false,
  ancestors?: Ancestors,
) {
  const progress = buildProgress(build, now);
  const base = buildPath(build, ancestors);
  const running = build.result === null;
  const paused = running && progress.pendingInputIndex !== undefined;
  const end = running ? now : build.endTime ?? now;
  const links: Record<string, { href: string }> = {
    self: { href: `${base}wfapi/describe` },
    changesets: { href: `${base}wfapi/changesets` },
  };
  if (paused) {
    links.pendingInputActions = { href: `${base}wfapi/pendingInputActions` };
    links.nextPendingInputAction = {
      href: `${base}wfapi/nextPendingInputAction`,
    };
  }
  links.artifacts = { href: `${base}wfapi/artifacts` };
  return {
    _links: links,
    id: String(build.number),
    name: `#${build.number}`,
    status: runStatus(build, paused),
    startTimeMillis: build.startTime,
    endTimeMillis: end,
    durationMillis: end - build.startTime,
    queueDurationMillis: build.queueDurationMs,
    pauseDurationMillis: progress.pauseMs,
    stages: flatStages(build, progress.stages, now, fullStages, ancestors),
  };
}

/** `JobExt.MAX_RUNS_PER_JOB_DEFAULT`: runs listed, and counted, per job. */
const MAX_RUNS_PER_JOB = 10;

/**
 * `GET /job/X/wfapi/describe` (`JobExt.create`; links from `Job.getUrl()`);
 * `runCount` (`JobExt.countRuns`) stops counting at 10.
 */
export function jobDescribe(job: JobItem, ancestors?: Ancestors) {
  const base = `/${itemPath(job, ancestors)}`;
  return {
    _links: {
      self: { href: `${base}wfapi/describe` },
      runs: { href: `${base}wfapi/runs` },
    },
    name: job.name,
    runCount: Math.min(MAX_RUNS_PER_JOB, job.builds.lastNumber),
  };
}

/**
 * `GET /job/X/wfapi/runs[?since=#N][&fullStages=true]` (`JobAPI.doRuns` →
 * `JobExt.create`): the newest 10 runs, stopping after the one named `since`.
 */
export function jobRuns(
  job: JobItem,
  now: number,
  since: string | null,
  fullStages: boolean,
  ancestors?: Ancestors,
) {
  const stop = since?.trim() || undefined;
  const runs = [];
  for (let n = job.builds.lastNumber; n >= 1; n--) {
    if (runs.length >= MAX_RUNS_PER_JOB) break;
    const b = job.builds.get(n);
    if (!b) continue;
    runs.push(runDescribe(b, now, fullStages, ancestors));
    if (stop !== undefined && `#${b.number}` === stop) break;
  }
  return runs;
}

/** A stage node: `…/execution/node/ID/wfapi/describe`, with `stageFlowNodes`. */
export function nodeDescribe(
  build: Build,
  nodeId: string,
  now: number,
  ancestors?: Ancestors,
) {
  const progress = buildProgress(build, now);
  for (const stage of progress.stages) {
    if (!needsGraph(stage.plan)) {
      if (stageNodeId(build, stage.index) === nodeId) {
        return stageJson(build, stage, true, ancestors);
      }
      const step = stepNodeJson(build, stage, ancestors);
      if (step.id === nodeId) return step;
      continue;
    }
    const top = stageView(build, stage, now);
    if (top.node.id === nodeId) {
      return viewJson(build, top, true, ancestors, stage);
    }
    for (const v of allViews([top])) {
      if (v.node.id !== nodeId) continue;
      if (v.node.kind !== 'step') return viewJson(build, v, true, ancestors);
      const parent = allViews([top]).find(p => p.node.id === v.node.parentId)!;
      return stepViewJson(build, v, parent, ancestors);
    }
  }
  return undefined;
}

/** `…/execution/node/ID/wfapi/log` (`FlowNodeLogExt`). */
export function nodeLog(
  build: Build,
  nodeId: string,
  now: number,
  ancestors?: Ancestors,
) {
  const progress = buildProgress(build, now);
  const consoleUrl = `${buildPath(
    build,
    ancestors,
  )}execution/node/${nodeId}/log`;
  for (const stage of progress.stages) {
    if (needsGraph(stage.plan)) {
      const found = allViews([stageView(build, stage, now)]).find(
        v => v.node.id === nodeId,
      );
      if (!found) continue;
      // A block node has no log of its own (its steps do).
      const text = found.node.kind === 'step' ? found.log : '';
      const status = STATUS[found.state];
      return {
        nodeId,
        nodeStatus: status,
        length: Buffer.byteLength(text),
        hasMore: status === 'IN_PROGRESS' || status === 'PAUSED_PENDING_INPUT',
        text,
        consoleUrl,
      };
    }
    const id = stageNodeId(build, stage.index);
    if (id !== nodeId && String(Number(id) + 1) !== nodeId) continue;
    const n = stage.plan.log.length;
    const runStart = stage.startTime + stage.pauseMs;
    const visible = stage.plan.log.filter(
      (_l, j) =>
        runStart + Math.floor((stage.plan.durationMs * (j + 1)) / (n + 1)) <=
        now,
    );
    const text = visible.map(l => `${l}\n`).join('');
    return {
      nodeId,
      nodeStatus: stage.status,
      length: Buffer.byteLength(text),
      hasMore:
        stage.status === 'IN_PROGRESS' ||
        stage.status === 'PAUSED_PENDING_INPUT',
      text,
      consoleUrl,
    };
  }
  return undefined;
}
