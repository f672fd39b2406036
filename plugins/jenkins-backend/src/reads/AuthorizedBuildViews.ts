import { NotAllowedError } from '@backstage/errors';
import {
  BuildArtifacts,
  BuildCauses,
  BuildChanges,
  BuildGraph,
  Capability,
  jenkinsBuildArtifactsReadPermission,
  jenkinsBuildLogsReadPermission,
  jenkinsBuildPausePermission,
  jenkinsBuildReplayEditPermission,
  jenkinsBuildReplayPermission,
  jenkinsBuildRestartPermission,
  JenkinsJobPermission,
  jenkinsJobReadPermission,
  LogChunk,
  PauseState,
  ReplayInfo,
  RestartInfo,
  StageSteps,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { JenkinsFileStream } from '../jenkins/JenkinsGateway';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { denialReason, JobAuthorizer } from '../permissions/JobAuthorizer';
import { BuildRecordViews } from './BuildRecordViews';
import { PipelineGraphViews } from './PipelineGraphViews';

/** Which build of which job of which entity a view is about. */
export interface BuildTarget {
  entityRef: string;
  jobId: string;
  buildNumber: number;
}

/** What resolves a target's job and confirms its branch (the `JobResolver`). */
export interface BuildViewsResolver {
  resolveJob(
    caller: Caller,
    entityRef: string,
    jobId: string,
  ): Promise<ResolvedJob>;
  confirmBranch(caller: Caller, job: ResolvedJob): Promise<void>;
}

/**
 * The build views' permission layer: resolves the job through the entity
 * (with the caller's credentials), decides the view's permission
 * (`jenkins.job.read`; step logs `jenkins.build.logs.read`; artifact
 * downloads `jenkins.build.artifacts.read`; the original script
 * `jenkins.build.replay`) and only then lets {@link PipelineGraphViews} or
 * {@link BuildRecordViews} ask Jenkins. Views that offer an action carry the caller's capability for it.
 */
export class AuthorizedBuildViews {
  constructor(
    private readonly resolver: BuildViewsResolver,
    private readonly authorizer: JobAuthorizer,
    private readonly pipelines: PipelineGraphViews,
    private readonly records: BuildRecordViews,
  ) {}

  async graph(caller: Caller, target: BuildTarget): Promise<BuildGraph> {
    const { job, allowed } = await this.authorized(caller, target, [
      jenkinsBuildLogsReadPermission,
    ]);
    return this.pipelines.graph(
      caller,
      job,
      target.buildNumber,
      capability(allowed[0], jenkinsBuildLogsReadPermission, job),
    );
  }

  async stageSteps(
    caller: Caller,
    target: BuildTarget,
    stageId: string,
  ): Promise<StageSteps> {
    const { job } = await this.authorized(caller, target);
    return this.pipelines.stageSteps(caller, job, target.buildNumber, stageId);
  }

  async nodeLog(
    caller: Caller,
    target: BuildTarget,
    nodeId: string,
    start: number,
  ): Promise<LogChunk> {
    const job = await this.require(
      caller,
      target,
      jenkinsBuildLogsReadPermission,
    );
    return this.pipelines.nodeLog(
      caller,
      job,
      target.buildNumber,
      nodeId,
      start,
    );
  }

  async changes(caller: Caller, target: BuildTarget): Promise<BuildChanges> {
    const { job } = await this.authorized(caller, target);
    return this.records.changes(caller, job, target.buildNumber);
  }

  async artifacts(
    caller: Caller,
    target: BuildTarget,
  ): Promise<BuildArtifacts> {
    const { job, allowed } = await this.authorized(caller, target, [
      jenkinsBuildArtifactsReadPermission,
    ]);
    return this.records.artifacts(
      caller,
      job,
      target.buildNumber,
      capability(allowed[0], jenkinsBuildArtifactsReadPermission, job),
    );
  }

  async artifact(
    caller: Caller,
    target: BuildTarget,
    path: string,
  ): Promise<JenkinsFileStream & { fileName: string; job: ResolvedJob }> {
    const job = await this.require(
      caller,
      target,
      jenkinsBuildArtifactsReadPermission,
    );
    return {
      ...(await this.records.artifact(caller, job, target.buildNumber, path)),
      job,
    };
  }

  async causes(caller: Caller, target: BuildTarget): Promise<BuildCauses> {
    const { job } = await this.authorized(caller, target);
    return this.records.causes(caller, job, target.buildNumber);
  }

  async restartInfo(caller: Caller, target: BuildTarget): Promise<RestartInfo> {
    const { job, allowed } = await this.authorized(caller, target, [
      jenkinsBuildRestartPermission,
    ]);
    return {
      ...(await this.records.restartInfo(caller, job, target.buildNumber)),
      capability: capability(allowed[0], jenkinsBuildRestartPermission, job),
    };
  }

  /** The original scripts: only for callers allowed to rerun the build. */
  async replayInfo(caller: Caller, target: BuildTarget): Promise<ReplayInfo> {
    const job = await this.resolver.resolveJob(
      caller,
      target.entityRef,
      target.jobId,
    );
    const [canRead, canReplay, canEdit] = await this.authorizer.decide(
      caller,
      [
        jenkinsJobReadPermission,
        jenkinsBuildReplayPermission,
        jenkinsBuildReplayEditPermission,
      ],
      job,
    );
    if (!canRead || !canReplay) {
      throw new NotAllowedError(
        denialReason(
          canRead ? jenkinsBuildReplayPermission : jenkinsJobReadPermission,
          job.resource,
        ),
      );
    }
    await this.resolver.confirmBranch(caller, job);
    return this.records.replayInfo(caller, job, target.buildNumber, {
      canReplay: { allowed: true },
      canEditScript: capability(canEdit, jenkinsBuildReplayEditPermission, job),
    });
  }

  async pauseState(caller: Caller, target: BuildTarget): Promise<PauseState> {
    const { job, allowed } = await this.authorized(caller, target, [
      jenkinsBuildPausePermission,
    ]);
    return {
      ...(await this.records.pauseState(caller, job, target.buildNumber)),
      capability: capability(allowed[0], jenkinsBuildPausePermission, job),
    };
  }

  /**
   * Resolves the job and decides `jenkins.job.read` (refused: 403) with the
   * `extra` permissions in the same policy call; confirms a branch after.
   */
  private async authorized(
    caller: Caller,
    target: BuildTarget,
    extra: JenkinsJobPermission[] = [],
  ): Promise<{ job: ResolvedJob; allowed: boolean[] }> {
    const job = await this.resolver.resolveJob(
      caller,
      target.entityRef,
      target.jobId,
    );
    const [canRead, ...allowed] = await this.authorizer.decide(
      caller,
      [jenkinsJobReadPermission, ...extra],
      job,
    );
    if (!canRead) {
      throw new NotAllowedError(
        denialReason(jenkinsJobReadPermission, job.resource),
      );
    }
    await this.resolver.confirmBranch(caller, job);
    return { job, allowed };
  }

  private async require(
    caller: Caller,
    target: BuildTarget,
    permission: JenkinsJobPermission,
  ): Promise<ResolvedJob> {
    const job = await this.resolver.resolveJob(
      caller,
      target.entityRef,
      target.jobId,
    );
    await this.authorizer.authorizeJob(caller, permission, job);
    await this.resolver.confirmBranch(caller, job);
    return job;
  }
}

function capability(
  allowed: boolean,
  permission: JenkinsJobPermission,
  job: ResolvedJob,
): Capability {
  return allowed
    ? { allowed: true }
    : { allowed: false, reason: denialReason(permission, job.resource) };
}
