import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  ActionResponse,
  InputAnswerRequest,
  QueueState,
  TriggerResponse,
} from '@internal/plugin-jenkins-common';
import { maskParameters } from '../audit/maskParameters';
import { Caller, JenkinsPrincipal } from '../identity/types';
import { JenkinsGateway } from '../jenkins/JenkinsGateway';
import { RawBuild, RawPendingInput } from '../jenkins/JenkinsJson';
import {
  BUILD_PARAMETERS_TREE,
  BUILD_STATE_TREE,
} from '../jenkins/jenkinsTrees';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { toParameterDefinition } from '../reads/ParameterMapper';
import { jenkinsCallContext } from './jenkinsCallContext';
import { backstageParameters, BuildStarter } from './BuildStarter';
import { PreparedWrite } from './PreparedWrite';
import {
  jobFullNameOfUrl,
  RawQueueItem,
  toQueueState,
} from './QueueItemMapper';
import { originalParameters } from './RebuildParameters';
import {
  BackstageParameterValues,
  requireResuppliedPasswords,
  SuppliedValue,
  toJenkinsParameters,
} from './TriggerParameters';
import { WriteContext } from './WriteContext';

/** Options of {@link JenkinsWriteService}. */
export interface JenkinsWriteServiceOptions {
  gateway: JenkinsGateway;
  principals: { principalFor(caller: Caller): JenkinsPrincipal };
  /**
   * Called before reading the state a write depends on (is the build still
   * running, is the input still pending), so that a cache in the gateway
   * cannot answer with a stale state.
   */
  beforeStateCheck?: (instance: string, fullName: string) => Promise<void>;
}

/**
 * The Jenkins side of every write, for a job already resolved and
 * authorized: reads what the write depends on, validates it, and prepares
 * the call. It knows nothing of permissions or the audit trail; the
 * authorized front records and runs what it prepares.
 */
export class JenkinsWriteService {
  private readonly builds: BuildStarter;

  constructor(private readonly options: JenkinsWriteServiceOptions) {
    this.builds = new BuildStarter({
      gateway: options.gateway,
      context: (caller, job, purpose) => this.context(caller, job, purpose),
      queueState: (caller, job, queueId) =>
        this.queueState(caller, job, queueId),
      freshState: job => this.freshState(job),
    });
  }

  /** Runs the job with parameters checked against its definitions. */
  async prepareTrigger(
    caller: Caller,
    job: ResolvedJob,
    supplied: Record<string, SuppliedValue> | undefined,
    context: WriteContext,
  ): Promise<PreparedWrite<TriggerResponse>> {
    const { definitions, mark } = await this.builds.target(caller, job);
    const parameters = toJenkinsParameters(
      definitions,
      supplied,
      backstageParameters(caller, job, context),
    );
    return {
      auditParameters: maskParameters(supplied, definitions),
      ...this.builds.prepare(caller, job, parameters, mark, context),
    };
  }

  /** Runs a build again with its parameters; passwords must be supplied again. */
  async prepareRebuild(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    supplied: Record<string, SuppliedValue> | undefined,
    context: WriteContext,
  ): Promise<PreparedWrite<TriggerResponse>> {
    const { definitions, mark } = await this.builds.target(caller, job);
    const original = (await this.options.gateway.getBuild(
      this.context(caller, job, 'read'),
      job.fullName,
      buildNumber,
      BUILD_PARAMETERS_TREE,
    )) as RawBuild;
    const { values, passwords } = originalParameters(original, definitions);
    requireResuppliedPasswords(passwords, supplied);
    const merged = { ...values, ...supplied };
    const parameters = toJenkinsParameters(
      definitions,
      merged,
      backstageParameters(caller, job, context),
    );
    return {
      auditParameters: maskParameters(merged, definitions),
      ...this.builds.prepare(caller, job, parameters, mark, context),
    };
  }

  /** Aborts a running build; 409 when it has finished. */
  async prepareAbort(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    context: WriteContext,
  ): Promise<PreparedWrite<ActionResponse>> {
    await this.freshState(job);
    const build = (await this.options.gateway.getBuild(
      this.context(caller, job, 'read'),
      job.fullName,
      buildNumber,
      BUILD_STATE_TREE,
    )) as RawBuild;
    if (!build.building && !build.inProgress) {
      throw new ConflictError(
        `Build #${buildNumber} of ${job.fullName} has already finished (${
          build.result ?? 'no result'
        }); there is nothing to abort`,
      );
    }
    return {
      execute: async () => {
        const { status } = await this.options.gateway.stopBuild(
          this.context(caller, job, 'write'),
          job.fullName,
          buildNumber,
        );
        return {
          jenkinsStatus: status,
          result: done(
            context,
            `Asked Jenkins to abort build #${buildNumber} of ${job.fullName}`,
          ),
        };
      },
    };
  }

