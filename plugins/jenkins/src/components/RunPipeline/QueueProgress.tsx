import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useAppHref } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { useCallback, useState } from 'react';
import { Capability, QueueState } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';
import { buildViewQuery } from '../../hooks/useJenkinsSelection';
import { errorMessage } from '../JenkinsStates';

/** The words for a queue item that has not started: always "Waiting…". */
export function queueText(queue: QueueState): string {
  const why = queue.why ? `: ${queue.why}` : '';
  switch (queue.state) {
    case 'blocked':
      return `Waiting (blocked)${why}`;
    case 'buildable':
      return `Waiting for an executor${why}`;
    default:
      return `Waiting${why || ' in the Jenkins queue'}`;
  }
}

/** A link that opens a build in the Jenkins tab's build view. */
export const BuildLink = (props: {
  jobId: string;
  buildNumber: number;
  branchId?: string;
  onOpen?: () => void;
}) => {
  const href = useAppHref(
    buildViewQuery(props.jobId, props.buildNumber, props.branchId),
  );
  return (
    <MuiLink
      href={href}
      onClick={(event: React.MouseEvent) => {
        if (props.onOpen) {
          event.preventDefault();
          props.onOpen();
        }
      }}
    >
      Build #{props.buildNumber}
    </MuiLink>
  );
};

/**
 * Follows a queue item after a run was submitted: "Waiting: <Jenkins'
 * reason>" until Jenkins gives it a build number, then a link to the build.
 */
export const QueueProgress = (props: {
  entityRef: CompoundEntityRef;
  jobId: string;
  initial: QueueState;
  cancel: Capability;
  onOpenBuild: (buildNumber: number) => void;
}) => {
  const { entityRef, jobId, cancel, onOpenBuild } = props;
  const api = useApi(jenkinsApiRef);
  const [queue, setQueue] = useState(props.initial);
  const [error, setError] = useState<string>();
  const [cancelling, setCancelling] = useState(false);
  const [cancelKey] = useState(newIdempotencyKey);

  const settled = queue.buildNumber !== null || queue.state === 'cancelled';
  const refresh = useCallback(() => {
    api.getQueueItem(entityRef, jobId, queue.queueId).then(
      next => {
        setQueue(next);
        setError(undefined);
      },
      e => setError(errorMessage(e)),
    );
  }, [api, entityRef, jobId, queue.queueId]);
  useLiveRefresh(!settled, refresh, { initialMs: 1000, maxMs: 5000 });

  const onCancel = async () => {
    setCancelling(true);
    try {
      await api.cancelQueueItem(entityRef, jobId, queue.queueId, {
        idempotencyKey: cancelKey,
      });
      setQueue(q => ({ ...q, state: 'cancelled' }));
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setCancelling(false);
    }
  };

  let body: React.ReactNode;
  if (queue.buildNumber !== null) {
    const buildNumber = queue.buildNumber;
    body = (
      <Typography>
        Started:{' '}
        <BuildLink
          jobId={jobId}
          buildNumber={buildNumber}
          onOpen={() => onOpenBuild(buildNumber)}
        />{' '}
        is running.
      </Typography>
    );
  } else if (queue.state === 'cancelled') {
    body = (
      <Typography>The queued run was cancelled before it started.</Typography>
    );
  } else {
    body = (
      <>
        <Typography>{queueText(queue)}</Typography>
        <Box my={1}>
          <LinearProgress aria-label="Waiting in the Jenkins queue" />
        </Box>
        {cancel.allowed && (
          <Button size="small" onClick={onCancel} disabled={cancelling}>
            Cancel queued run
          </Button>
        )}
      </>
    );
  }

  return (
    <Box role="status" aria-live="polite">
      {body}
      {error && (
        <Typography color="error" variant="body2">
          {error}
        </Typography>
      )}
    </Box>
  );
};
