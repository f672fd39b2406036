import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import ReplayIcon from '@material-ui/icons/Replay';
import StopIcon from '@material-ui/icons/Stop';
import VisibilityIcon from '@material-ui/icons/Visibility';
import { useState } from 'react';
import { BuildSummary } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { JobTarget, targetJobId } from '../../jobTarget';
import { ActionButton } from '../ActionButton';
import { isLiveStatus } from '../BuildStatus';
import { errorMessage } from '../JenkinsStates';
import { RunPipelineDialog } from '../RunPipeline';

const AbortDialog = (props: {
  entityRef: CompoundEntityRef;
  jobId: string;
  build: BuildSummary;
  onClose: (aborted: boolean) => void;
}) => {
  const { entityRef, jobId, build, onClose } = props;
  const api = useApi(jenkinsApiRef);
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const titleId = `jenkins-abort-${jobId}-${build.number}`;
  const onAbort = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.abortBuild(entityRef, jobId, build.number, {
        idempotencyKey: key,
      });
      onClose(true);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={() => onClose(false)} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>Abort build #{build.number}?</DialogTitle>
      <DialogContent>
        <Typography>
          Jenkins stops the build where it is; steps already done are not
          undone.
        </Typography>
        {error && (
          <Box mt={2}>
            <Alert severity="error">{error}</Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>Keep running</Button>
        <Button
          color="secondary"
          variant="contained"
          onClick={onAbort}
          disabled={busy}
        >
          Abort
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/**
 * The actions on one build: open in Jenkins, view, rebuild (finished
 * builds) and abort (live builds). An action the backend does not allow
 * stays visible, disabled, with the reason in its tooltip.
 */
export const BuildActions = (props: {
  entityRef: CompoundEntityRef;
  target: JobTarget;
  build: BuildSummary;
  onView?: () => void;
  onOpenBuild: (jobId: string, buildNumber: number) => void;
  onChanged: () => void;
}) => {
  const { entityRef, target, build, onView, onOpenBuild, onChanged } = props;
  const { capabilities } = target.job;
  const jobId = targetJobId(target);
  const [dialog, setDialog] = useState<'rebuild' | 'abort'>();
  const live = isLiveStatus(build.status);
  return (
    <Box display="flex" alignItems="center" style={{ gap: 4 }}>
      <ActionButton
        label={`Open build #${build.number} in Jenkins`}
        icon={<OpenInNewIcon fontSize="small" />}
        href={build.url}
      />
      {onView && (
        <ActionButton
          label={`View build #${build.number}`}
          icon={<VisibilityIcon fontSize="small" />}
          onClick={onView}
        />
      )}
      {live ? (
        <ActionButton
          label={`Abort build #${build.number}`}
          icon={<StopIcon fontSize="small" />}
          capability={capabilities.abort}
          onClick={() => setDialog('abort')}
        />
      ) : (
        <ActionButton
          label={`Rebuild build #${build.number}`}
          icon={<ReplayIcon fontSize="small" />}
          capability={capabilities.rebuild}
          onClick={() => setDialog('rebuild')}
        />
      )}
      {dialog === 'rebuild' && (
        <RunPipelineDialog
          open
          onClose={() => {
            setDialog(undefined);
            onChanged();
          }}
          entityRef={entityRef}
          target={target}
          rebuildOf={build.number}
          onOpenBuild={onOpenBuild}
        />
      )}
      {dialog === 'abort' && (
        <AbortDialog
          entityRef={entityRef}
          jobId={jobId}
          build={build}
          onClose={aborted => {
            setDialog(undefined);
            if (aborted) {
              onChanged();
            }
          }}
        />
      )}
    </Box>
  );
};
