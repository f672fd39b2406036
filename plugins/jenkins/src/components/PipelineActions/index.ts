export {
  PipelineActions,
  pauseDisabledReason,
  replayDisabledReason,
  restartDisabledReason,
} from './PipelineActions';
export { RestartDialog, defaultRestartStage } from './RestartDialog';
