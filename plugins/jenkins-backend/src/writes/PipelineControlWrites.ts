import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  ActionResponse,
  AuditScript,
  ReplayScripts,
  StartedBuildResponse,
} from '@internal/plugin-jenkins-common';
import { Caller, JenkinsPrincipal } from '../identity/types';
import {
  parseBuildView,
  rawPauseStateSchema,
  rawRestartSchema,
} from '../jenkins/JenkinsBuildViewsJson';
import { JenkinsGateway } from '../jenkins/JenkinsGateway';
import { ResolvedJob } from '../jobs/ResolvedJob';
import {
  MAX_REPLAY_PAGE_BYTES,
  parseReplayPage,
  ReplayScriptsOfRun,
} from '../reads/ReplayPage';
import { prepareStartByCause, StartDeps } from './StartByCause';
import { jenkinsCallContext } from './jenkinsCallContext';
import { PreparedWrite } from './PreparedWrite';
import { auditScriptOf } from './ScriptDiff';
import { WriteContext } from './WriteContext';

/** Options of {@link PipelineControlWrites}. */
export interface PipelineControlWritesOptions {
  gateway: JenkinsGateway;
  principals: { principalFor(caller: Caller): JenkinsPrincipal };
  /** The Jenkins user a person's calls are made as (their `UserIdCause`). */
  jenkinsUserOf(instance: string, principal: JenkinsPrincipal): string | null;
  /** Drops cached reads of the job before a state check. */
  beforeStateCheck?: (instance: string, fullName: string) => Promise<void>;
}

/** A prepared replay, with what the audit trail keeps of its script. */
export interface PreparedReplay extends PreparedWrite<StartedBuildResponse> {
  script?: AuditScript;
}

/**
 * The Jenkins side of restart from a stage, rerun/replay and pause/resume,
 * for a job already resolved and authorized: reads what Jenkins offers the
 * person (as the person), refuses what it does not offer with 409, and
 * prepares the POST. Restart and replay answer with a redirect, so the
 * build they start is found by its cause, both right after the write and
 * by a later attempt whose outcome was unknown.
 */
export class PipelineControlWrites {
  constructor(private readonly options: PipelineControlWritesOptions) {}

  /**
   * Restart from `stageName` (`POST restart/restart`, form
   * `json={"stageName":…}`, as Jenkins' own Restart form submits it); 409
   * unless Jenkins lists the stage as restartable.
   */
  async prepareRestart(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    stageName: string,
    context: WriteContext,
  ): Promise<PreparedWrite<StartedBuildResponse>> {
    const { gateway } = this.options;
    await this.freshState(job);
    const ctx = this.context(caller, job);
    const raw = await gateway.getBuildResource(
      ctx,
      job.fullName,
      buildNumber,
      'restart/api/json',
      { tree: 'restartEnabled,restartableStages' },
    );
    const restart =
      raw === undefined ? undefined : parseBuildView(rawRestartSchema, raw);
    if (!restart?.restartEnabled) {
      throw new ConflictError(
        `Jenkins does not offer to restart build #${buildNumber} of ${
          job.fullName
        } from a stage: it is still running, is not a Declarative pipeline, restarting is disabled for the job, or ${this.userName(
          caller,
          job,
        )} may not build it`,
      );
    }
    const stages = restart.restartableStages ?? [];
    if (!stages.includes(stageName)) {
      throw new ConflictError(
        `Build #${buildNumber} of ${
          job.fullName
        } cannot be restarted from stage '${stageName}'; Jenkins offers: ${
          stages.length ? stages.map(s => `'${s}'`).join(', ') : 'none'
        }`,
      );
    }
    return prepareStartByCause(this.startDeps(caller, job), context, {
      classSuffix: 'RestartDeclarativePipelineCause',
      // `RestartedDeclarativePipelineCause.ShortDescription`
      description: `Restarted from build #${buildNumber}, stage ${stageName}`,
      post: () =>
        gateway.postBuildAction(
          this.context(caller, job),
          job.fullName,
          buildNumber,
          'restart/restart',
          { json: JSON.stringify({ stageName }) },
        ),
      message: `Restarted build #${buildNumber} of ${job.fullName} from stage '${stageName}'`,
    });
  }

