export { BuildView } from './BuildView';
export { defaultBuildSections } from './defaultBuildSections';
export { Section, jenkinsRoot } from './BuildSection';
export type {
  BuildSection,
  BuildViewContext,
  LogSelection,
} from './BuildSection';
