import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { jenkinsApiRef } from '../../api';
import { Capability } from '@internal/plugin-jenkins-common';
import { JenkinsErrorPanel, LoadingRows, errorMessage } from '../JenkinsStates';
import { AccessibleLogViewer } from './AccessibleLogViewer';
import { useBuildLog } from './useBuildLog';

function logStatus(log: {
  more: boolean;
  hasMore: boolean;
  error?: Error;
}): string {
  if (log.error) {
    return `The log stopped updating: ${errorMessage(log.error)}`;
  }
  if (log.hasMore) {
    return 'Loading the rest of the log…';
  }
  return log.more ? 'Following the live log…' : 'End of log.';
}

/**
 * Saves the whole log as a file: the backend streams it from Jenkins, so a
 * log too long to show comfortably can still be read in full.
 */
const DownloadLogButton = (props: {
  entityRef: CompoundEntityRef;
  jobId: string;
  buildNumber: number;
}) => {
  const { entityRef, jobId, buildNumber } = props;
  const api = useApi(jenkinsApiRef);
  const [state, setState] = useState<{ busy: boolean; error?: Error }>({
    busy: false,
  });
  const download = async () => {
    setState({ busy: true });
    try {
      const blob = await api.downloadBuildLog(entityRef, jobId, buildNumber);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `build-${buildNumber}.log`;
      link.click();
      URL.revokeObjectURL(url);
      setState({ busy: false });
    } catch (e) {
      setState({ busy: false, error: e as Error });
    }
  };
  return (
    <Box display="flex" alignItems="center" mt={1}>
      <Button
        size="small"
        variant="outlined"
        disabled={state.busy}
        onClick={download}
      >
        {state.busy ? 'Downloading…' : 'Download full log'}
      </Button>
      {state.error && (
        <Box ml={1}>
          <Typography variant="body2" color="error" role="alert">
            Could not download the log: {errorMessage(state.error)}
          </Typography>
        </Box>
      )}
    </Box>
  );
};

/**
 * The console log of a build, read progressively and following a running
 * build to its end; ANSI colours and search come from Backstage's LogViewer.
 */
export const BuildLog = (props: {
  entityRef: CompoundEntityRef;
  jobId: string;
  buildNumber: number;
  readLogs: Capability;
  /**
   * A stage or step of the graph: shows its own log. Mount one BuildLog per
   * node (a React `key`), since each log is read from its own start.
   */
  nodeId?: string;
  /** What the log is, for screen readers; the console of the build by default. */
  label?: string;
}) => {
  const { entityRef, jobId, buildNumber, readLogs, nodeId } = props;
  const log = useBuildLog(
    entityRef,
    jobId,
    buildNumber,
    readLogs.allowed,
    nodeId,
  );
  if (!readLogs.allowed) {
    return (
      <Typography color="textSecondary">
        You cannot read this log: {readLogs.reason ?? 'permission denied.'}
      </Typography>
    );
  }
  if (log.error && !log.text) {
    return (
      <JenkinsErrorPanel error={log.error} title="Could not load the log" />
    );
  }
  if (!log.loaded) {
    return <LoadingRows rows={4} label="Loading the log" />;
  }
  return (
    <>
      <Typography variant="body2" color="textSecondary" role="status">
        {logStatus(log)}
      </Typography>
      <Box height={480} mt={1}>
        <AccessibleLogViewer
          text={log.text || '(the log is empty)'}
          label={props.label ?? `Console output of build ${buildNumber}`}
        />
      </Box>
      {nodeId === undefined && (
        <DownloadLogButton
          entityRef={entityRef}
          jobId={jobId}
          buildNumber={buildNumber}
        />
      )}
    </>
  );
};
