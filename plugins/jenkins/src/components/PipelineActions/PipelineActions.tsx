import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import PauseIcon from '@material-ui/icons/Pause';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import ReplayIcon from '@material-ui/icons/Replay';
import SkipNextIcon from '@material-ui/icons/SkipNext';
import { useState } from 'react';
import {
  PauseState,
  ReplayInfo,
  RestartInfo,
} from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { useRefreshOnChange } from '../../hooks/useRefreshOnChange';
import {
  RefreshableAsync,
  useRefreshableAsync,
} from '../../hooks/useRefreshableAsync';
import { isLiveStatus } from '../BuildStatus';
import type { BuildViewContext } from '../BuildView/BuildSection';
import { ErrorText, errorMessage } from '../JenkinsStates';
import { stagesAsGraph } from '../PipelineGraph';
import { ReplayDialog } from '../ReplayDialog';
import { ReasonedButton } from './ReasonedButton';
import { RestartDialog } from './RestartDialog';

/** Why a read that decides an action failed, as a reason to show. */
function unavailable<T>(read: RefreshableAsync<T>, checking: string) {
  if (read.error && !read.value) {
    return errorMessage(read.error);
  }
  return read.value ? undefined : checking;
}

/** Why Restart from stage is not possible, or undefined when it is. */
export function restartDisabledReason(
  info: RestartInfo | undefined,
): string | undefined {
  if (!info) {
    return undefined;
  }
  if (!info.capability.allowed) {
    return (
      info.capability.reason ??
      'You are not allowed to restart builds of this job.'
    );
  }
  if (!info.restartEnabled) {
    return 'Jenkins offers no restart for this build: only a finished Declarative Pipeline run can be restarted, by someone Jenkins lets build the job.';
  }
  if (info.restartableStages.length === 0) {
    return 'Jenkins lists no stage this build can be restarted from.';
  }
  return undefined;
}

/** Why Replay is not possible, or undefined when it is. */
export function replayDisabledReason(
  info: ReplayInfo | undefined,
): string | undefined {
  if (info && !info.canReplay.allowed) {
    return (
      info.canReplay.reason ??
      'You are not allowed to replay builds of this job.'
    );
  }
  return undefined;
}

/** Why Pause (or Resume) is not possible, or undefined when it is. */
export function pauseDisabledReason(
  state: PauseState | undefined,
): string | undefined {
  if (!state) {
    return undefined;
  }
  if (!state.capability.allowed) {
    return (
      state.capability.reason ??
      'You are not allowed to pause builds of this job.'
    );
  }
  if (!state.supported) {
    return 'This Jenkins cannot pause a running pipeline (it needs the Pipeline Graph View plugin).';
  }
  if (!state.building) {
    return 'The build is no longer running.';
  }
  return undefined;
}

const FinishedRunActions = (props: { context: BuildViewContext }) => {
  const { context } = props;
  const { entityRef, jobId, build, target } = context;
  const api = useApi(jenkinsApiRef);
  const [dialog, setDialog] = useState<'restart' | 'replay'>();
  const restart = useRefreshableAsync(
    () => api.getRestartInfo(entityRef, jobId, build.number),
    [api, entityRef, jobId, build.number],
  );
  const replay = useRefreshableAsync(
    () => api.getReplayInfo(entityRef, jobId, build.number),
    [api, entityRef, jobId, build.number],
  );
  const id = `jenkins-build-${build.number}`;
  const cancel = target.job.capabilities.abort;
  return (
    <>
      <ReasonedButton
        id={`${id}-restart`}
        label="Restart from stage"
        icon={<SkipNextIcon />}
        reason={
          unavailable(
            restart,
            'Asking Jenkins which stages can be restarted…',
          ) ?? restartDisabledReason(restart.value)
        }
        onClick={() => setDialog('restart')}
      />
      <ReasonedButton
        id={`${id}-replay`}
        label="Rerun or replay"
        icon={<ReplayIcon />}
        reason={
          unavailable(replay, 'Reading the pipeline script…') ??
          replayDisabledReason(replay.value)
        }
        onClick={() => setDialog('replay')}
      />
      {dialog === 'restart' && restart.value && (
        <RestartDialog
          entityRef={entityRef}
          jobId={jobId}
          buildNumber={build.number}
          restartableStages={restart.value.restartableStages}
          stages={stagesAsGraph(build.stages)}
          cancel={cancel}
          onClose={() => {
            setDialog(undefined);
            context.refresh();
          }}
          onOpenBuild={n => context.onOpenBuild(jobId, n)}
        />
      )}
      {dialog === 'replay' && replay.value && (
        <ReplayDialog
          entityRef={entityRef}
          jobId={jobId}
          buildNumber={build.number}
          info={replay.value}
          cancel={cancel}
          onClose={() => {
            setDialog(undefined);
            context.refresh();
          }}
          onOpenBuild={n => context.onOpenBuild(jobId, n)}
        />
      )}
    </>
  );
};

const RunningActions = (props: { context: BuildViewContext }) => {
  const { context } = props;
  const { entityRef, jobId, build, version } = context;
  const api = useApi(jenkinsApiRef);
  const pause = useRefreshableAsync(
    () => api.getPauseState(entityRef, jobId, build.number),
    [api, entityRef, jobId, build.number],
  );
  useRefreshOnChange(version, pause.refresh);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [key, setKey] = useState(newIdempotencyKey);
  const paused = pause.value?.paused ?? false;
  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await (paused ? api.resumeBuild : api.pauseBuild).call(
        api,
        entityRef,
        jobId,
        build.number,
        { idempotencyKey: key },
      );
      setKey(newIdempotencyKey());
      pause.refresh();
      context.refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ReasonedButton
        id={`jenkins-build-${build.number}-pause`}
        label={paused ? 'Resume' : 'Pause'}
        icon={paused ? <PlayArrowIcon /> : <PauseIcon />}
        busy={busy}
        reason={
          unavailable(pause, 'Asking Jenkins whether the run can be paused…') ??
          pauseDisabledReason(pause.value)
        }
        onClick={toggle}
      />
      {paused && (
        <Typography variant="body2" role="status">
          Paused: the pipeline holds its executor and makes no progress until it
          is resumed.
        </Typography>
      )}
      {error && <ErrorText>{error}</ErrorText>}
    </>
  );
};

/**
 * The pipeline's own actions in the build view: restart from a stage and
 * rerun or replay for a finished run, pause and resume for a running one.
 * Each is shown disabled with its reason when Jenkins or the policy does
 * not allow it.
 */
export const PipelineActions = (props: { context: BuildViewContext }) => {
  const { context } = props;
  if (!context.isPipeline) {
    return null;
  }
  const running = isLiveStatus(context.build.status);
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="flex-start"
      style={{ gap: 12 }}
      role="group"
      aria-label="Pipeline actions"
    >
      {running ? (
        <RunningActions context={context} />
      ) : (
        <FinishedRunActions context={context} />
      )}
    </Box>
  );
};
