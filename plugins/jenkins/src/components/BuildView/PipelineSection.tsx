import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  Capability,
  GraphStage,
  GraphStep,
  StageSteps,
} from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { useEffect, useRef } from 'react';
import {
  RefreshableAsync,
  useRefreshableAsync,
} from '../../hooks/useRefreshableAsync';
import { BuildLog } from '../BuildLog';
import { BuildStatus, formatDuration } from '../BuildStatus';
import { JenkinsErrorPanel, LoadingRows } from '../JenkinsStates';
import {
  PipelineGraph,
  findStage,
  firstFailedStage,
  nodeStateLabel,
  stagesAsGraph,
} from '../PipelineGraph';
import { BuildViewContext, Section } from './BuildSection';

/**
 * Reads again when the build moved on (`version` changed), unless what was
 * read is complete: a finished run's graph and steps never change.
 */
function useRefreshWhileIncomplete(
  version: string,
  complete: boolean,
  refresh: () => void,
) {
  const last = useRef(version);
  const state = useRef({ complete, refresh });
  state.current = { complete, refresh };
  useEffect(() => {
    if (last.current !== version) {
      last.current = version;
      if (!state.current.complete) {
        state.current.refresh();
      }
    }
  }, [version]);
}

function stepText(step: GraphStep): string {
  return step.title || step.name;
}

function stageWord(stage: GraphStage): string {
  return stage.type === 'parallel' ? 'branch' : 'stage';
}

/** The steps of one stage, each with its state and a button to its log. */
const StageStepsList = (props: {
  stage: GraphStage;
  steps: RefreshableAsync<StageSteps | undefined>;
  selectedStepId?: string;
  onSelectStep: (step: GraphStep) => void;
}) => {
  const { stage, steps, selectedStepId, onSelectStep } = props;
  const title = `Steps of ${stageWord(stage)} ${stage.name}`;
  let body;
  if (steps.error && !steps.value) {
    body = (
      <JenkinsErrorPanel
        error={steps.error}
        title={`Could not load the steps of ${stage.name}`}
        onRetry={steps.refresh}
      />
    );
  } else if (!steps.value) {
    body = (
      <LoadingRows rows={2} label={`Loading the steps of ${stage.name}`} />
    );
  } else if (steps.value.steps.length === 0) {
    body = (
      <Typography variant="body2" color="textSecondary">
        {stage.children.length
          ? `${stage.name} ran no steps of its own; its ${
              stage.children.some(c => c.type === 'parallel')
                ? 'parallel branches'
                : 'stages'
            } did. Choose one above.`
          : 'Jenkins recorded no steps for this stage yet.'}
      </Typography>
    );
  } else {
    body = (
      <Box
        component="ol"
        pl={0}
        m={0}
        aria-label={title}
        style={{ listStyle: 'none' }}
      >
        {steps.value.steps.map(step => (
          <Box
            component="li"
            key={step.id}
            display="flex"
            alignItems="center"
            flexWrap="wrap"
            py={0.5}
            style={{ gap: 12 }}
          >
            <Box minWidth={130}>
              <BuildStatus
                status={step.state}
                label={nodeStateLabel(step.state)}
              />
            </Box>
            <Box flex="1 1 200px" minWidth={0}>
              <Typography
                variant="body2"
                style={{ fontFamily: 'monospace', wordBreak: 'break-word' }}
              >
                {stepText(step)}
              </Typography>
              {step.title && step.name && step.title !== step.name && (
                <Typography variant="caption" color="textSecondary">
                  {step.name}
                </Typography>
              )}
              {step.input && (
                <Typography variant="caption" component="div">
                  Waiting for input: {step.input.message}
                </Typography>
              )}
            </Box>
            <Typography variant="caption" color="textSecondary">
              {step.durationMs !== null ? formatDuration(step.durationMs) : ''}
            </Typography>
            <Button
              size="small"
              color="primary"
              aria-current={step.id === selectedStepId ? 'true' : undefined}
              aria-label={`Log of step ${stepText(step)}`}
              onClick={() => onSelectStep(step)}
            >
              Log
            </Button>
          </Box>
        ))}
      </Box>
    );
  }
  return <Section title={title}>{body}</Section>;
};