  /** Cancels a queued item; 409 when it has started or was cancelled. */
  async prepareCancel(
    caller: Caller,
    job: ResolvedJob,
    queueId: number,
    context: WriteContext,
  ): Promise<PreparedWrite<ActionResponse>> {
    const state = await this.queueState(caller, job, queueId);
    if (state.state === 'started') {
      throw new ConflictError(
        `Queue item ${queueId} has already started as build #${state.buildNumber}; abort the build instead`,
      );
    }
    if (state.state === 'cancelled') {
      throw new ConflictError(`Queue item ${queueId} was already cancelled`);
    }
    return {
      execute: async () => {
        const { status } = await this.options.gateway.cancelQueueItem(
          this.context(caller, job, 'write'),
          queueId,
        );
        return {
          jenkinsStatus: status,
          result: done(
            context,
            `Cancelled queue item ${queueId} of ${job.fullName}`,
          ),
        };
      },
    };
  }

  /** Approves or rejects a pending input step; 409 when it is not pending. */
  async prepareAnswerInput(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
    inputId: string,
    answer: InputAnswerRequest,
    context: WriteContext,
  ): Promise<PreparedWrite<ActionResponse>> {
    await this.freshState(job);
    const pending = (await this.options.gateway.getPendingInputs(
      this.context(caller, job, 'read'),
      job.fullName,
      buildNumber,
    )) as RawPendingInput[];
    // Jenkins resolves input ids case-insensitively (InputAction#getExecution).
    const input =
      pending.find(i => i.id === inputId) ??
      pending.find(
        i => i.id?.toLocaleLowerCase() === inputId.toLocaleLowerCase(),
      );
    if (!input?.id) {
      throw new ConflictError(
        `Input '${inputId}' of build #${buildNumber} of ${job.fullName} is not pending (any more)`,
      );
    }
    const definitions = (input.inputs ?? []).map(toParameterDefinition);
    const parameters =
      answer.action === 'approve'
        ? toJenkinsParameters(
            definitions,
            answer.parameters,
            {} as BackstageParameterValues,
          )
        : undefined;
    if (answer.action === 'reject' && answer.parameters) {
      throw new InputError(
        'parameters: only an approval takes input parameters',
      );
    }
    const inputIdInJenkins = input.id;
    return {
      auditParameters: maskParameters(answer.parameters, definitions),
      execute: async () => {
        const { status } = await this.options.gateway.answerInput(
          this.context(caller, job, 'write'),
          job.fullName,
          buildNumber,
          inputIdInJenkins,
          { action: answer.action, parameters },
        );
        return {
          jenkinsStatus: status,
          result: done(
            context,
            `${answer.action === 'approve' ? 'Approved' : 'Rejected'} '${
              input.message ?? inputIdInJenkins
            }' of build #${buildNumber}`,
          ),
        };
      },
    };
  }

  /**
   * A queue item's state; 404 for an item of another job, and for one whose
   * job cannot be told (no task URL): only this job's items are reachable.
   */
  async queueState(
    caller: Caller,
    job: ResolvedJob,
    queueId: number,
  ): Promise<QueueState> {
    const raw = (await this.options.gateway.getQueueItem(
      this.context(caller, job, 'read'),
      queueId,
    )) as RawQueueItem;
    if (jobFullNameOfUrl(raw.task?.url) !== job.fullName) {
      throw new NotFoundError(
        `Queue item ${queueId} does not belong to ${job.fullName}`,
      );
    }
    return toQueueState(queueId, raw);
  }

  private async freshState(job: ResolvedJob): Promise<void> {
    await this.options.beforeStateCheck?.(job.instance, job.fullName);
  }

  private context(caller: Caller, job: ResolvedJob, purpose: 'read' | 'write') {
    return jenkinsCallContext(this.options.principals, caller, job, purpose);
  }
}

function done(context: WriteContext, message: string): ActionResponse {
  return { requestId: context.requestId, status: 'done', message };
}
