import { NotAllowedError } from '@backstage/errors';
import {
  AuditAction,
  AuditEntry,
  AuditScript,
  decodeJobId,
  JobTarget,
} from '@internal/plugin-jenkins-common';
import { AuditRecord, AuditTrail } from '../audit/AuditTrail';
import { MASKED_VALUE } from '../audit/maskParameters';
import { AuditAttempt, AuditCompletion } from '../audit/types';
import { isIdentityMappingError } from '../identity/IdentityMappingError';
import { Caller, JenkinsPrincipal } from '../identity/types';
import { jenkinsAnswerOf } from '../jenkins/JenkinsAnswer';
import { EntityNotFoundError } from '../jobs/EntityNotFoundError';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { WriteOutcome } from './PreparedWrite';
import { WriteContext } from './WriteContext';

/** What is known of a write before anything is decided. */
export interface WriteAttempt {
  caller: Caller;
  action: AuditAction;
  context: WriteContext;
  buildNumber?: number | null;
  queueId?: number | null;
  message?: string | null;
  /** As supplied; recorded masked. */
  parameters?: Record<string, unknown>;
  /** A replay's script: its sha256 and diff against the original. */
  script?: AuditScript;
}

/** Options of {@link WriteAudit}. */
export interface WriteAuditOptions {
  trail: AuditTrail;
  principals: { principalFor(caller: Caller): JenkinsPrincipal };
  strategies: {
    jenkinsUserOf(instance: string, principal: JenkinsPrincipal): string | null;
  };
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

/**
 * The outcome of a write that Jenkins did not carry out, from what Jenkins
 * really answered: its own status, or none when it was never reached or
 * when nobody knows whether it was.
 */
function failureOf(error: Error): AuditCompletion {
  const answer = jenkinsAnswerOf(error);
  let outcome: AuditCompletion['outcome'] = 'failure';
  if (answer.reached === 'no') {
    outcome = 'unreachable';
  } else if (answer.reached === 'unknown') {
    outcome = 'unknown';
  } else if (error instanceof NotAllowedError) {
    // Jenkins refused the person: 401/403, an input step's Failure (400)
    // or a queue item it may not cancel (422), as the gateway maps them.
    outcome = 'denied';
  }
  return { outcome, jenkinsStatus: answer.status, message: error.message };
}

/**
 * The audit lifecycle of a write: one entry per attempt, whatever stopped
 * it — a job the entity does not declare, the policy, invalid input, or
 * Jenkins — and, once Jenkins answered, what it answered.
 */
export class WriteAudit {
  constructor(private readonly options: WriteAuditOptions) {}

  /**
   * A request for a job the entity does not declare (or an entity the
   * caller cannot see): probing for jobs is what an auditor wants to see.
   * An entity not found is marked so, which keeps the attempt out of the
   * activity of an entity of that ref that the caller could not see.
   */
  async unresolved(
    attempt: WriteAttempt,
    target: JobTarget,
    error: Error,
  ): Promise<void> {
    const decoded = decodeJobId(target.jobId);
    await this.closed(
      {
        ...this.base(attempt),
        actor: { userRef: attempt.caller.userRef, jenkinsUser: null },
        entityRef: target.entityRef,
        instance: decoded?.instance ?? 'unknown',
        jobFullName: decoded?.fullName ?? target.jobId,
        decision: 'deny',
        parameters: maskAll(attempt.parameters),
        ...(error instanceof EntityNotFoundError
          ? { entityFound: false as const }
          : {}),
      },
      { outcome: 'failure', message: error.message },
      error,
      attempt.context,
    );
  }

  /** The policy refused, or could not decide; Jenkins is not called. */
  async refused(
    attempt: WriteAttempt,
    job: ResolvedJob,
    error: Error,
  ): Promise<void> {
    const attemptOnJob = {
      ...this.onJob(attempt, job),
      parameters: maskAll(attempt.parameters),
    };
    if (error instanceof NotAllowedError) {
      await this.options.trail.recordDenied(attemptOnJob, error, {
        request: attempt.context.request,
      });
      return;
    }
    // No decision could be made (e.g. the permission backend failed):
    // nothing went ahead, and the failure is on record.
    await this.closed(
      { ...attemptOnJob, decision: 'deny' },
      {
        outcome: 'failure',
        message: `No permission decision: ${error.message}`,
      },
      error,
      attempt.context,
    );
  }

