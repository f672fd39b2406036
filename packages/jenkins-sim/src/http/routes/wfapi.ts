import { buildProgress, StageState } from '../../model/BuildTimeline';
import type { Build, BuildResult, JobItem } from '../../model/types';
import { Ancestors, buildPath, itemPath } from '../../export/urls';

const RUN_STATUS: Record<BuildResult, string> = {
  SUCCESS: 'SUCCESS',
  UNSTABLE: 'UNSTABLE',
  FAILURE: 'FAILED',
  ABORTED: 'ABORTED',
  NOT_BUILT: 'NOT_EXECUTED',
};

/** Flow node id of a stage (stable per stage index). */
export function stageNodeId(index: number): string {
  return String(6 + index * 9);
}

function stageJson(
  build: Build,
  stage: StageState,
  fullStages: boolean,
  ancestors?: Ancestors,
) {
  const base = buildPath(build, ancestors);
  const id = stageNodeId(stage.index);
  const out: Record<string, unknown> = {
    _links: { self: { href: `${base}execution/node/${id}/wfapi/describe` } },
    id,
    name: stage.plan.name,
    execNode: '',
    status: stage.status,
  };
  if (stage.status === 'FAILED') {
    out.error = {
      message: 'script returned exit code 1',
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

function stepNodeJson(build: Build, stage: StageState, ancestors?: Ancestors) {
  const base = buildPath(build, ancestors);
  const id = String(Number(stageNodeId(stage.index)) + 1);
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
    parentNodes: [stageNodeId(stage.index)],
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
    stages: progress.stages.map(s =>
      stageJson(build, s, fullStages, ancestors),
    ),
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
    if (stageNodeId(stage.index) === nodeId) {
      return stageJson(build, stage, true, ancestors);
    }
    const step = stepNodeJson(build, stage, ancestors);
    if (step.id === nodeId) return step;
  }
  return undefined;
}

/** `…/execution/node/ID/wfapi/log`. */
export function nodeLog(
  build: Build,
  nodeId: string,
  now: number,
  ancestors?: Ancestors,
) {
  const progress = buildProgress(build, now);
  const stage = progress.stages.find(
    s =>
      stageNodeId(s.index) === nodeId ||
      String(Number(stageNodeId(s.index)) + 1) === nodeId,
  );
  if (!stage) return undefined;
  const n = stage.plan.log.length;
  const runStart = stage.startTime + stage.pauseMs;
  const visible = stage.plan.log.filter(
    (_l, j) =>
      runStart + Math.floor((stage.plan.durationMs * (j + 1)) / (n + 1)) <= now,
  );
  const text = visible.map(l => `${l}\n`).join('');
  return {
    nodeId,
    nodeStatus: stage.status,
    length: Buffer.byteLength(text),
    hasMore:
      stage.status === 'IN_PROGRESS' || stage.status === 'PAUSED_PENDING_INPUT',
    text,
    consoleUrl: `${buildPath(build, ancestors)}execution/node/${nodeId}/log`,
  };
}
