import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ActionResponse,
  AuditAction,
  AuditEntry,
  decodeJobId,
  InputAnswerRequest,
  JenkinsJobPermission,
  jenkinsBuildAbortPermission,
  jenkinsBuildApprovePermission,
  jenkinsBuildRebuildPermission,
  jenkinsJobReadPermission,
  jenkinsJobTriggerPermission,
  ParameterDefinition,
  QueueState,
  TriggerRequest,
  TriggerResponse,
} from '@internal/plugin-jenkins-common';
import { Request } from 'express';
import { AuditTrail } from '../audit/AuditTrail';
import { maskParameters, MASKED_VALUE } from '../audit/maskParameters';
import { AuditCompletion, AuditStore } from '../audit/types';
import { Caller, IdentityStrategy, JenkinsPrincipal } from '../identity/types';
import {
  JenkinsGateway,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { RawBuild, RawJob, RawPendingInput } from '../jenkins/JenkinsJson';
import {
  parameterDefinitionsOf,
  toParameterDefinition,
} from '../reads/ParameterMapper';
import {
  BuildDescriptionContext,
  renderBuildDescription,
} from './BuildDescription';
import {
  jobFullNameOfUrl,
  RawQueueItem,
  toQueueState,
} from './QueueItemMapper';
import {
  BACKSTAGE_PARAMETERS,
  BackstageParameterValues,
  requireResuppliedPasswords,
  SuppliedValue,
  toJenkinsParameters,
} from './TriggerParameters';

/** Which job of which entity a write is about. */
export interface JobTarget {
  entityRef: string;
  jobId: string;
}

/** Per-request context of a write. */
export interface WriteContext {
  requestId: string;
  /** The HTTP request, for the auditor service; absent for actions. */
  request?: Request;
}

/** Options of {@link BuildWriteService}. */
export interface BuildWriteServiceOptions {
  resolver: {
    resolveJob(
      caller: Caller,
      entityRef: string,
      jobId: string,
    ): Promise<ResolvedJob>;
  };
  authorizer: {
    authorizeJob(
      caller: Caller,
      permission: JenkinsJobPermission,
      job: ResolvedJob,
    ): Promise<void>;
  };
  principals: { principalFor(caller: Caller): JenkinsPrincipal };
  strategies: { forInstance(instance: string): IdentityStrategy };
  gateway: JenkinsGateway;
  /**
   * Called before reading the state a write depends on (is the build still
   * running, is the input still pending), so that a cache in the gateway
   * cannot answer with a stale state.
   */
  beforeStateCheck?: (instance: string, fullName: string) => Promise<void>;
  trail: AuditTrail;
  store: AuditStore;
  descriptionTemplate: string;
  logger: LoggerService;
  now?: () => number;
}

const PARAMETER_DEFINITIONS_TREE =
  'property[parameterDefinitions[_class,name,description,type,choices,defaultParameterValue[_class,value]]]';
const BUILD_STATE_TREE = 'number,building,inProgress,result';
const BUILD_PARAMETERS_TREE =
  'number,actions[_class,parameters[_class,name,value]]';

/** Jenkins' answer to a successful write, for the audit trail. */
const SUCCESS_STATUS = {
  trigger: 201,
  stop: 302,
  cancel: 204,
  input: 302,
};

/** The HTTP status a failed Jenkins call stands for, as far as known. */
function jenkinsStatusOf(error: unknown): number | null {
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number') {
    return statusCode;
  }
  if (error instanceof NotAllowedError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof InputError) return 400;
  return null;
}

/** Every value replaced: what a refused or invalid attempt is recorded with. */
function maskAll(
  parameters: Record<string, unknown> | undefined,
): Record<string, unknown> | null {
  if (!parameters) {
    return null;
  }
  return Object.fromEntries(
    Object.keys(parameters).map(name => [name, MASKED_VALUE]),
  );
}

interface Attempt {
  caller: Caller;
  job: ResolvedJob;
  permission: JenkinsJobPermission;
  action: AuditAction;
  context: WriteContext;
  buildNumber?: number | null;
  queueId?: number | null;
  message?: string | null;
  /** As supplied; recorded masked. */
  parameters?: Record<string, unknown>;
}

