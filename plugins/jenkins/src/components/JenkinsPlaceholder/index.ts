export { JenkinsPlaceholder } from './JenkinsPlaceholder';
