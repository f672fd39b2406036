import {
  AbortOperation,
  ActionResponse,
  AnswerInputOperation,
  CancelOperation,
  JenkinsJobPermission,
  jenkinsBuildAbortPermission,
  jenkinsBuildApprovePermission,
  jenkinsBuildRebuildPermission,
  jenkinsJobReadPermission,
  jenkinsJobTriggerPermission,
  JobTarget,
  QueueState,
  RebuildOperation,
  TriggerOperation,
  TriggerResponse,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { JobResolver } from '../jobs/JobResolver';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { BuildFactsResolver } from '../permissions/BuildFactsResolver';
import { JobAuthorizer } from '../permissions/JobAuthorizer';
import { BuildLabeller } from './BuildLabeller';
import { JenkinsWriteService } from './JenkinsWriteService';
import { findEarlierAttempt, outcomeUnknown } from './EarlierAttempt';
import { PreparedWrite } from './PreparedWrite';
import { WriteAttempt, WriteAudit } from './WriteAudit';
import { WriteContext } from './WriteContext';

/** Options of {@link AuthorizedWriteService}. */
export interface AuthorizedWriteServiceOptions {
  /** A branch id is confirmed with Jenkins only once the caller is authorized. */
  resolver: Pick<JobResolver, 'resolveJob' | 'confirmBranch'>;
  /** `authorizeBuild` decides on one build, asking for its facts only when they matter. */
  authorizer: Pick<JobAuthorizer, 'authorizeJob'> &
    Partial<Pick<JobAuthorizer, 'authorizeBuild'>>;
  /**
   * Throws IdentityMappingError (403) when the caller cannot be sent to the
   * instance as exactly themselves; such a write is refused and recorded.
   */
  identity: { check(caller: Caller, instance: string): void };
  jenkins: JenkinsWriteService;
  audit: WriteAudit;
  labeller: BuildLabeller;
  /** Who started the build a write acts on, for the policy to decide on. */
  builds?: Pick<BuildFactsResolver, 'contextOf'>;
}

/**
 * The front of every write — run, rebuild, abort, cancel, answer an input
 * step — whether it came over HTTP or through the actions registry: the
 * job is resolved through the entity (loaded with the caller's
 * credentials), the permission policy decides on that job, the attempt is
 * recorded, Jenkins is called as the person, and the outcome is recorded.
 * Inputs arrive parsed with the operation schemas of `-common`.
 */
export class AuthorizedWriteService {
  constructor(private readonly options: AuthorizedWriteServiceOptions) {}

  async trigger(
    caller: Caller,
    operation: TriggerOperation,
    context: WriteContext,
  ): Promise<TriggerResponse> {
    const attempt: WriteAttempt = {
      caller,
      action: 'trigger',
      context,
      parameters: operation.parameters,
    };
    const job = await this.resolve(attempt, operation);
    const response = await this.run(
      attempt,
      job,
      jenkinsJobTriggerPermission,
      () =>
        this.options.jenkins.prepareTrigger(
          caller,
          job,
          operation.parameters,
          context,
        ),
    );
    await this.options.labeller.labelIfStarted(caller, job, response);
    return response;
  }

  async rebuild(
    caller: Caller,
    operation: RebuildOperation,
    context: WriteContext,
  ): Promise<TriggerResponse> {
    const attempt: WriteAttempt = {
      caller,
      action: 'rebuild',
      context,
      parameters: operation.parameters,
      message: `Rebuild of #${operation.buildNumber}`,
    };
    const job = await this.resolve(
      { ...attempt, message: undefined },
      operation,
    );
    const response = await this.run(
      attempt,
      job,
      jenkinsBuildRebuildPermission,
      () =>
        this.options.jenkins.prepareRebuild(
          caller,
          job,
          operation.buildNumber,
          operation.parameters,
          context,
        ),
      operation.buildNumber,
    );
    await this.options.labeller.labelIfStarted(caller, job, response);
    return response;
  }

  async abort(
    caller: Caller,
    operation: AbortOperation,
    context: WriteContext,
  ): Promise<ActionResponse> {
    const attempt: WriteAttempt = {
      caller,
      action: 'abort',
      context,
      buildNumber: operation.buildNumber,
    };
    const job = await this.resolve(attempt, operation);
    return this.run(
      attempt,
      job,
      jenkinsBuildAbortPermission,
      () =>
        this.options.jenkins.prepareAbort(
          caller,
          job,
          operation.buildNumber,
          context,
        ),
      operation.buildNumber,
    );
  }

  async cancel(
    caller: Caller,
    operation: CancelOperation,
    context: WriteContext,
  ): Promise<ActionResponse> {
    const attempt: WriteAttempt = {
      caller,
      action: 'cancel',
      context,
      queueId: operation.queueId,
    };
    const job = await this.resolve(attempt, operation);
    return this.run(attempt, job, jenkinsBuildAbortPermission, () =>
      this.options.jenkins.prepareCancel(
        caller,
        job,
        operation.queueId,
        context,
      ),
    );
  }

  async answerInput(
    caller: Caller,
    operation: AnswerInputOperation,
    context: WriteContext,
  ): Promise<ActionResponse> {
    const attempt: WriteAttempt = {
      caller,
      action: operation.action,
      context,
      buildNumber: operation.buildNumber,
      parameters: operation.parameters,
      message: `Input ${operation.inputId}`,
    };
    const job = await this.resolve(
      { ...attempt, message: undefined },
      operation,
    );
    return this.run(
      attempt,
      job,
      jenkinsBuildApprovePermission,
      () =>
        this.options.jenkins.prepareAnswerInput(
          caller,
          job,
          operation.buildNumber,
          operation.inputId,
          { action: operation.action, parameters: operation.parameters },
          context,
        ),
      operation.buildNumber,
    );
  }

  /**
   * The same pipeline for writes prepared elsewhere (restart, replay,
   * pause; see `AuthorizedPipelineControls`); `alsoRequired` is a further
   * permission on the job (an edited replay needs `jenkins.build.replay`).
   */
  perform<T>(
    attempt: WriteAttempt,
    job: ResolvedJob,
    permission: JenkinsJobPermission,
    prepare: () => Promise<PreparedWrite<T>>,
    buildNumber?: number,
    alsoRequired?: JenkinsJobPermission,
  ): Promise<T> {
    return this.run(
      attempt,
      job,
      permission,
      prepare,
      buildNumber,
      alsoRequired,
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
    const job = await this.options.resolver.resolveJob(
      caller,
      target.entityRef,
      target.jobId,
    );
    await this.options.authorizer.authorizeJob(
      caller,
      jenkinsJobReadPermission,
      job,
    );
    await this.options.resolver.confirmBranch(caller, job);
    const state = await this.options.jenkins.queueState(caller, job, queueId);
    if (state.state === 'started' && state.buildNumber !== null) {
      await this.options.labeller.labelAfterStart(
        caller,
        job,
        queueId,
        state.buildNumber,
      );
    }
    return state;
  }

  /** Resolves the job of a write; a refusal is recorded, then thrown. */
  async resolve(
    attempt: WriteAttempt,
    target: JobTarget,
  ): Promise<ResolvedJob> {
    try {
      return await this.options.resolver.resolveJob(
        attempt.caller,
        target.entityRef,
        target.jobId,
      );
    } catch (error) {
      await this.options.audit.unresolved(attempt, target, error as Error);
      throw error;
    }
  }

  /**
   * The pipeline of every write on a resolved job: decide, prepare (read
   * and validate what the write needs), record, call Jenkins, record.
   * A write on a build (`buildNumber`) is decided with what the backend
   * knows about that build: who started it, its parameters' names.
   */
  private async run<T>(
    attempt: WriteAttempt,
    job: ResolvedJob,
    permission: JenkinsJobPermission,
    prepare: () => Promise<PreparedWrite<T>>,
    buildNumber?: number,
    alsoRequired?: JenkinsJobPermission,
  ): Promise<T> {
    const { audit, authorizer, identity, builds } = this.options;
    try {
      if (alsoRequired) {
        await authorizer.authorizeJob(attempt.caller, alsoRequired, job);
      }
      if (buildNumber !== undefined && builds && authorizer.authorizeBuild) {
        await authorizer.authorizeBuild(
          attempt.caller,
          permission,
          job,
          buildNumber,
          async () =>
            (
              await builds.contextOf(attempt.caller, job, buildNumber)
            ).facts,
        );
      } else {
        await authorizer.authorizeJob(attempt.caller, permission, job);
      }
      identity.check(attempt.caller, job.instance);
    } catch (error) {
      await audit.refused(attempt, job, error as Error);
      throw error;
    }

    let prepared: PreparedWrite<T>;
    try {
      await this.options.resolver.confirmBranch(attempt.caller, job);
      prepared = await prepare();
    } catch (error) {
      await audit.notPrepared(attempt, job, error as Error);
      throw error;
    }

    if (attempt.context.earlier && prepared.lookup) {
      const found = await findEarlierAttempt(audit, attempt, prepared.lookup);
      if (found) {
        return found.result;
      }
    }

    // Fails when another attempt of the key took over: nothing is sent.
    await attempt.context.beforeSend?.(prepared.lookup?.mark);
    const record = await audit.begin(attempt, job, prepared.auditParameters);
    try {
      const outcome = await prepared.execute();
      await audit.succeeded(record, outcome);
      return outcome.result;
    } catch (error) {
      await audit.failed(record, error as Error);
      throw outcomeUnknown(error as Error, attempt, job) ?? error;
    }
  }
}
