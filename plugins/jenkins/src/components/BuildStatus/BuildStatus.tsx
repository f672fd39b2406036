import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import {
  BuildStatus as BuildStatusValue,
  GraphNodeState,
  JobStatus,
  Stage,
} from '@internal/plugin-jenkins-common';

type AnyStatus = JobStatus | Stage['status'] | GraphNodeState;

const LABELS: Record<AnyStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Waiting for approval',
  success: 'Success',
  unstable: 'Unstable',
  failure: 'Failed',
  aborted: 'Aborted',
  not_built: 'Not built',
  not_executed: 'Not run',
  skipped: 'Skipped',
  unknown: 'Unknown',
  disabled: 'Disabled',
  never_built: 'No builds yet',
};

/** The words for a status; never leave status to colour alone. */
export function statusLabel(status: AnyStatus): string {
  return LABELS[status] ?? status;
}

/** Whether a build is still moving: queued, running or waiting at an input. */
export function isLiveStatus(status: BuildStatusValue | JobStatus): boolean {
  return status === 'queued' || status === 'running' || status === 'paused';
}

/** A status icon with its label, as text, always. */
export const BuildStatus = (props: { status: AnyStatus; label?: string }) => {
  const label = props.label ?? statusLabel(props.status);
  switch (props.status) {
    case 'success':
      return <StatusOK>{label}</StatusOK>;
    case 'failure':
      return <StatusError>{label}</StatusError>;
    case 'unstable':
      return <StatusWarning>{label}</StatusWarning>;
    case 'running':
      return <StatusRunning>{label}</StatusRunning>;
    case 'queued':
    case 'paused':
    case 'never_built':
      return <StatusPending>{label}</StatusPending>;
    default:
      return <StatusAborted>{label}</StatusAborted>;
  }
};
