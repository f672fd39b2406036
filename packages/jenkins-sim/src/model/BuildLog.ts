import { buildProgress } from './BuildTimeline';
import { causeDescription } from './causeDescription';
import type { Build } from './types';

interface TimedLine {
  at: number;
  text: string;
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
  const visible = lines
    .filter(l => l.at <= now)
    .map(l => `${l.text}\n`)
    .join('');
  if (build.result !== null) {
    build.completedLog = visible;
  }
  return visible;
}