  /** Allowed, but what the write depends on was missing or invalid. */
  async notPrepared(
    attempt: WriteAttempt,
    job: ResolvedJob,
    error: Error,
  ): Promise<void> {
    await this.closed(
      {
        ...this.onJob(attempt, job),
        decision: 'allow',
        parameters: maskAll(attempt.parameters),
      },
      { outcome: 'failure', message: error.message },
      error,
      attempt.context,
    );
  }

  /** Puts an allowed write on record before Jenkins is called. */
  async begin(
    attempt: WriteAttempt,
    job: ResolvedJob,
    auditParameters: Record<string, unknown> | null | undefined,
  ): Promise<AuditRecord> {
    return this.options.trail.begin(
      {
        ...this.onJob(attempt, job),
        decision: 'allow',
        parameters:
          auditParameters === undefined
            ? maskAll(attempt.parameters)
            : auditParameters,
      },
      { request: attempt.context.request },
    );
  }

  /** Jenkins carried out the write. */
  async succeeded(
    record: AuditRecord,
    outcome: WriteOutcome<unknown>,
  ): Promise<void> {
    await record.complete({
      outcome: 'success',
      jenkinsStatus: outcome.jenkinsStatus,
      ...outcome.completion,
    });
  }

  /** Jenkins refused or failed the write, or could not be asked. */
  async failed(record: AuditRecord, error: Error): Promise<void> {
    await record.complete(failureOf(error), error);
  }

  /**
   * A later attempt of the request learnt what became of the earlier ones
   * whose outcome was unknown (or left pending by a replica that died).
   */
  async settleEarlier(
    context: WriteContext,
    completion: AuditCompletion,
  ): Promise<void> {
    await this.options.trail.settle(context.requestId, completion, {
      request: context.request,
    });
  }

  private async closed(
    attempt: AuditAttempt,
    completion: AuditCompletion,
    error: Error,
    context: WriteContext,
  ): Promise<AuditEntry> {
    const record = await this.options.trail.begin(attempt, {
      request: context.request,
    });
    await record.complete(completion, error);
    return record.entry;
  }

  /** Who Jenkins sees; null for a person who cannot be mapped (refused). */
  private jenkinsUserOf(caller: Caller, instance: string): string | null {
    let principal: JenkinsPrincipal;
    try {
      principal = this.options.principals.principalFor(caller);
    } catch (error) {
      if (isIdentityMappingError(error)) {
        return null;
      }
      throw error;
    }
    return this.options.strategies.jenkinsUserOf(instance, principal);
  }

  private base(attempt: WriteAttempt) {
    return {
      action: attempt.action,
      buildNumber: attempt.buildNumber ?? null,
      queueId: attempt.queueId ?? null,
      message: attempt.message ?? null,
      requestId: attempt.context.requestId,
      via: attempt.caller.via,
      ...(attempt.script ? { script: attempt.script } : {}),
      ...clientOf(attempt.caller),
    };
  }

  private onJob(attempt: WriteAttempt, job: ResolvedJob) {
    return {
      ...this.base(attempt),
      actor: {
        userRef: attempt.caller.userRef,
        jenkinsUser: this.jenkinsUserOf(attempt.caller, job.instance),
      },
      entityRef: job.entityRef,
      instance: job.instance,
      jobFullName: job.fullName,
      ...(job.resource.environment
        ? { environment: job.resource.environment }
        : {}),
    };
  }
}

/**
 * The plugin that carried a person's request, from the actor of its signed
 * on-behalf-of token (the MCP server's `plugin:mcp-actions` for an
 * assistant); nothing for the person's own session.
 */
function clientOf(caller: Caller): { client?: string } {
  const principal = caller.credentials?.principal as
    | { type?: string; actor?: { subject?: string } }
    | undefined;
  const subject =
    principal?.type === 'user' ? principal.actor?.subject : undefined;
  return subject ? { client: subject } : {};
}