/** The log of the chosen stage or step, or the whole console. */
const LogPanel = (props: {
  context: BuildViewContext;
  stage?: GraphStage;
  stepId?: string;
  step?: GraphStep;
  readLogs: Capability;
}) => {
  const { context, stage, step, readLogs } = props;
  const { entityRef, jobId, build } = context;
  const nodeId = props.stepId ?? stage?.id;
  let what = 'The whole console output';
  if (props.stepId && stage) {
    what = `Log of step ${step ? stepText(step) : props.stepId} in ${stageWord(
      stage,
    )} ${stage.name}`;
  } else if (stage) {
    what = `Log of ${stageWord(stage)} ${stage.name}`;
  } else if (props.stepId) {
    // A step of a branch the flat (wfapi) graph does not list.
    what = `Log of step ${props.stepId}`;
  }
  return (
    <Section title="Log">
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="subtitle2" component="p">
          {what}
        </Typography>
        {nodeId !== undefined && (
          <Button size="small" onClick={() => context.showLog(undefined)}>
            Show the whole console
          </Button>
        )}
      </Box>
      <BuildLog
        key={nodeId ?? 'console'}
        entityRef={entityRef}
        jobId={jobId}
        buildNumber={build.number}
        readLogs={readLogs}
        nodeId={nodeId}
        label={nodeId ? what : undefined}
      />
    </Section>
  );
};

/**
 * The Pipeline tab: the stage graph (nested stages, parallel branches),
 * the chosen stage's steps, and the log of the chosen stage or step, or
 * the whole console.
 */
export const PipelineSection = (props: { context: BuildViewContext }) => {
  const { context } = props;
  const { entityRef, jobId, build, version, target, logSelection } = context;
  const api = useApi(jenkinsApiRef);
  const graph = useRefreshableAsync(
    () =>
      context.isPipeline
        ? api.getBuildGraph(entityRef, jobId, build.number)
        : Promise.resolve(undefined),
    [api, entityRef, jobId, build.number, context.isPipeline],
  );
  // A finished run's graph never changes; a running one's follows the build.
  useRefreshWhileIncomplete(
    version,
    graph.value?.complete ?? false,
    graph.refresh,
  );

  // Until the graph arrives (or when it cannot), the build's own flat stages.
  const stages = graph.value?.stages ?? stagesAsGraph(build.stages);
  const complete = graph.value?.complete ?? false;
  const readLogs: Capability = !target.job.capabilities.readLogs.allowed
    ? target.job.capabilities.readLogs
    : graph.value?.canReadLogs ?? build.canReadLogs;

  let stage: GraphStage | undefined;
  let stepId: string | undefined;
  if (logSelection && 'firstFailure' in logSelection) {
    stage = firstFailedStage(stages);
  } else if (logSelection) {
    stage = [logSelection.stageId, ...(logSelection.orStageIds ?? [])]
      .map(id => findStage(stages, id))
      .find(found => found !== undefined);
    stepId = logSelection.stepId;
  }
  const stageId = stage?.id;
  const steps = useRefreshableAsync(
    () =>
      stageId
        ? api.getStageSteps(entityRef, jobId, build.number, stageId)
        : Promise.resolve(undefined),
    [api, entityRef, jobId, build.number, stageId],
  );
  useRefreshWhileIncomplete(
    version,
    complete || (steps.value?.complete ?? false),
    steps.refresh,
  );
  const step = stepId
    ? steps.value?.steps.find(s => s.id === stepId)
    : undefined;

  return (
    <>
      {context.isPipeline && graph.error && !graph.value && (
        <Box mb={1}>
          <JenkinsErrorPanel
            error={graph.error}
            title="Could not load the stage graph; showing the stages Jenkins summarised"
            onRetry={graph.refresh}
          />
        </Box>
      )}
      {context.isPipeline && graph.loading && !graph.value && !graph.error && (
        <LinearProgress aria-label="Loading the stage graph" />
      )}
      {graph.value?.source === 'wfapi' && (
        <Alert severity="info">
          This Jenkins has no Pipeline Graph View plugin: stages are shown as
          Jenkins' stage view lists them, without parallel branches.
        </Alert>
      )}
      <PipelineGraph
        stages={stages}
        selectedId={stage?.id}
        onSelect={s => context.showLog({ stageId: s.id })}
        logAccess={readLogs}
      />
      {stage && (
        <StageStepsList
          stage={stage}
          steps={steps}
          selectedStepId={stepId}
          onSelectStep={s =>
            context.showLog({ stageId: stage!.id, stepId: s.id })
          }
        />
      )}
      <LogPanel
        context={context}
        stage={stage}
        stepId={stepId}
        step={step}
        readLogs={readLogs}
      />
    </>
  );
};
