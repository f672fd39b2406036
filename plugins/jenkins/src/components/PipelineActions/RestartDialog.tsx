import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import {
  Capability,
  GraphStage,
  StartedBuildResponse,
} from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { statusLabel } from '../BuildStatus';
import { errorMessage } from '../JenkinsStates';
import { leafStages } from '../PipelineGraph';
import { StartedBuildStatus } from './StartedBuildStatus';

/**
 * The stage to offer first: the restartable top-level stage that holds the
 * first failure, else the first restartable one.
 */
export function defaultRestartStage(
  restartable: string[],
  stages: GraphStage[],
): string | undefined {
  const failed = stages.find(
    top =>
      restartable.includes(top.name) &&
      [top, ...leafStages(top.children)].some(
        s => s.state === 'failure' || s.state === 'unstable',
      ),
  );
  return failed?.name ?? restartable[0];
}

/**
 * Restart a finished Declarative pipeline from a stage: only the stages
 * Jenkins says it can restart from are offered; Jenkins skips the ones
 * before and runs the rest as the person.
 */
export const RestartDialog = (props: {
  entityRef: CompoundEntityRef;
  jobId: string;
  buildNumber: number;
  restartableStages: string[];
  stages: GraphStage[];
  cancel: Capability;
  onClose: () => void;
  onOpenBuild: (buildNumber: number) => void;
}) => {
  const { entityRef, jobId, buildNumber, restartableStages, stages } = props;
  const api = useApi(jenkinsApiRef);
  const [stageName, setStageName] = useState(
    () => defaultRestartStage(restartableStages, stages) ?? '',
  );
  const [keys] = useState(() => new Map<string, string>());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [started, setStarted] = useState<StartedBuildResponse>();
  const titleId = `jenkins-restart-${jobId}-${buildNumber}`;
  const stateOf = (name: string) => stages.find(s => s.name === name)?.state;

  const submit = async () => {
    if (!keys.has(stageName)) {
      keys.set(stageName, newIdempotencyKey());
    }
    setBusy(true);
    setError(undefined);
    try {
      setStarted(
        await api.restartBuild(
          entityRef,
          jobId,
          buildNumber,
          { stageName },
          { idempotencyKey: keys.get(stageName) },
        ),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>
        Restart build #{buildNumber} from a stage
      </DialogTitle>
      <DialogContent>
        {started ? (
          <StartedBuildStatus
            entityRef={entityRef}
            jobId={jobId}
            started={started}
            cancel={props.cancel}
            onOpenBuild={n => {
              props.onClose();
              props.onOpenBuild(n);
            }}
          />
        ) : (
          <>
            <Typography variant="body2" paragraph>
              Jenkins starts a new build that skips the stages before the one
              you choose and runs it and the stages after it again, with the
              same parameters.
            </Typography>
            <FormControl component="fieldset">
              <FormLabel component="legend">Restart from stage</FormLabel>
              <RadioGroup
                name="stageName"
                value={stageName}
                onChange={e => setStageName(e.target.value)}
              >
                {restartableStages.map(name => {
                  const state = stateOf(name);
                  return (
                    <FormControlLabel
                      key={name}
                      value={name}
                      control={<Radio color="primary" />}
                      label={state ? `${name} (${statusLabel(state)})` : name}
                    />
                  );
                })}
              </RadioGroup>
            </FormControl>
            {error && (
              <Box mt={2}>
                <Alert severity="error">{error}</Alert>
              </Box>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{started ? 'Close' : 'Cancel'}</Button>
        {!started && (
          <Button
            color="primary"
            variant="contained"
            disabled={busy || !stageName}
            onClick={submit}
          >
            Restart from {stageName || 'stage'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
};
