export {
  PipelineGraph,
  findStage,
  firstFailedStage,
  leafStages,
  nodeStateLabel,
  stagesAsGraph,
} from './PipelineGraph';
