export { RunPipelineButton, runDisabledReason } from './RunPipelineButton';
export { RunPipelineDialog } from './RunPipelineDialog';
export { BuildLink, QueueProgress, queueText } from './QueueProgress';
export { ParameterFields } from './ParameterFields';
export * from './parameterForm';