/** What a prepared write records and then does. */
interface Prepared<T> {
  /** Parameters as they may be recorded (secrets masked). */
  auditParameters?: Record<string, unknown> | null;
  /** Calls Jenkins; `jenkins` marks the calls whose failure is Jenkins' answer. */
  execute(
    jenkins: <R>(call: () => Promise<R>, successStatus: number) => Promise<R>,
  ): Promise<{ result: T; completion?: Partial<AuditCompletion> }>;
}

/**
 * The write side: run, rebuild, abort, cancel and answer input steps. Every
 * write resolves the job through the entity (loaded with the caller's
 * credentials), asks the permission policy about that job, records the
 * attempt, calls Jenkins as the person and records the outcome — whether it
 * came over HTTP or through the actions registry.
 */
export class BuildWriteService {
  private readonly now: () => number;

  constructor(private readonly options: BuildWriteServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Runs a job with parameters. */
  async trigger(
    caller: Caller,
    target: JobTarget,
    body: TriggerRequest,
    context: WriteContext,
  ): Promise<TriggerResponse> {
    const job = await this.resolveFor(caller, target, 'trigger', context, {
      parameters: body.parameters,
    });
    const response = await this.attempt(
      {
        caller,
        job,
        permission: jenkinsJobTriggerPermission,
        action: 'trigger',
        context,
        parameters: body.parameters,
      },
      async () => {
        const definitions = await this.parameterDefinitions(caller, job);
        const parameters = toJenkinsParameters(
          definitions,
          body.parameters,
          this.backstageParameters(caller, job, context),
        );
        return {
          auditParameters: maskParameters(body.parameters, definitions),
          execute: jenkins =>
            this.startBuild(caller, job, parameters, context, jenkins),
        };
      },
    );
    await this.labelIfStarted(caller, job, response);
    return response;
  }

  /** Runs a build again with its parameters; passwords must be supplied again. */
  async rebuild(
    caller: Caller,
    target: JobTarget,
    buildNumber: number,
    body: TriggerRequest,
    context: WriteContext,
  ): Promise<TriggerResponse> {
    const job = await this.resolveFor(caller, target, 'rebuild', context, {
      parameters: body.parameters,
    });
    const response = await this.attempt(
      {
        caller,
        job,
        permission: jenkinsBuildRebuildPermission,
        action: 'rebuild',
        context,
        parameters: body.parameters,
        message: `Rebuild of #${buildNumber}`,
      },
      async () => {
        const definitions = await this.parameterDefinitions(caller, job);
        const original = (await this.options.gateway.getBuild(
          this.readContext(caller, job),
          job.fullName,
          buildNumber,
          BUILD_PARAMETERS_TREE,
        )) as RawBuild;
        const { values, passwords } = this.originalParameters(
          original,
          definitions,
        );
        requireResuppliedPasswords(passwords, body.parameters);
        const merged = { ...values, ...body.parameters };
        const parameters = toJenkinsParameters(
          definitions,
          merged,
          this.backstageParameters(caller, job, context),
        );
        return {
          auditParameters: maskParameters(merged, definitions),
          execute: jenkins =>
            this.startBuild(caller, job, parameters, context, jenkins),
        };
      },
    );
    await this.labelIfStarted(caller, job, response);
    return response;
  }

  /** Aborts a running build; 409 when it has finished. */
  async abort(
    caller: Caller,
    target: JobTarget,
    buildNumber: number,
    context: WriteContext,
  ): Promise<ActionResponse> {
    const job = await this.resolveFor(caller, target, 'abort', context, {
      buildNumber,
    });
    return this.attempt(
      {
        caller,
        job,
        permission: jenkinsBuildAbortPermission,
        action: 'abort',
        context,
        buildNumber,
      },
      async () => {
        await this.freshState(job);
        const build = (await this.options.gateway.getBuild(
          this.readContext(caller, job),
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
          execute: async jenkins => {
            await jenkins(
              () =>
                this.options.gateway.stopBuild(
                  this.writeContext(caller, job),
                  job.fullName,
                  buildNumber,
                ),
              SUCCESS_STATUS.stop,
            );
            return {
              result: this.done(
                context,
                `Asked Jenkins to abort build #${buildNumber} of ${job.fullName}`,
              ),
            };
          },
        };
      },
    );
  }

  /** Cancels a queued item; 409 when it has started or was cancelled. */
  async cancel(
    caller: Caller,
    target: JobTarget,
    queueId: number,
    context: WriteContext,
  ): Promise<ActionResponse> {
    const job = await this.resolveFor(caller, target, 'cancel', context, {
      queueId,
    });
    return this.attempt(
      {
        caller,
        job,
        permission: jenkinsBuildAbortPermission,
        action: 'cancel',
        context,
        queueId,
      },
      async () => {
        const state = await this.readQueueItem(caller, job, queueId);
        if (state.state === 'started') {
          throw new ConflictError(
            `Queue item ${queueId} has already started as build #${state.buildNumber}; abort the build instead`,
          );
        }
        if (state.state === 'cancelled') {
          throw new ConflictError(
            `Queue item ${queueId} was already cancelled`,
          );
        }
        return {
          execute: async jenkins => {
            await jenkins(
              () =>
                this.options.gateway.cancelQueueItem(
                  this.writeContext(caller, job),
                  queueId,
                ),
              SUCCESS_STATUS.cancel,
            );
            return {
              result: this.done(
                context,
                `Cancelled queue item ${queueId} of ${job.fullName}`,
              ),
            };
          },
        };
      },
    );
  }

  /** Approves or rejects a pending input step; 409 when it is not pending. */
  async answerInput(
    caller: Caller,
    target: JobTarget,
    buildNumber: number,
    inputId: string,
    body: InputAnswerRequest,
    context: WriteContext,
  ): Promise<ActionResponse> {
    const job = await this.resolveFor(caller, target, body.action, context, {
      buildNumber,
      parameters: body.parameters,
    });
    return this.attempt(
      {
        caller,
        job,
        permission: jenkinsBuildApprovePermission,
        action: body.action,
        context,
        buildNumber,
        parameters: body.parameters,
        message: `Input ${inputId}`,
      },
      async () => {
        await this.freshState(job);
        const pending = (await this.options.gateway.getPendingInputs(
          this.readContext(caller, job),
          job.fullName,
          buildNumber,
        )) as RawPendingInput[];
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
          body.action === 'approve'
            ? toJenkinsParameters(
                definitions,
                body.parameters,
                {} as BackstageParameterValues,
              )
            : undefined;
        if (body.action === 'reject' && body.parameters) {
          throw new InputError(
            'parameters: only an approval takes input parameters',
          );
        }
        const inputIdInJenkins = input.id;
        return {
          auditParameters: maskParameters(body.parameters, definitions),
          execute: async jenkins => {
            await jenkins(
              () =>
                this.options.gateway.answerInput(
                  this.writeContext(caller, job),
                  job.fullName,
                  buildNumber,
                  inputIdInJenkins,
                  { action: body.action, parameters },
                ),
              SUCCESS_STATUS.input,
            );
            return {
              result: this.done(
                context,
                `${body.action === 'approve' ? 'Approved' : 'Rejected'} '${
                  input.message ?? inputIdInJenkins
                }' of build #${buildNumber}`,
              ),
            };
          },
        };
      },
    );
  }

  /**
   * A queue item's state, for anyone who may read the job. When the person
   * who triggered it sees that it has started, the build is labelled.
   */
  async queueState(
    caller: Caller,
    target: JobTarget,
    queueId: number,
  ): Promise<QueueState> {
    const job = await this.resolve(caller, target);
    await this.options.authorizer.authorizeJob(
      caller,
      jenkinsJobReadPermission,
      job,
    );
    const state = await this.readQueueItem(caller, job, queueId);
    if (state.state === 'started' && state.buildNumber !== null) {
      await this.labelAfterStart(caller, job, queueId, state.buildNumber);
    }
    return state;
  }

  /** Labels the build right away when Jenkins started it before we answered. */
  private async labelIfStarted(
    caller: Caller,
    job: ResolvedJob,
    response: TriggerResponse,
  ): Promise<void> {
    const { queue } = response;
    if (queue.state === 'started' && queue.buildNumber !== null) {
      await this.labelAfterStart(caller, job, queue.queueId, queue.buildNumber);
    }
  }

  private async resolve(caller: Caller, target: JobTarget) {
    return this.options.resolver.resolveJob(
      caller,
      target.entityRef,
      target.jobId,
    );
  }

  /**
   * Resolves the job of a write; a request for a job the entity does not
   * declare (or an entity the caller cannot see) is refused and recorded,
   * since probing for jobs is what an auditor wants to see.
   */
  private async resolveFor(
    caller: Caller,
    target: JobTarget,
    action: AuditAction,
    context: WriteContext,
    details: {
      buildNumber?: number;
      queueId?: number;
      parameters?: Record<string, unknown>;
    },
  ): Promise<ResolvedJob> {
    try {
      return await this.resolve(caller, target);
    } catch (error) {
      const decoded = decodeJobId(target.jobId);
      const record = await this.options.trail.begin(
        {
          actor: { userRef: caller.userRef, jenkinsUser: null },
          action,
          entityRef: target.entityRef,
          instance: decoded?.instance ?? 'unknown',
          jobFullName: decoded?.fullName ?? target.jobId,
          buildNumber: details.buildNumber ?? null,
          queueId: details.queueId ?? null,
          parameters: maskAll(details.parameters),
          decision: 'deny',
          requestId: context.requestId,
          via: caller.via,
        },
        { request: context.request },
      );
      await record.complete(
        { outcome: 'failure', message: (error as Error).message },
        error as Error,
      );
      throw error;
    }
  }

  private async freshState(job: ResolvedJob): Promise<void> {
    await this.options.beforeStateCheck?.(job.instance, job.fullName);
  }

  /**
   * The pipeline of every write: decide, record, call Jenkins, record.
   * `prepare` reads what the write needs and validates it (before the
   * attempt is recorded with masked parameters); its failures are recorded
   * too, with every parameter value masked.
   */
  private async attempt<T>(
    attempt: Attempt,
    prepare: () => Promise<Prepared<T>>,
  ): Promise<T> {
    const { caller, job, permission, context } = attempt;
    const principal = this.options.principals.principalFor(caller);
    const base = {
      actor: {
        userRef: caller.userRef,
        jenkinsUser: this.jenkinsUserOf(job, principal),
      },
      action: attempt.action,
      entityRef: job.entityRef,
      instance: job.instance,
      jobFullName: job.fullName,
      buildNumber: attempt.buildNumber ?? null,
      queueId: attempt.queueId ?? null,
      message: attempt.message ?? null,
      requestId: context.requestId,
      via: caller.via,
    };

    try {
      await this.options.authorizer.authorizeJob(caller, permission, job);
    } catch (error) {
      if (error instanceof NotAllowedError) {
        await this.options.trail.recordDenied(
          { ...base, parameters: maskAll(attempt.parameters) },
          error,
          { request: context.request },
        );
      } else {
        // No decision could be made (e.g. the permission backend failed):
        // nothing went ahead, and the failure is on record.
        const record = await this.options.trail.begin(
          {
            ...base,
            decision: 'deny',
            parameters: maskAll(attempt.parameters),
          },
          { request: context.request },
        );
        await record.complete(
          {
            outcome: 'failure',
            message: `No permission decision: ${(error as Error).message}`,
          },
          error as Error,
        );
      }
      throw error;
    }

    let prepared: Prepared<T>;
    try {
      prepared = await prepare();
    } catch (error) {
      const record = await this.options.trail.begin(
        {
          ...base,
          decision: 'allow',
          parameters: maskAll(attempt.parameters),
        },
        { request: context.request },
      );
      await record.complete(
        { outcome: 'failure', message: (error as Error).message },
        error as Error,
      );
      throw error;
    }

    const record = await this.options.trail.begin(
      {
        ...base,
        decision: 'allow',
        parameters:
          prepared.auditParameters === undefined
            ? maskAll(attempt.parameters)
            : prepared.auditParameters,
      },
      { request: context.request },
    );
    let jenkinsStatus: number | null = null;
    const jenkins = async <R>(
      call: () => Promise<R>,
      successStatus: number,
    ) => {
      try {
        const result = await call();
        jenkinsStatus = successStatus;
        return result;
      } catch (error) {
        jenkinsStatus = jenkinsStatusOf(error);
        throw error;
      }
    };
    try {
      const { result, completion } = await prepared.execute(jenkins);
      await record.complete({
        outcome: 'success',
        jenkinsStatus,
        ...completion,
      });
      return result;
    } catch (error) {
      await record.complete(
        {
          outcome:
            jenkinsStatus === 401 || jenkinsStatus === 403
              ? 'denied'
              : 'failure',
          jenkinsStatus,
          message: (error as Error).message,
        },
        error as Error,
      );
      throw error;
    }
  }

  /** Triggers and reads the queue item once, for its state in the answer. */
  private async startBuild(
    caller: Caller,
    job: ResolvedJob,
    parameters: Record<string, string> | undefined,
    context: WriteContext,
    jenkins: <R>(call: () => Promise<R>, successStatus: number) => Promise<R>,
  ): Promise<{
    result: TriggerResponse;
    completion: Partial<AuditCompletion>;
  }> {
    const { queueId, alreadyQueued } = await jenkins(
      () =>
        this.options.gateway.triggerBuild(
          this.writeContext(caller, job),
          job.fullName,
          parameters,
        ),
      SUCCESS_STATUS.trigger,
    );
    let queue: QueueState = {
      queueId,
      state: 'waiting',
      why: null,
      buildNumber: null,
      buildUrl: null,
    };
    try {
      queue = await this.readQueueItem(caller, job, queueId);
    } catch (error) {
      // The build was queued; its state is only a courtesy here.
      this.options.logger.warn(
        `Could not read queue item ${queueId} of ${
          job.fullName
        } after triggering it: ${(error as Error).message}`,
      );
    }
    return {
      result: { requestId: context.requestId, queue },
      completion: {
        queueId,
        buildNumber: queue.buildNumber,
        jenkinsStatus: alreadyQueued ? 303 : SUCCESS_STATUS.trigger,
        message: alreadyQueued
          ? 'Jenkins already had an identical item queued'
          : undefined,
      },
    };
  }

  /**
   * Labels a started build with its description, once. Failure never fails
   * the user's request: it is logged and noted on the audit entry.
   */
  private async labelBuild(
    caller: Caller,
    job: ResolvedJob,
    entry: AuditEntry,
    buildNumber: number,
  ): Promise<void> {
    const { store, logger, gateway } = this.options;
    try {
      if (entry.buildNumber !== buildNumber) {
        await store.complete(entry.id, { outcome: 'success', buildNumber });
      }
      if (!(await store.claimLabelling(entry.id, this.now()))) {
        return;
      }
      const principal = this.options.principals.principalFor(caller);
      const description = renderBuildDescription(
        this.options.descriptionTemplate,
        this.descriptionContext(caller, job, principal, entry.requestId),
      );
      await gateway.setBuildDescription(
        this.writeContext(caller, job),
        job.fullName,
        buildNumber,
        description,
      );
    } catch (error) {
      const note = `Build #${buildNumber} was not labelled: ${
        (error as Error).message
      }`;
      logger.warn(`${note} (${job.fullName}, request ${entry.requestId})`);
      await store
        .complete(entry.id, {
          outcome: 'success',
          message: entry.message ? `${entry.message}; ${note}` : note,
        })
        .catch(() => {});
    }
  }

  private async readQueueItem(
    caller: Caller,
    job: ResolvedJob,
    queueId: number,
  ): Promise<QueueState> {
    const raw = (await this.options.gateway.getQueueItem(
      this.readContext(caller, job),
      queueId,
    )) as RawQueueItem;
    const owner = jobFullNameOfUrl(raw.task?.url);
    if (owner !== undefined && owner !== job.fullName) {
      // Another job's queue item must not be reachable through this entity.
      throw new NotFoundError(
        `Queue item ${queueId} does not belong to ${job.fullName}`,
      );
    }
    return toQueueState(queueId, raw);
  }

  /** Labels the build of a queue item this caller triggered, if not yet done. */
  private async labelAfterStart(
    caller: Caller,
    job: ResolvedJob,
    queueId: number,
    buildNumber: number,
  ): Promise<void> {
    const entry = await this.options.store
      .findByQueueItem(job.instance, queueId)
      .catch(() => undefined);
    if (
      entry &&
      entry.jobFullName === job.fullName &&
      entry.actor.userRef === caller.userRef
    ) {
      await this.labelBuild(caller, job, entry, buildNumber);
    }
  }

  private async parameterDefinitions(
    caller: Caller,
    job: ResolvedJob,
  ): Promise<ParameterDefinition[]> {
    const raw = (await this.options.gateway.getJob(
      this.readContext(caller, job),
      job.fullName,
      PARAMETER_DEFINITIONS_TREE,
    )) as RawJob;
    return parameterDefinitionsOf(raw).map(toParameterDefinition);
  }

  /**
   * The original build's values that may be repeated (minus secrets and the
   * BACKSTAGE_* ones), and the names of the secrets it had.
   */
  private originalParameters(
    build: RawBuild,
    definitions: ParameterDefinition[],
  ): { values: Record<string, SuppliedValue>; passwords: string[] } {
    const byName = new Map(definitions.map(d => [d.name, d]));
    const values: Record<string, SuppliedValue> = {};
    const passwords: string[] = [];
    for (const action of build.actions ?? []) {
      for (const parameter of action?.parameters ?? []) {
        const name = parameter.name ?? '';
        const definition = byName.get(name);
        if (
          !definition ||
          (BACKSTAGE_PARAMETERS as readonly string[]).includes(name)
        ) {
          continue;
        }
        if (
          definition.type === 'password' ||
          /PasswordParameterValue$/.test(parameter._class ?? '')
        ) {
          passwords.push(name);
          continue;
        }
        const value = parameter.value;
        if (definition.type === 'boolean') {
          values[name] = value === true || value === 'true';
        } else if (typeof value === 'string') {
          values[name] = value;
        } else if (typeof value === 'number' || typeof value === 'boolean') {
          values[name] = String(value);
        }
      }
    }
    return { values, passwords };
  }

  private backstageParameters(
    caller: Caller,
    job: ResolvedJob,
    context: WriteContext,
  ): BackstageParameterValues {
    return {
      BACKSTAGE_USER: caller.userRef,
      BACKSTAGE_ENTITY: job.entityRef,
      BACKSTAGE_OWNER: job.resource.owners.join(','),
      BACKSTAGE_REQUEST_ID: context.requestId,
    };
  }

  private descriptionContext(
    caller: Caller,
    job: ResolvedJob,
    principal: JenkinsPrincipal,
    requestId: string,
  ): BuildDescriptionContext {
    const system = (job.entity.spec as { system?: unknown } | undefined)
      ?.system;
    let systemRef = 'none';
    if (typeof system === 'string' && system) {
      try {
        systemRef = stringifyEntityRef(
          parseEntityRef(system, {
            defaultKind: 'system',
            defaultNamespace: job.entity.metadata.namespace ?? 'default',
          }),
        );
      } catch {
        systemRef = system;
      }
    }
    return {
      userRef: caller.userRef,
      jenkinsUser: this.jenkinsUserOf(job, principal) ?? principal.userName,
      displayName: caller.displayName ?? principal.userName,
      entityRef: job.entityRef,
      owner: job.resource.owners.join(', ') || 'none',
      system: systemRef,
      requestId,
    };
  }

  private jenkinsUserOf(
    job: ResolvedJob,
    principal: JenkinsPrincipal,
  ): string | null {
    try {
      return this.options.strategies
        .forInstance(job.instance)
        .describe(principal).jenkinsUser;
    } catch {
      return null;
    }
  }

  private readContext(caller: Caller, job: ResolvedJob): JenkinsRequestContext {
    return {
      instance: job.instance,
      principal: this.options.principals.principalFor(caller),
      purpose: 'read',
    };
  }

  private writeContext(
    caller: Caller,
    job: ResolvedJob,
  ): JenkinsRequestContext {
    return {
      instance: job.instance,
      principal: this.options.principals.principalFor(caller),
      purpose: 'write',
    };
  }

  private done(context: WriteContext, message: string): ActionResponse {
    return { requestId: context.requestId, status: 'done', message };
  }
}
