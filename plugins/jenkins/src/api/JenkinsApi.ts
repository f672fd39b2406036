import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ChangeRecord,
  ActionResponse,
  ActivityPage,
  BranchesPage,
  BuildArtifacts,
  BuildCauses,
  BuildChanges,
  BuildDetail,
  BuildGraph,
  BuildsPage,
  InputAnswerRequest,
  JobsResponse,
  LogChunk,
  OverviewResponse,
  PauseState,
  QueueState,
  ReplayInfo,
  ReplayRequest,
  RestartInfo,
  RestartRequest,
  StageSteps,
  StartedBuildResponse,
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

/** `?q=&limit=&cursor=` of a multibranch job's branches. @public */
export interface JenkinsBranchSearchOptions extends JenkinsPageOptions {
  /** Part of the branch name, matched ignoring case. */
  q?: string;
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
  /**
   * The entity's jobs; `include` (a branch id) is listed among its
   * multibranch job's branches even when the job has more than the summary
   * shows.
   */
  getJobs(
    entity: CompoundEntityRef,
    options?: { include?: string },
  ): Promise<JobsResponse>;
  /**
   * A page of a multibranch job's branches whose name contains `q`,
   * searched and paged by the backend.
   */
  searchBranches(
    entity: CompoundEntityRef,
    jobId: string,
    options?: JenkinsBranchSearchOptions,
  ): Promise<BranchesPage>;
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
   * The build's change record: who requested it, who approved it, the
   * policy's decisions, Jenkins' answers, the result, and a digest.
   */
  getChangeRecord(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<ChangeRecord>;
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
  /**
   * The stage graph: nested stages and parallel branches (Pipeline Graph
   * View), or flat stages where Jenkins only has `wfapi`.
   */
  getBuildGraph(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<BuildGraph>;
  /** The steps of one stage (or parallel branch) of the graph. */
  getStageSteps(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    stageId: string,
  ): Promise<StageSteps>;
  /** A chunk of the log of one step, or of all the steps of one stage. */
  getNodeLog(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    nodeId: string,
    start: number,
  ): Promise<LogChunk>;
  /** The commits of a build, authors linked to catalog users by e-mail. */
  getBuildChanges(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<BuildChanges>;
  getBuildArtifacts(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<BuildArtifacts>;
  /** One artifact's file, streamed by the backend from Jenkins. */
  downloadArtifact(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    path: string,
  ): Promise<Blob>;
  /** Why the build ran: the cause chain (upstream, timer, SCM, user, restart, replay). */
  getBuildCauses(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<BuildCauses>;
  /** The stages Jenkins offers to restart the build from, and whether the caller may. */
  getRestartInfo(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<RestartInfo>;
  restartBuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    request: RestartRequest,
    options?: JenkinsWriteOptions,
  ): Promise<StartedBuildResponse>;
  /** The build's pipeline scripts, for the replay dialog. */
  getReplayInfo(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<ReplayInfo>;
  /** Reruns with the same script, or replays with `request.script`. */
  replayBuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    request: ReplayRequest,
    options?: JenkinsWriteOptions,
  ): Promise<StartedBuildResponse>;
  getPauseState(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<PauseState>;
  pauseBuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    options?: JenkinsWriteOptions,
  ): Promise<ActionResponse>;
  resumeBuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
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
