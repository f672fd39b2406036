import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import {
  Capability,
  ReplayInfo,
  ReplayRequest,
  StartedBuildResponse,
} from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { errorMessage } from '../JenkinsStates';
import { StartedBuildStatus } from '../PipelineActions/StartedBuildStatus';
import { ScriptDiff } from './ScriptDiff';

const MAIN = 'main';

function scriptLabel(name: string): string {
  return name === MAIN ? 'Main script (Jenkinsfile)' : `Loaded script ${name}`;
}

/** The request for the scripts as edited: only what differs from the original. */
export function replayRequest(
  info: ReplayInfo,
  edits: Record<string, string>,
): ReplayRequest {
  if (info.main === null) {
    return {};
  }
  const main = edits[MAIN] ?? info.main;
  const loaded = Object.fromEntries(
    Object.entries(edits).filter(
      ([name, text]) =>
        name !== MAIN && name in info.loaded && text !== info.loaded[name],
    ),
  );
  if (main === info.main && Object.keys(loaded).length === 0) {
    return {};
  }
  return {
    script: Object.keys(loaded).length ? { main, loaded } : { main },
  };
}

/**
 * Rerun or replay a pipeline build: the build's scripts in an editor, the
 * edits as a diff against the original, then Jenkins' Replay with the
 * edited script (or a rerun with the same one). Without the right to edit,
 * the script is read-only and the reason is said.
 */
export const ReplayDialog = (props: {
  entityRef: CompoundEntityRef;
  jobId: string;
  buildNumber: number;
  info: ReplayInfo;
  cancel: Capability;
  onClose: () => void;
  onOpenBuild: (buildNumber: number) => void;
}) => {
  const { entityRef, jobId, buildNumber, info, onClose } = props;
  const api = useApi(jenkinsApiRef);
  const [selected, setSelected] = useState(MAIN);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [started, setStarted] = useState<StartedBuildResponse>();
  // One key per distinct submission: a retry of the same scripts reuses it.
  const [keys] = useState(() => new Map<string, string>());
  const names = [MAIN, ...Object.keys(info.loaded).sort()];
  const originalOf = (name: string) =>
    (name === MAIN ? info.main : info.loaded[name]) ?? '';
  const current = edits[selected] ?? originalOf(selected);
  const request = replayRequest(info, edits);
  const edited = request.script !== undefined;
  const hasScript = info.main !== null;
  const canEdit = info.canEditScript.allowed && hasScript;
  const titleId = `jenkins-replay-${jobId}-${buildNumber}`;

  const submit = async () => {
    const signature = JSON.stringify(request);
    if (!keys.has(signature)) {
      keys.set(signature, newIdempotencyKey());
    }
    setBusy(true);
    setError(undefined);
    try {
      setStarted(
        await api.replayBuild(entityRef, jobId, buildNumber, request, {
          idempotencyKey: keys.get(signature),
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={titleId}>Replay build #{buildNumber}</DialogTitle>
      <DialogContent>
        {started ? (
          <StartedBuildStatus
            entityRef={entityRef}
            jobId={jobId}
            started={started}
            cancel={props.cancel}
            onOpenBuild={n => {
              onClose();
              props.onOpenBuild(n);
            }}
          />
        ) : (
          <>
            <Typography variant="body2" paragraph>
              Jenkins runs a new build with this pipeline script and the same
              parameters. Leave the script as it is to rerun the build; edit it
              to replay it with your changes, which are recorded in the activity
              with a diff.
            </Typography>
            {!hasScript && (
              <Box mb={2}>
                <Alert severity="info">
                  Jenkins shows you no script for this build (replaying needs
                  Run/Replay in Jenkins): you can rerun it with the same script.
                </Alert>
              </Box>
            )}
            {hasScript && !info.canEditScript.allowed && (
              <Box mb={2}>
                <Alert severity="info">
                  You can rerun this build with the same script, but not edit
                  it: {info.canEditScript.reason ?? 'permission denied.'}
                </Alert>
              </Box>
            )}
            {hasScript && names.length > 1 && (
              <Box mb={2}>
                <TextField
                  select
                  SelectProps={{ native: true }}
                  label="Script"
                  id={`${titleId}-script`}
                  value={selected}
                  onChange={e => setSelected(e.target.value)}
                  variant="outlined"
                  size="small"
                >
                  {names.map(name => (
                    <option key={name} value={name}>
                      {scriptLabel(name)}
                    </option>
                  ))}
                </TextField>
              </Box>
            )}
            {hasScript && (
              <TextField
                id={`${titleId}-editor`}
                label={scriptLabel(selected)}
                multiline
                fullWidth
                minRows={12}
                maxRows={24}
                variant="outlined"
                value={current}
                onChange={e =>
                  setEdits(previous => ({
                    ...previous,
                    [selected]: e.target.value,
                  }))
                }
                InputProps={{
                  readOnly: !canEdit,
                  style: { fontFamily: 'monospace', fontSize: 13 },
                }}
                inputProps={{ spellCheck: false }}
                helperText={
                  info.sha256
                    ? `sha256 of the original main script: ${info.sha256.slice(
                        0,
                        12,
                      )}…`
                    : undefined
                }
              />
            )}
            <Box mt={2}>
              {names
                .filter(name =>
                  name === selected
                    ? hasScript
                    : edits[name] !== undefined &&
                      edits[name] !== originalOf(name),
                )
                .map(name => (
                  <Box key={name} mb={1}>
                    <ScriptDiff
                      name={scriptLabel(name)}
                      original={originalOf(name)}
                      edited={edits[name] ?? originalOf(name)}
                    />
                  </Box>
                ))}
            </Box>
            {error && (
              <Box mt={2}>
                <Alert severity="error">{error}</Alert>
              </Box>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{started ? 'Close' : 'Cancel'}</Button>
        {!started && (
          <>
            {edited && (
              <Button onClick={() => setEdits({})} disabled={busy}>
                Undo my changes
              </Button>
            )}
            <Button
              color="primary"
              variant="contained"
              onClick={submit}
              disabled={busy}
            >
              {edited
                ? 'Replay with the edited script'
                : 'Rerun with the same script'}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
};