  /**
   * Rerun with the same script (`POST replay/rebuild`) or replay with
   * edited scripts (`POST replay/run`, form `json={"mainScript":…, "<Class_name>":…}`,
   * as Jenkins' Replay form submits it). The original scripts are read from
   * the replay page as the person, for the audit trail's hash and diff.
   */
  async prepareReplay(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    scripts: ReplayScripts | undefined,
    context: WriteContext,
  ): Promise<PreparedReplay> {
    const { gateway } = this.options;
    await this.freshState(job);
    const original = await this.originalScripts(caller, job, buildNumber);
    const edited = scripts
      ? {
          main: scripts.main,
          loaded: Object.fromEntries(
            Object.entries(scripts.loaded ?? {}).map(([name, text]) => [
              name.replace(/\./g, '_'),
              text,
            ]),
          ),
        }
      : undefined;
    if (edited && !original) {
      throw new NotAllowedError(
        `Jenkins does not let ${this.userName(
          caller,
          job,
        )} replay build #${buildNumber} of ${
          job.fullName
        } with an edited script (it requires Run/Replay, and a sandboxed or approved script)`,
      );
    }
    if (edited && original) {
      const unknown = Object.keys(edited.loaded).filter(
        name => !(name in original.loaded),
      );
      if (unknown.length > 0) {
        throw new ConflictError(
          `Build #${buildNumber} of ${job.fullName} loaded no script ${unknown
            .map(n => `'${n}'`)
            .join(', ')}; it loaded: ${
            Object.keys(original.loaded).join(', ') || 'none'
          }`,
        );
      }
    }
    const script =
      original && (edited ?? original)
        ? auditScriptOf(original, {
            main: (edited ?? original).main,
            loaded: { ...original.loaded, ...(edited?.loaded ?? {}) },
          })
        : undefined;
    const form = edited
      ? {
          json: JSON.stringify({ mainScript: edited.main, ...edited.loaded }),
        }
      : undefined;
    const prepared = await prepareStartByCause(
      this.startDeps(caller, job),
      context,
      {
        classSuffix: 'replay.ReplayCause',
        // workflow-cps `ReplayCause.shortDescription` / `.rebuild.shortDescription`
        description: `${edited ? 'Replayed' : 'Rebuilt'} #${buildNumber}`,
        post: () =>
          gateway.postBuildAction(
            this.context(caller, job),
            job.fullName,
            buildNumber,
            edited ? 'replay/run' : 'replay/rebuild',
            form,
          ),
        message: edited
          ? `Replayed build #${buildNumber} of ${job.fullName} with an edited script`
          : `Reran build #${buildNumber} of ${job.fullName} with the same script`,
      },
    );
    return { ...prepared, script };
  }

  /**
   * Pause or resume a running pipeline (Pipeline Graph View's
   * `stages/pause` / `stages/resume`); 409 when the instance cannot, the
   * build has finished, or it already is in that state.
   */
  async preparePause(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    action: 'pause' | 'resume',
    context: WriteContext,
  ): Promise<PreparedWrite<ActionResponse>> {
    const { gateway } = this.options;
    await this.freshState(job);
    const raw = await gateway.getBuildResource(
      this.context(caller, job),
      job.fullName,
      buildNumber,
      'stages/pauseState',
    );
    if (raw === undefined) {
      throw new ConflictError(
        `Jenkins instance '${job.instance}' cannot ${action} build #${buildNumber} of ${job.fullName}: pausing needs the Pipeline Graph View plugin and a pipeline build`,
      );
    }
    const state = parseBuildView(rawPauseStateSchema, raw).data;
    if (!state?.building) {
      throw new ConflictError(
        `Build #${buildNumber} of ${job.fullName} has finished; there is nothing to ${action}`,
      );
    }
    if (action === 'pause' && state.paused) {
      throw new ConflictError(
        `Build #${buildNumber} of ${job.fullName} is already paused`,
      );
    }
    if (action === 'resume' && !state.paused) {
      throw new ConflictError(
        `Build #${buildNumber} of ${job.fullName} is not paused`,
      );
    }
    return {
      execute: async () => {
        const answer = await gateway.postBuildAction(
          this.context(caller, job),
          job.fullName,
          buildNumber,
          `stages/${action}`,
        );
        // `HttpResponses.errorJSON`: HTTP 200 with `{"status":"error"}`.
        const refusal = errorOfEnvelope(answer.text);
        if (refusal !== undefined) {
          throw Object.assign(
            new ConflictError(
              `Jenkins refused to ${action} build #${buildNumber} of ${job.fullName}: ${refusal}`,
            ),
          );
        }
        return {
          jenkinsStatus: answer.status,
          result: {
            requestId: context.requestId,
            status: 'done',
            message: `${
              action === 'pause' ? 'Paused' : 'Resumed'
            } build #${buildNumber} of ${job.fullName}`,
          },
        };
      },
    };
  }

  /** The run's scripts as the person sees them; undefined when Jenkins shows none. */
  private async originalScripts(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
  ): Promise<ReplayScriptsOfRun | undefined> {
    const page = await this.options.gateway.getBuildText(
      this.context(caller, job),
      job.fullName,
      buildNumber,
      'replay/',
      { maxBytes: MAX_REPLAY_PAGE_BYTES },
    );
    if (page === undefined) {
      throw new ConflictError(
        `Jenkins offers no rerun or replay of build #${buildNumber} of ${
          job.fullName
        }: it is not a pipeline, the job is not buildable, or ${this.userName(
          caller,
          job,
        )} may not build it`,
      );
    }
    return page.cut ? undefined : parseReplayPage(page.text);
  }

  private startDeps(caller: Caller, job: ResolvedJob): StartDeps {
    return {
      gateway: this.options.gateway,
      ctx: this.context(caller, job),
      job,
      userId: this.userName(caller, job),
      freshState: () => this.freshState(job),
    };
  }

  private async freshState(job: ResolvedJob): Promise<void> {
    await this.options.beforeStateCheck?.(job.instance, job.fullName);
  }

  /** Every call of these writes, state checks included, goes as the person. */
  private context(caller: Caller, job: ResolvedJob) {
    return jenkinsCallContext(this.options.principals, caller, job, 'write');
  }

  private userName(caller: Caller, job: ResolvedJob): string {
    const principal = this.options.principals.principalFor(caller);
    return (
      this.options.jenkinsUserOf(job.instance, principal) ?? principal.userName
    );
  }
}

/** The message of Pipeline Graph View's error envelope, if the answer is one. */
function errorOfEnvelope(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { status?: unknown; message?: unknown };
    if (body?.status === 'error') {
      return typeof body.message === 'string' ? body.message : 'error';
    }
  } catch {
    // Not JSON (e.g. a redirect's empty body): not an error envelope.
  }
  return undefined;
}
