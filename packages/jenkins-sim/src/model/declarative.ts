/**
 * Declarative Pipeline's restart-from-stage rules
 * (pipeline-model-definition `RestartDeclarativePipelineAction`).
 */
import { buildProgress } from './BuildTimeline';
import type { Build } from './types';

/**
 * `getRestartableStages()`: the run's top-level stages, minus those skipped
 * for an earlier failure or instability (`Utils.stageHasStatusOf(…,
 * SKIPPED_FOR_FAILURE, SKIPPED_FOR_UNSTABLE)`). In the simulator a stage the
 * run never reached is one Declarative skipped for failure. Empty for a
 * Scripted Pipeline (no `ExecutionModelAction`).
 */
export function restartableStages(build: Build, now: number): string[] {
  if (build.job.kind !== 'pipeline' || !build.job.declarative) return [];
  const reached = buildProgress(build, now).stages.length;
  return build.stages.slice(0, reached).map(s => s.name);
}

/**
 * `isRestartEnabled()`: a Declarative run that is not building, a caller
 * with Item.BUILD, a buildable job without `disableRestartFromStage()`.
 */
export function restartEnabled(build: Build, canBuild: boolean): boolean {
  const job = build.job;
  return (
    job.kind === 'pipeline' &&
    job.declarative &&
    build.result !== null &&
    canBuild &&
    !job.disabled &&
    !job.disableRestartFromStage
  );
}
