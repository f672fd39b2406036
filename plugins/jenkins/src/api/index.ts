export { jenkinsApiRef } from './JenkinsApi';
export type {
  JenkinsApi,
  JenkinsOverviewOptions,
  JenkinsPageOptions,
  JenkinsBranchSearchOptions,
  JenkinsWriteOptions,
} from './JenkinsApi';
export { JenkinsClient } from './JenkinsClient';
export type { JenkinsClientOptions } from './JenkinsClient';
export { newIdempotencyKey } from './idempotencyKey';
