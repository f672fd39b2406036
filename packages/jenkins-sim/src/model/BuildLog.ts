import { buildProgress } from './BuildTimeline';
import { causeDescription } from './causeDescription';
import { needsGraph, NodeView, stageView } from './PipelineGraph';
import { stepFunction } from './stagePlans';
import type { Build } from './types';

interface TimedLine {
  at: number;
  text: string;
}

/** Console lines of a step: `[Pipeline] sh`, its output spread over its run, its error. */
function stepLines(view: NodeView, out: TimedLine[]) {
  const node = view.node;
  out.push({
    at: view.startTime,
    text: `[Pipeline] ${stepFunction(node.displayName ?? 'Shell Script')}`,
  });
  const lines = view.log === '' ? [] : view.log.replace(/\n$/, '').split('\n');
  const span = view.durationMs ?? view.elapsedMs;
  lines.forEach((text, j) => {
    out.push({
      at: view.startTime + Math.floor((span * (j + 1)) / (lines.length + 1)),
      text,
    });
  });
  if (view.errorText) {
    out.push({
      at: view.startTime + (view.durationMs ?? 0),
      text: `ERROR: ${view.errorText}`,
    });
  }
}

/** Console lines of a stage or branch with nested content, in time order. */
function graphLines(
  view: NodeView,
  build: Build,
  out: TimedLine[],
  branch = false,
) {
  const node = view.node;
  const start = view.startTime;
  const end = view.startTime + (view.durationMs ?? view.elapsedMs);
  const done = view.durationMs !== undefined;
  if (branch)
    out.push({ at: start, text: `[Pipeline] { (Branch: ${node.name})` });
  out.push({ at: start, text: '[Pipeline] stage' });
  out.push({ at: start, text: `[Pipeline] { (${node.name})` });
  if (view.state === 'skipped' || view.state === 'not_built') {
    // pipeline-model-definition model/Messages: SkippedStageReason.*.Message
    const reasons = {
      restart: node.log[0],
      when: `Stage "${node.name}" skipped due to when conditional`,
      failure: `Stage "${node.name}" skipped due to earlier failure(s)`,
    };
    const why = reasons[node.skip ?? 'failure'];
    out.push({ at: start, text: why });
  } else {
    let opened = false;
    if (node.agent) {
      out.push({ at: start, text: '[Pipeline] node' });
      if (node.queuedMs > 0) {
        out.push({ at: start, text: 'Still waiting to schedule task' });
        out.push({
          at: start,
          text: `Waiting for next available executor on \u2018${node.agent}\u2019`,
        });
      }
      const at = start + node.queuedMs;
      if (view.state !== 'queued') {
        out.push({
          at,
          text: `Running on ${
            node.agent
          }-agent-1 in /home/jenkins/workspace/${build.job.fullName.replace(
            /\//g,
            '_',
          )}`,
        });
        out.push({ at, text: '[Pipeline] {' });
        opened = true;
      }
    }
    const branches = view.children.filter(c => c.node.kind === 'branch');
    if (branches.length > 0) {
      out.push({ at: start, text: '[Pipeline] parallel' });
      for (const b of branches) graphLines(b, build, out, true);
      if (done) out.push({ at: end, text: '[Pipeline] // parallel' });
    }
    for (const c of view.children.filter(x => x.node.kind === 'stage')) {
      graphLines(c, build, out);
    }
    for (const s of view.steps) stepLines(s, out);
    if (opened && done) {
      out.push({ at: end, text: '[Pipeline] }' });
      out.push({ at: end, text: '[Pipeline] // node' });
    }
  }
  if (done) {
    out.push({ at: end, text: '[Pipeline] }' });
    out.push({ at: end, text: '[Pipeline] // stage' });
    if (branch) out.push({ at: end, text: '[Pipeline] }' });
  }
}

function workspace(build: Build) {
  return `/var/jenkins_home/workspace/${build.job.fullName.replace(
    /\//g,
    '_',
  )}`;
}

/**
 * The console log of a build as visible at `now`: lines appear as the stages
 * they belong to progress, so a running build's log grows over time.
 */
