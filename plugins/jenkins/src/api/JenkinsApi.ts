import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ActionResponse,
  ActivityPage,
  BuildDetail,
  BuildsPage,
  InputAnswerRequest,
  JobsResponse,
  LogChunk,
  OverviewResponse,
  QueueState,
  TriggerRequest,
  TriggerResponse,
} from '@internal/plugin-jenkins-common';

/**
 * Options of every write. The idempotency key identifies one user
 * submission: pass the same key when the same submission is retried so the
 * backend returns the first result instead of acting twice.
 *
 * @public
 */
export interface JenkinsWriteOptions {
  idempotencyKey?: string;
}

/** `?limit=&cursor=` of paginated reads. @public */
export interface JenkinsPageOptions {
  limit?: number;
  cursor?: string;
}

/**
 * `?job=&limit=&trend=&activityLimit=` of the overview: the job (or branch)
 * id to show first, and the sizes of its builds page, its trend and the
 * activity page.
 *
 * @public
 */
export interface JenkinsOverviewOptions {
  job?: string;
  limit?: number;
  trend?: number;
  activityLimit?: number;
}

/**
 * The Jenkins backend API as the frontend sees it. Every method takes the
 * entity the jobs belong to, because the backend only reaches jobs that the
 * entity's annotation names.
 *
 * @public
 */
export interface JenkinsApi {
  /**
   * Everything the tab's first paint needs in one request: the jobs, the
   * selected job's first builds page and trend, and the recent activity.
   */
  getOverview(
    entity: CompoundEntityRef,
    options?: JenkinsOverviewOptions,
  ): Promise<OverviewResponse>;
  getJobs(entity: CompoundEntityRef): Promise<JobsResponse>;
  getBuilds(
    entity: CompoundEntityRef,
    jobId: string,
    options?: JenkinsPageOptions,
  ): Promise<BuildsPage>;
  getBuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<BuildDetail>;
  getBuildLog(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    start: number,
  ): Promise<LogChunk>;
  /**
   * The whole console log of a build as a file, streamed by the backend
   * from Jenkins' `consoleText`.
   */
  downloadBuildLog(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<Blob>;
  getActivity(
    entity: CompoundEntityRef,
    options?: JenkinsPageOptions,
  ): Promise<ActivityPage>;
  getQueueItem(
    entity: CompoundEntityRef,
    jobId: string,
    queueId: number,
  ): Promise<QueueState>;
  triggerBuild(
    entity: CompoundEntityRef,
    jobId: string,
    request: TriggerRequest,
    options?: JenkinsWriteOptions,
  ): Promise<TriggerResponse>;
  rebuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    request: TriggerRequest,
    options?: JenkinsWriteOptions,
  ): Promise<TriggerResponse>;
  abortBuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    options?: JenkinsWriteOptions,
  ): Promise<ActionResponse>;
  cancelQueueItem(
    entity: CompoundEntityRef,
    jobId: string,
    queueId: number,
    options?: JenkinsWriteOptions,
  ): Promise<ActionResponse>;
  answerInput(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    inputId: string,
    request: InputAnswerRequest,
    options?: JenkinsWriteOptions,
  ): Promise<ActionResponse>;
}

/**
 * The API ref of {@link JenkinsApi}.
 *
 * @public
 */
export const jenkinsApiRef = createApiRef<JenkinsApi>({
  id: 'plugin.jenkins.api',
});
