export { JenkinsContent } from './JenkinsContent';
