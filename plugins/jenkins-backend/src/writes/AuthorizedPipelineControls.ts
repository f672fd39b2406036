import {
  ActionResponse,
  jenkinsBuildPausePermission,
  jenkinsBuildReplayEditPermission,
  jenkinsBuildReplayPermission,
  jenkinsBuildRestartPermission,
  PauseOperation,
  ReplayOperation,
  RestartOperation,
  StartedBuildResponse,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { AuthorizedWriteService } from './AuthorizedWriteService';
import { PipelineControlWrites } from './PipelineControlWrites';
import { WriteAttempt } from './WriteAudit';
import { WriteContext } from './WriteContext';

/** Options of {@link AuthorizedPipelineControls}. */
export interface AuthorizedPipelineControlsOptions {
  /**
   * Resolves, decides, records and sends each write through the same
   * pipeline as every other write.
   */
  writes: Pick<AuthorizedWriteService, 'resolve' | 'perform'>;
  jenkins: PipelineControlWrites;
}

/**
 * The front of restart from a stage, rerun/replay and pause/resume, over
 * HTTP or the actions registry: the job is resolved through the entity,
 * the policy decides (`jenkins.build.restart`, `jenkins.build.replay` and,
 * for an edited script, `jenkins.build.replay.edit` too,
 * `jenkins.build.pause`), and the write runs through the same pipeline as
 * every write — recorded, sent as the person, recorded again.
 */
export class AuthorizedPipelineControls {
  constructor(private readonly options: AuthorizedPipelineControlsOptions) {}

  async restart(
    caller: Caller,
    operation: RestartOperation,
    context: WriteContext,
  ): Promise<StartedBuildResponse> {
    const attempt: WriteAttempt = {
      caller,
      action: 'restart',
      context,
      message: `Restart of #${operation.buildNumber} from stage '${operation.stageName}'`,
    };
    const job = await this.options.writes.resolve(attempt, operation);
    return this.options.writes.perform(
      attempt,
      job,
      jenkinsBuildRestartPermission,
      () =>
        this.options.jenkins.prepareRestart(
          caller,
          job,
          operation.buildNumber,
          operation.stageName,
          context,
        ),
      operation.buildNumber,
    );
  }

  /**
   * Without a script, a rerun (`jenkins.build.replay`); with one, a replay
   * decided as `jenkins.build.replay` and `jenkins.build.replay.edit`. The
   * audit entry keeps the script's sha256 and its diff against the original.
   */
  async replay(
    caller: Caller,
    operation: ReplayOperation,
    context: WriteContext,
  ): Promise<StartedBuildResponse> {
    const edited = operation.script !== undefined;
    const attempt: WriteAttempt = {
      caller,
      action: 'replay',
      context,
      message: edited
        ? `Replay of #${operation.buildNumber} with an edited script`
        : `Rerun of #${operation.buildNumber} with the same script`,
    };
    const job = await this.options.writes.resolve(attempt, operation);
    return this.options.writes.perform(
      attempt,
      job,
      edited ? jenkinsBuildReplayEditPermission : jenkinsBuildReplayPermission,
      async () => {
        const prepared = await this.options.jenkins.prepareReplay(
          caller,
          job,
          operation.buildNumber,
          operation.script,
          context,
        );
        // Put on record with the attempt, once it is.
        attempt.script = prepared.script;
        return prepared;
      },
      operation.buildNumber,
      edited ? jenkinsBuildReplayPermission : undefined,
    );
  }

  async pause(
    caller: Caller,
    operation: PauseOperation,
    context: WriteContext,
  ): Promise<ActionResponse> {
    const attempt: WriteAttempt = {
      caller,
      action: operation.action,
      context,
      buildNumber: operation.buildNumber,
    };
    const job = await this.options.writes.resolve(attempt, operation);
    return this.options.writes.perform(
      attempt,
      job,
      jenkinsBuildPausePermission,
      () =>
        this.options.jenkins.preparePause(
          caller,
          job,
          operation.buildNumber,
          operation.action,
          context,
        ),
      operation.buildNumber,
    );
  }
}
