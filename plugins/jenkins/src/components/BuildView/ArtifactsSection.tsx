import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import LockIcon from '@material-ui/icons/Lock';
import { useState } from 'react';
import { Artifact, Capability } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { useRefreshableAsync } from '../../hooks/useRefreshableAsync';
import {
  ErrorText,
  JenkinsErrorPanel,
  LoadingRows,
  errorMessage,
} from '../JenkinsStates';
import { BuildViewContext, visuallyHidden } from './BuildSection';

/** Saves a blob as a file, as a download link would. */
function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

const DownloadButton = (props: {
  context: BuildViewContext;
  artifact: Artifact;
  canDownload: Capability;
  reasonId: string;
}) => {
  const { context, artifact, canDownload, reasonId } = props;
  const api = useApi(jenkinsApiRef);
  const [state, setState] = useState<{ busy: boolean; error?: string }>({
    busy: false,
  });
  if (!canDownload.allowed) {
    return (
      <Button
        size="small"
        disabled
        startIcon={<LockIcon />}
        aria-label={`Download ${artifact.displayPath}`}
        aria-describedby={reasonId}
      >
        Download
      </Button>
    );
  }
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Button
        size="small"
        color="primary"
        startIcon={<GetAppIcon />}
        disabled={state.busy}
        aria-label={`Download ${artifact.displayPath}`}
        onClick={async () => {
          setState({ busy: true });
          try {
            const blob = await api.downloadArtifact(
              context.entityRef,
              context.jobId,
              context.build.number,
              artifact.path,
            );
            saveBlob(blob, artifact.fileName);
            setState({ busy: false });
          } catch (e) {
            setState({ busy: false, error: errorMessage(e) });
          }
        }}
      >
        {state.busy ? 'Downloading…' : 'Download'}
      </Button>
      {state.error && (
        <ErrorText variant="caption">
          Could not download {artifact.fileName}: {state.error}
        </ErrorText>
      )}
    </Box>
  );
};

/** The Artifacts tab: what the build archived, downloaded through the backend. */
export const ArtifactsSection = (props: { context: BuildViewContext }) => {
  const { context } = props;
  const { entityRef, jobId, build } = context;
  const api = useApi(jenkinsApiRef);
  const artifacts = useRefreshableAsync(
    () => api.getBuildArtifacts(entityRef, jobId, build.number),
    [api, entityRef, jobId, build.number],
  );
  if (artifacts.error && !artifacts.value) {
    return (
      <JenkinsErrorPanel
        error={artifacts.error}
        title="Could not load the artifacts"
        onRetry={artifacts.refresh}
      />
    );
  }
  if (!artifacts.value) {
    return <LoadingRows rows={2} label="Loading the artifacts" />;
  }
  const { canDownload } = artifacts.value;
  if (artifacts.value.artifacts.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        This build archived no artifacts. A pipeline keeps files with the{' '}
        <code>archiveArtifacts</code> step.
      </Typography>
    );
  }
  const reasonId = `jenkins-artifacts-reason-${build.number}`;
  return (
    <>
      {!canDownload.allowed && (
        <Typography id={reasonId} variant="body2" color="textSecondary">
          You cannot download artifacts:{' '}
          {canDownload.reason ?? 'permission denied.'}
        </Typography>
      )}
      <Table size="small" aria-label="Artifacts">
        <TableHead>
          <TableRow>
            <TableCell>File</TableCell>
            <TableCell>Path</TableCell>
            <TableCell>
              <span style={visuallyHidden}>Download</span>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {artifacts.value.artifacts.map(artifact => (
            <TableRow key={artifact.path}>
              <TableCell>{artifact.fileName}</TableCell>
              <TableCell
                style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
              >
                {artifact.path}
              </TableCell>
              <TableCell align="right">
                <DownloadButton
                  context={context}
                  artifact={artifact}
                  canDownload={canDownload}
                  reasonId={reasonId}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {artifacts.value.truncated && (
        <Typography variant="caption" color="textSecondary">
          More artifacts are left out; Jenkins lists them all.
        </Typography>
      )}
    </>
  );
};
