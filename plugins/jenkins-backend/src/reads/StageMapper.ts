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

/**
 * wfapi stages → the stage strip. A stage's error message is text from the
 * log (e.g. a failed `sh` step's), shown only `withLogText`.
 */
export function toStages(
  run: RawRunDescription | undefined,
  withLogText: boolean,
): Stage[] {
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
    error: withLogText ? stage.error?.message ?? null : null,
  }));
}
