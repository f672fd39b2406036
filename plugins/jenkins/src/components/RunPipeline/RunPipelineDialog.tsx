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
import { FormEvent, useMemo, useState } from 'react';
import { TriggerResponse } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { JobTarget, targetFullName, targetJobId } from '../../jobTarget';
import { isProductionEnvironment } from '../EnvironmentBadge';
import { errorMessage } from '../JenkinsStates';
import { ParameterFields } from './ParameterFields';
import {
  formParameters,
  initialParameterValues,
  ParameterFormValues,
  parametersToSend,
  validateParameters,
} from './parameterForm';
import { QueueProgress } from './QueueProgress';

/** One submission: what was sent and the key that identifies it. */
interface Attempt {
  key: string;
  payload: string;
}

/**
 * The Run pipeline (or rebuild) dialog: a form generated from the job's
 * parameters, the environment up front, then the queue state until the
 * build has a number and a link to it.
 */
export const RunPipelineDialog = (props: {
  open: boolean;
  onClose: () => void;
  entityRef: CompoundEntityRef;
  target: JobTarget;
  /** Set to rebuild that build: only its secrets are asked for again. */
  rebuildOf?: number;
  onOpenBuild: (jobId: string, buildNumber: number) => void;
}) => {
  const { open, onClose, entityRef, target, rebuildOf, onOpenBuild } = props;
  const api = useApi(jenkinsApiRef);
  const { job } = target;
  const jobId = targetJobId(target);
  const fullName = targetFullName(target);
  const rebuilding = rebuildOf !== undefined;

  const definitions = useMemo(() => {
    const visible = formParameters(job.parameters);
    if (!rebuilding) {
      return visible;
    }
    // A rebuild reuses the build's values, except secrets, which Jenkins never
    // gives back: every secret must be entered again, even one with a default.
    return visible.flatMap(d =>
      d.type === 'password' ? [{ ...d, hasDefault: false }] : [],
    );
  }, [job.parameters, rebuilding]);

  const [values, setValues] = useState<ParameterFormValues>(() =>
    initialParameterValues(definitions),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const [failedAttempt, setFailedAttempt] = useState<Attempt>();
  const [result, setResult] = useState<TriggerResponse>();

  const idPrefix = `jenkins-run-${jobId}`;
  const title = rebuilding
    ? `Rebuild #${rebuildOf} of ${fullName}`
    : `Run ${fullName}`;
  const production = isProductionEnvironment(job.environment);

  const onChange = (name: string, value: string | boolean) => {
    setValues(v => ({ ...v, [name]: value }));
    setErrors(e => {
      const { [name]: _removed, ...rest } = e;
      return rest;
    });
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateParameters(definitions, values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      return;
    }
    const parameters = parametersToSend(definitions, values);
    const request = Object.keys(parameters).length ? { parameters } : {};
    const payload = JSON.stringify(request);
    // Retrying the same submission reuses its key, so the backend can tell a
    // retry from a second run.
    const key =
      failedAttempt?.payload === payload
        ? failedAttempt.key
        : newIdempotencyKey();
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const response = rebuilding
        ? await api.rebuild(entityRef, jobId, rebuildOf!, request, {
            idempotencyKey: key,
          })
        : await api.triggerBuild(entityRef, jobId, request, {
            idempotencyKey: key,
          });
      setFailedAttempt(undefined);
      setResult(response);
    } catch (e) {
      setFailedAttempt({ key, payload });
      setSubmitError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby={`${idPrefix}-title`}
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id={`${idPrefix}-title`}>{title}</DialogTitle>
        <DialogContent>
          {job.environment && (
            <Alert
              severity={production ? 'warning' : 'info'}
              variant={production ? 'filled' : 'standard'}
            >
              <strong>Environment: {job.environment}</strong>
              {production && ' — this run changes production.'}
            </Alert>
          )}
          {job.identity.notice && (
            <Box mt={1}>
              <Alert severity="info">{job.identity.notice}</Alert>
            </Box>
          )}
          {result ? (
            <Box mt={2}>
              <QueueProgress
                entityRef={entityRef}
                jobId={jobId}
                initial={result.queue}
                cancel={job.capabilities.abort}
                onOpenBuild={n => {
                  onClose();
                  onOpenBuild(jobId, n);
                }}
              />
            </Box>
          ) : (
            <>
              {rebuilding && (
                <Box mt={2}>
                  <Typography variant="body2">
                    Runs build #{rebuildOf} again with the same parameters.
                    {definitions.length > 0 &&
                      ' Secrets are not kept: enter them again.'}
                  </Typography>
                </Box>
              )}
              {!rebuilding && definitions.length === 0 && (
                <Box mt={2}>
                  <Typography variant="body2">
                    This job takes no parameters.
                  </Typography>
                </Box>
              )}
              <ParameterFields
                idPrefix={idPrefix}
                definitions={definitions}
                values={values}
                errors={errors}
                disabled={submitting}
                onChange={onChange}
              />
              {submitError && (
                <Box mt={2}>
                  <Alert severity="error">{submitError}</Alert>
                </Box>
              )}
            </>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{result ? 'Close' : 'Cancel'}</Button>
          {!result && (
            <Button
              type="submit"
              color="primary"
              variant="contained"
              disabled={submitting}
            >
              {rebuilding ? 'Rebuild' : 'Run'}
            </Button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
};
