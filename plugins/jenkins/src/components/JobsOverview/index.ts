export { JobsOverview, groupByInstance, lastBuildText } from './JobsOverview';
