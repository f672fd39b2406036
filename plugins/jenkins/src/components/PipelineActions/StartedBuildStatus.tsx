import { CompoundEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  Capability,
  StartedBuildResponse,
} from '@internal/plugin-jenkins-common';
import { BuildLink, QueueProgress } from '../RunPipeline';

/**
 * What became of a restart or replay: the new build once Jenkins numbered
 * it, its queue item meanwhile, or the backend's message when Jenkins did
 * not say yet (the build then shows in the builds list).
 */
export const StartedBuildStatus = (props: {
  entityRef: CompoundEntityRef;
  jobId: string;
  started: StartedBuildResponse;
  cancel: Capability;
  onOpenBuild: (buildNumber: number) => void;
}) => {
  const { entityRef, jobId, started, cancel, onOpenBuild } = props;
  const queue = started.queue;
  if (queue?.buildNumber !== null && queue?.buildNumber !== undefined) {
    const buildNumber = queue.buildNumber;
    return (
      <Box role="status" aria-live="polite">
        <Typography>
          {started.message} Started:{' '}
          <BuildLink
            jobId={jobId}
            buildNumber={buildNumber}
            onOpen={() => onOpenBuild(buildNumber)}
          />
          .
        </Typography>
      </Box>
    );
  }
  if (queue && queue.queueId !== null) {
    return (
      <QueueProgress
        entityRef={entityRef}
        jobId={jobId}
        initial={{ ...queue, queueId: queue.queueId }}
        cancel={cancel}
        onOpenBuild={onOpenBuild}
      />
    );
  }
  return (
    <Box role="status" aria-live="polite">
      <Typography>
        {started.message} Jenkins accepted it; the new build shows in the builds
        list as soon as it starts.
      </Typography>
    </Box>
  );
};
