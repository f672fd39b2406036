import { CompoundEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { useState } from 'react';
import { JobTarget, targetJobId } from '../../jobTarget';
import { RunPipelineDialog } from './RunPipelineDialog';

/** Why a target cannot be run, or undefined when it can. */
export function runDisabledReason(target: JobTarget): string | undefined {
  const { job } = target;
  if (!job.capabilities.trigger.allowed) {
    return (
      job.capabilities.trigger.reason ?? 'You are not allowed to run this job.'
    );
  }
  if (job.kind === 'multibranch' && !target.branch) {
    return 'This multibranch job has no branches to run yet.';
  }
  // A multibranch project is never buildable itself; its branch jobs are.
  const disabled = target.branch
    ? target.branch.status === 'disabled'
    : !job.buildable || job.status === 'disabled';
  if (disabled) {
    return 'This job is disabled in Jenkins.';
  }
  return undefined;
}

/**
 * "Run pipeline": opens the parameter form. When the caller may not run the
 * job the button is disabled and the reason is written next to it.
 */
export const RunPipelineButton = (props: {
  entityRef: CompoundEntityRef;
  target: JobTarget;
  onOpenBuild: (jobId: string, buildNumber: number) => void;
}) => {
  const { entityRef, target, onOpenBuild } = props;
  const [open, setOpen] = useState(false);
  const [session, setSession] = useState(0);
  const reason = runDisabledReason(target);
  const reasonId = `jenkins-run-reason-${targetJobId(target)}`;
  return (
    // The reason goes under the button, so every job row keeps its Run
    // button in the same place whether it can run or not.
    <Box
      display="flex"
      flexDirection="column"
      alignItems="flex-start"
      maxWidth={320}
      style={{ gap: 4 }}
    >
      <Button
        variant="contained"
        color="primary"
        size="small"
        startIcon={<PlayArrowIcon />}
        disabled={Boolean(reason)}
        aria-label={`Run pipeline ${target.job.displayName}`}
        aria-describedby={reason ? reasonId : undefined}
        onClick={() => {
          setSession(s => s + 1);
          setOpen(true);
        }}
      >
        Run pipeline
      </Button>
      {reason && (
        <Typography id={reasonId} variant="caption" color="textSecondary">
          {reason}
        </Typography>
      )}
      {open && (
        <RunPipelineDialog
          key={session}
          open={open}
          onClose={() => setOpen(false)}
          entityRef={entityRef}
          target={target}
          onOpenBuild={onOpenBuild}
        />
      )}
    </Box>
  );
};
