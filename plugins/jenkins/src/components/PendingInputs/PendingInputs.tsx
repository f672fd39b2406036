import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { PendingInput } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { errorMessage } from '../JenkinsStates';
import { ApproversHint } from './ApproversHint';
import {
  formParameters,
  initialParameterValues,
  ParameterFields,
  ParameterFormValues,
  parametersToSend,
  validateParameters,
} from '../RunPipeline';

const InputStep = (props: {
  entityRef: CompoundEntityRef;
  jobId: string;
  buildNumber: number;
  input: PendingInput;
  heading?: string;
  onAnswered: (action: 'approve' | 'reject') => void;
}) => {
  const { entityRef, jobId, buildNumber, input, heading, onAnswered } = props;
  const api = useApi(jenkinsApiRef);
  const definitions = formParameters(input.parameters);
  const [values, setValues] = useState<ParameterFormValues>(() =>
    initialParameterValues(definitions),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [failed, setFailed] = useState<{ key: string; payload: string }>();
  const allowed = input.canAnswer.allowed;
  const reason =
    input.canAnswer.reason ?? 'You are not allowed to answer this step.';

  const answer = async (action: 'approve' | 'reject') => {
    const request =
      action === 'approve' && definitions.length
        ? { action, parameters: parametersToSend(definitions, values) }
        : { action };
    if (action === 'approve') {
      const found = validateParameters(definitions, values);
      setErrors(found);
      if (Object.keys(found).length) {
        return;
      }
    }
    const payload = JSON.stringify(request);
    const key = failed?.payload === payload ? failed.key : newIdempotencyKey();
    setBusy(true);
    setError(undefined);
    try {
      await api.answerInput(entityRef, jobId, buildNumber, input.id, request, {
        idempotencyKey: key,
      });
      setFailed(undefined);
      onAnswered(action);
    } catch (e) {
      setFailed({ key, payload });
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const button = (action: 'approve' | 'reject') => {
    const label = action === 'approve' ? 'Approve' : 'Reject';
    const control = (
      <Button
        variant={action === 'approve' ? 'contained' : 'outlined'}
        color={action === 'approve' ? 'primary' : 'default'}
        disabled={!allowed || busy}
        onClick={() => answer(action)}
        aria-describedby={
          allowed ? undefined : `jenkins-input-reason-${input.id}`
        }
      >
        {label}
      </Button>
    );
    return allowed ? (
      control
    ) : (
      <Tooltip title={reason}>
        <span>{control}</span>
      </Tooltip>
    );
  };

  return (
    <Paper
      variant="outlined"
      component="li"
      style={{ padding: 16, listStyle: 'none' }}
    >
      {heading && <Typography variant="subtitle2">{heading}</Typography>}
      <Typography>{input.message}</Typography>
      {input.proceedText && input.proceedText !== 'Proceed' && (
        <Typography variant="caption" color="textSecondary">
          Approving answers “{input.proceedText}”; rejecting answers “
          {input.abortText}”.
        </Typography>
      )}
      {allowed && (
        <ParameterFields
          idPrefix={`jenkins-input-${buildNumber}-${input.id}`}
          definitions={definitions}
          values={values}
          errors={errors}
          disabled={busy}
          onChange={(name, value) => setValues(v => ({ ...v, [name]: value }))}
        />
      )}
      <Box display="flex" style={{ gap: 8 }} mt={1} alignItems="center">
        {button('approve')}
        {button('reject')}
      </Box>
      {!allowed && (
        <Typography
          id={`jenkins-input-reason-${input.id}`}
          variant="caption"
          color="textSecondary"
        >
          {reason}
        </Typography>
      )}
      {!allowed && <ApproversHint input={input} />}
      {error && (
        <Box mt={1}>
          <Alert severity="error">{error}</Alert>
        </Box>
      )}
    </Paper>
  );
};

/**
 * The input steps a build waits at, with Approve and Reject for those the
 * caller may answer and the reason for those they may not.
 */
export const PendingInputs = (props: {
  entityRef: CompoundEntityRef;
  jobId: string;
  buildNumber: number;
  inputs: PendingInput[];
  /** A heading per input, e.g. the job and build it belongs to. */
  heading?: string;
  onAnswered: () => void;
}) => {
  const [answered, setAnswered] = useState<Record<string, string>>({});
  if (props.inputs.length === 0) {
    return null;
  }
  return (
    <Box
      component="ul"
      p={0}
      m={0}
      display="flex"
      flexDirection="column"
      style={{ gap: 8 }}
    >
      {props.inputs.map(input =>
        answered[input.id] ? (
          <Typography
            component="li"
            key={input.id}
            role="status"
            style={{ listStyle: 'none' }}
          >
            {answered[input.id]}
          </Typography>
        ) : (
          <InputStep
            key={input.id}
            entityRef={props.entityRef}
            jobId={props.jobId}
            buildNumber={props.buildNumber}
            input={input}
            heading={props.heading}
            onAnswered={action => {
              setAnswered(a => ({
                ...a,
                [input.id]:
                  action === 'approve'
                    ? `Approved: ${input.message}`
                    : `Rejected: ${input.message}`,
              }));
              props.onAnswered();
            }}
          />
        ),
      )}
    </Box>
  );
};
