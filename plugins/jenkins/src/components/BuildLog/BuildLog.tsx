import { CompoundEntityRef } from '@backstage/catalog-model';
import { LogViewer } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Capability } from '@internal/plugin-jenkins-common';
import { JenkinsErrorPanel, LoadingRows, errorMessage } from '../JenkinsStates';
import { useBuildLog } from './useBuildLog';

function logStatus(log: { more: boolean; error?: Error }): string {
  if (log.error) {
    return `The log stopped updating: ${errorMessage(log.error)}`;
  }
  return log.more ? 'Following the live log…' : 'End of log.';
}

/**
 * The console log of a build, read progressively and following a running
 * build to its end; ANSI colours and search come from Backstage's LogViewer.
 */
export const BuildLog = (props: {
  entityRef: CompoundEntityRef;
  jobId: string;
  buildNumber: number;
  readLogs: Capability;
}) => {
  const { entityRef, jobId, buildNumber, readLogs } = props;
  const log = useBuildLog(entityRef, jobId, buildNumber, readLogs.allowed);
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
        <LogViewer text={log.text || '(the log is empty)'} />
      </Box>
    </>
  );
};
