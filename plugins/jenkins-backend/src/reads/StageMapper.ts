import { Stage } from '@internal/plugin-jenkins-common';
import { RawRunDescription } from '../jenkins/JenkinsJson';

const STAGE_STATUS: Record<string, Stage['status']> = {
  SUCCESS: 'success',
  FAILED: 'failure',
  UNSTABLE: 'unstable',
  ABORTED: 'aborted',
  IN_PROGRESS: 'running',
  PAUSED_PENDING_INPUT: 'paused',
  NOT_EXECUTED: 'not_executed',
};

/** wfapi stages → the stage strip. */
export function toStages(run: RawRunDescription | undefined): Stage[] {
  return (run?.stages ?? []).map(stage => ({
    id: String(stage.id ?? ''),
    name: stage.name ?? '',
    status: STAGE_STATUS[stage.status ?? ''] ?? 'not_executed',
    startedAt:
      typeof stage.startTimeMillis === 'number' && stage.startTimeMillis > 0
        ? stage.startTimeMillis
        : null,
    durationMs:
      typeof stage.durationMillis === 'number' ? stage.durationMillis : null,
    error: stage.error?.message ?? null,
  }));
}
