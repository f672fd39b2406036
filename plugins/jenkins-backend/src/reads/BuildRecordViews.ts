import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  BuildArtifacts,
  BuildCauses,
  BuildChanges,
  Capability,
  MAX_ARTIFACTS,
  PauseState,
  ReplayInfo,
  RestartInfo,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import {
  BUILD_CAUSES_TREE,
  BUILD_CHANGES_TREE,
  buildArtifactsTree,
  parseBuildView,
  rawBuildArtifactsSchema,
  rawBuildCausesSchema,
  rawBuildChangesSchema,
  rawPauseStateSchema,
  rawRestartSchema,
} from '../jenkins/JenkinsBuildViewsJson';
import {
  JenkinsFileStream,
  JenkinsGateway,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';
import { RawBuild } from '../jenkins/JenkinsJson';
import { BUILD_STATE_TREE } from '../jenkins/jenkinsTrees';
import { ResolvedJob } from '../jobs/ResolvedJob';
import {
  authorEmailsOf,
  toArtifacts,
  toCauseDetails,
  toChangeSets,
} from './BuildRecordMapper';
import { CatalogUserDirectory } from './CatalogUserDirectory';
import {
  MAX_REPLAY_PAGE_BYTES,
  parseReplayPage,
  ReplayScriptsOfRun,
  scriptSha256,
} from './ReplayPage';

/** Options of {@link BuildRecordViews}. */
export interface BuildRecordViewsOptions {
  gateway: JenkinsGateway;
  /**
   * The context of shared build data (`verified`: after Jenkins confirmed
   * the person may read the job).
   */
  jobReadContext(
    caller: Caller,
    instance: string,
    fullName: string,
  ): Promise<JenkinsRequestContext>;
  /**
   * The context of a read that Jenkins answers differently per person
   * (what they may restart or replay, an artifact's bytes): as the person,
   * unless the instance's reads are `shared`.
   */
  personReadContext(caller: Caller, instance: string): JenkinsRequestContext;
  users: CatalogUserDirectory;
}

/**
 * A build's record, Jenkins side, for a job already resolved and a read
 * already authorized: the changes with their authors linked to catalog
 * users, the artifacts (listed, and streamed as the person), the causes,
 * and what restart, replay and pause offer the person.
 */
export class BuildRecordViews {
  constructor(private readonly options: BuildRecordViewsOptions) {}

  /** The build's commits, authors linked to catalog users by e-mail. */
  async changes(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
  ): Promise<BuildChanges> {
    const ctx = await this.context(caller, job);
    const raw = parseBuildView(
      rawBuildChangesSchema,
      await this.options.gateway.getBuild(
        ctx,
        job.fullName,
        buildNumber,
        BUILD_CHANGES_TREE,
      ),
    );
    const users = await this.options.users.userRefsByEmail(
      caller,
      authorEmailsOf(raw),
    );
    return toChangeSets(raw, email =>
      email ? users.get(email.toLocaleLowerCase('en-US')) ?? null : null,
    );
  }

  /** The build's archived artifacts. */
  async artifacts(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    canDownload: Capability,
  ): Promise<BuildArtifacts> {
    const ctx = await this.context(caller, job);
    return { ...(await this.artifactList(ctx, job, buildNumber)), canDownload };
  }

  /**
   * One artifact, streaming from Jenkins as the person (Jenkins checks
   * Run/Artifacts itself); 404 for a path the build did not archive.
   */
  async artifact(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    path: string,
  ): Promise<JenkinsFileStream & { fileName: string }> {
    const ctx = await this.context(caller, job);
    const { artifacts } = await this.artifactList(ctx, job, buildNumber);
    const artifact = artifacts.find(a => a.path === path);
    if (!artifact) {
      throw new NotFoundError(
        `Build #${buildNumber} of ${job.fullName} has no artifact '${path}'`,
      );
    }
    const file = await this.options.gateway.streamArtifact(
      this.options.personReadContext(caller, job.instance),
      job.fullName,
      buildNumber,
      artifact.path,
    );
    return { ...file, fileName: artifact.fileName };
  }

  /** The typed causes of the build, upstream builds' causes included. */
  async causes(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
  ): Promise<BuildCauses> {
    const ctx = await this.context(caller, job);
    const raw = parseBuildView(
      rawBuildCausesSchema,
      await this.options.gateway.getBuild(
        ctx,
        job.fullName,
        buildNumber,
        BUILD_CAUSES_TREE,
      ),
    );
    return { causes: toCauseDetails(raw) };
  }

  /**
   * What Jenkins offers the person to restart from, as the person (Jenkins'
   * answer depends on their Item/Build): 404 means it offers nothing (a
   * running build, not Declarative, or no permission).
   */
  async restartInfo(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
  ): Promise<Omit<RestartInfo, 'capability'>> {
    const raw = await this.options.gateway.getBuildResource(
      this.options.personReadContext(caller, job.instance),
      job.fullName,
      buildNumber,
      'restart/api/json',
      { tree: 'restartEnabled,restartableStages' },
    );
    if (raw === undefined) {
      await this.requireBuild(
        await this.context(caller, job),
        job,
        buildNumber,
      );
      return { restartEnabled: false, restartableStages: [] };
    }
    const restart = parseBuildView(rawRestartSchema, raw);
    return {
      restartEnabled: restart.restartEnabled === true,
      restartableStages:
        restart.restartEnabled === true ? restart.restartableStages ?? [] : [],
    };
  }

  /**
   * The run's scripts from its replay page, as the person: undefined when
   * Jenkins shows them none; 404 when it offers neither replay nor rebuild.
   */
  async replayScripts(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
  ): Promise<ReplayScriptsOfRun | undefined> {
    const page = await this.options.gateway.getBuildText(
      this.options.personReadContext(caller, job.instance),
      job.fullName,
      buildNumber,
      'replay/',
      { maxBytes: MAX_REPLAY_PAGE_BYTES },
    );
    if (page === undefined) {
      await this.requireBuild(
        await this.context(caller, job),
        job,
        buildNumber,
      );
      throw new ConflictError(
        `Jenkins offers no rerun or replay of build #${buildNumber} of ${job.fullName} (not a pipeline, not buildable, or not allowed to build it)`,
      );
    }
    if (page.cut) {
      throw new ConflictError(
        `The replay page of build #${buildNumber} of ${job.fullName} is larger than ${MAX_REPLAY_PAGE_BYTES} bytes`,
      );
    }
    return parseReplayPage(page.text);
  }

  /** The scripts of the dialog, with their hash. */
  async replayInfo(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    allowed: Pick<ReplayInfo, 'canReplay' | 'canEditScript'>,
  ): Promise<ReplayInfo> {
    const scripts = await this.replayScripts(caller, job, buildNumber);
    return {
      main: scripts?.main ?? null,
      loaded: scripts?.loaded ?? {},
      sha256: scripts ? scriptSha256(scripts.main) : null,
      ...allowed,
    };
  }

  /** Whether the run can be paused, and whether it is (Pipeline Graph View). */
  async pauseState(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
  ): Promise<Omit<PauseState, 'capability'>> {
    const ctx = await this.context(caller, job);
    const raw = await this.options.gateway.getBuildResource(
      ctx,
      job.fullName,
      buildNumber,
      'stages/pauseState',
    );
    if (raw === undefined) {
      const build = await this.requireBuild(ctx, job, buildNumber);
      return {
        supported: false,
        paused: false,
        building: build.building === true,
      };
    }
    const state = parseBuildView(rawPauseStateSchema, raw);
    return {
      supported: true,
      paused: state.data?.paused === true,
      building: state.data?.building === true,
    };
  }

  private context(caller: Caller, job: ResolvedJob) {
    return this.options.jobReadContext(caller, job.instance, job.fullName);
  }

  private async artifactList(
    ctx: JenkinsRequestContext,
    job: ResolvedJob,
    buildNumber: number,
  ) {
    return toArtifacts(
      parseBuildView(
        rawBuildArtifactsSchema,
        await this.options.gateway.getBuild(
          ctx,
          job.fullName,
          buildNumber,
          buildArtifactsTree(MAX_ARTIFACTS),
        ),
      ),
    );
  }

  /** The build's state; 404 (Jenkins' own answer) when it does not exist. */
  private async requireBuild(
    ctx: JenkinsRequestContext,
    job: ResolvedJob,
    buildNumber: number,
  ): Promise<RawBuild> {
    return (await this.options.gateway.getBuild(
      ctx,
      job.fullName,
      buildNumber,
      BUILD_STATE_TREE,
    )) as RawBuild;
  }
}