export function consoleLog(build: Build, now: number): string {
  if (build.seededLog !== undefined) {
    return build.seededLog;
  }
  if (build.result !== null && build.completedLog !== undefined) {
    return build.completedLog;
  }
  const lines: TimedLine[] = [];
  const start = build.startTime;
  const pipeline = build.job.kind === 'pipeline';
  for (const cause of build.causes) {
    lines.push({ at: start, text: causeDescription(cause) });
  }
  if (pipeline) {
    lines.push({ at: start, text: '[Pipeline] Start of Pipeline' });
    lines.push({ at: start, text: '[Pipeline] node' });
    lines.push({
      at: start,
      text: `Running on Jenkins in ${workspace(build)}`,
    });
  } else {
    lines.push({ at: start, text: 'Running as SYSTEM' });
    lines.push({
      at: start,
      text: `Building in workspace ${workspace(build)}`,
    });
  }
  if (build.git) {
    lines.push({
      at: start,
      text: `Checking out Revision ${build.git.sha} (refs/remotes/origin/${build.git.branch})`,
    });
  }
  const progress = buildProgress(build, now);
  for (const stage of progress.stages) {
    const { plan } = stage;
    if (pipeline && needsGraph(plan)) {
      const block: TimedLine[] = [];
      graphLines(stageView(build, stage, now), build, block);
      // Parallel branches interleave; keep each branch's order (stable sort).
      block.sort((a, b) => a.at - b.at);
      lines.push(...block);
      continue;
    }
    let runStart = stage.startTime;
    if (pipeline) {
      lines.push({ at: stage.startTime, text: `[Pipeline] stage` });
      lines.push({ at: stage.startTime, text: `[Pipeline] { (${plan.name})` });
    }
    const input = build.inputs.find(i => i.stageIndex === stage.index);
    if (input) {
      lines.push({ at: stage.startTime, text: '[Pipeline] input' });
      lines.push({ at: stage.startTime, text: input.plan.message });
      lines.push({ at: stage.startTime, text: `${input.plan.ok} or Abort` });
      if (input.answeredAt !== undefined && input.answeredAt <= now) {
        const who = input.answeredBy?.name ?? 'anonymous';
        lines.push({
          at: input.answeredAt,
          text:
            input.outcome === 'abort'
              ? `Aborted by ${who}`
              : `Approved by ${who}`,
        });
        runStart = input.answeredAt;
      }
    }
    if (stage.status !== 'PAUSED_PENDING_INPUT' && input?.outcome !== 'abort') {
      const n = plan.log.length;
      const stageEnd = stage.startTime + stage.durationMs;
      plan.log.forEach((text, j) => {
        const at = runStart + Math.floor((plan.durationMs * (j + 1)) / (n + 1));
        if (at <= stageEnd) {
          lines.push({ at, text });
        }
      });
      const end = stage.startTime + stage.durationMs;
      if (stage.status === 'FAILED') {
        lines.push({ at: end, text: 'ERROR: script returned exit code 1' });
      }
      if (pipeline && stage.status !== 'IN_PROGRESS') {
        lines.push({ at: end, text: '[Pipeline] }' });
        lines.push({ at: end, text: '[Pipeline] // stage' });
      }
    }
  }
  for (const pause of build.cpsPauses ?? []) {
    // CpsFlowExecution.pause: "Pausing" / "Resuming" in the run's log.
    lines.push({ at: pause.from, text: 'Pausing' });
    if (pause.to !== undefined) lines.push({ at: pause.to, text: 'Resuming' });
  }
  if (build.result !== null && build.endTime !== null) {
    const end = build.endTime;
    if (build.tests) {
      lines.push({
        at: end,
        text: `Recording test results: ${build.tests.total} tests, ${build.tests.failed.length} failed`,
      });
    }
    if (build.abortedBy) {
      lines.push({ at: end, text: `Aborted by ${build.abortedBy}` });
    }
    if (pipeline) {
      lines.push({ at: end, text: '[Pipeline] // node' });
      lines.push({ at: end, text: '[Pipeline] End of Pipeline' });
    }
    lines.push({ at: end, text: `Finished: ${build.result}` });
  }
  // Array.prototype.sort is stable: lines at the same time keep their order.
  const visible = lines
    .sort((a, b) => a.at - b.at)
    .filter(l => l.at <= now)
    .map(l => `${l.text}\n`)
    .join('');
  if (build.result !== null) {
    build.completedLog = visible;
  }
  return visible;
}
