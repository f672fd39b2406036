/**
 * Jenkins for Backstage entity pages.
 *
 * @packageDocumentation
 */
export {
  jenkinsPlugin,
  EntityJenkinsContent,
  EntityJenkinsLatestBuildCard,
  EntityJenkinsPendingApprovalsCard,
  rootRouteRef,
} from './plugin';
export { isJenkinsAvailable } from './conditions';
export { jenkinsApiRef, JenkinsClient, newIdempotencyKey } from './api';
export type {
  JenkinsApi,
  JenkinsClientOptions,
  JenkinsOverviewOptions,
  JenkinsPageOptions,
  JenkinsBranchSearchOptions,
  JenkinsWriteOptions,
} from './api';
export type { LatestBuildCardProps } from './components/LatestBuildCard';
