import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  JenkinsInstanceConfig,
  JenkinsPluginConfig,
} from '../config/JenkinsConfig';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { callIdentityOf } from './CallIdentity';
import { CircuitBreaker, CircuitOutcome, CircuitPass } from './CircuitBreaker';
import {
  answerOfFailure,
  attachedAnswer,
  JenkinsAnswer,
  withJenkinsAnswer,
} from './JenkinsAnswer';
import { JenkinsAttempt } from './JenkinsAttempt';
import { JenkinsConnectionPool } from './JenkinsConnectionPool';
import { FairRequestLimiter } from './FairRequestLimiter';
import { isCallerCaused } from './callerCausedFailures';
import { isCrumbRejection, mapJenkinsError } from './JenkinsErrorMapper';
import { JenkinsTimeoutError } from './JenkinsErrors';
import { JenkinsRequestContext } from './JenkinsGateway';
import { JenkinsTransport } from './JenkinsTransport';

/** Options of {@link JenkinsCallRunner}. */
export interface JenkinsCallRunnerOptions {
  config: JenkinsPluginConfig;
  strategies: IdentityStrategies;
  logger: LoggerService;
  now: () => number;
}

/** Reads may be retried; writes are not (except after a crumb rejection). */
export type JenkinsCallKind = 'read' | 'write';

/**
 * Runs gateway operations against an instance: with the call's identity,
 * over the instance's pooled connection, within its timeout budget, through
 * its circuit breaker, retrying reads with backoff and writes only once
 * after a crumb rejection; every failure is mapped and carries what Jenkins
 * answered (see `jenkinsAnswerOf`).
 */
export class JenkinsCallRunner {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly pool = new JenkinsConnectionPool();
  private readonly limiters = new Map<string, FairRequestLimiter>();

  constructor(private readonly options: JenkinsCallRunnerOptions) {
    for (const instance of options.config.instances.values()) {
      this.breakers.set(
        instance.name,
        new CircuitBreaker(instance.name, instance.circuitBreaker, options.now),
      );
      this.limiters.set(
        instance.name,
        new FairRequestLimiter(instance.maxConcurrentRequests),
      );
    }
  }

  /**
   * Runs one operation; see the class. The breaker counts the call once,
   * however many attempts it took, and never when the caller caused the
   * failure (see `isCallerCaused`).
   */
  async run<T>(
    ctx: JenkinsRequestContext,
    kind: JenkinsCallKind,
    action: string,
    operation: (transport: JenkinsTransport) => Promise<T>,
    refusals?: number[],
  ): Promise<T> {
    const call: CallRecord = { instanceFailed: false };
    const askedAt = this.options.now();
    let pass: CircuitPass | undefined;
    try {
      const instance = this.instance(ctx.instance);
      pass = this.breakers.get(instance.name)!.admit();
      const result = await this.attempts(
        ctx,
        instance,
        pass,
        call,
        { kind, action, deadline: askedAt + instance.requestTimeoutMs },
        operation,
        refusals,
      );
      pass.settle('success');
      return result;
    } catch (error) {
      pass?.settle(circuitOutcomeOf(error, call));
      // Failures before any request (unknown instance, open circuit,
      // identity headers that could not be built) never reached Jenkins.
      throw attachedAnswer(error)
        ? error
        : withJenkinsAnswer(error, { status: null, reached: 'no' });
    }
  }

  /** Closes the pooled connections of every instance. */
  close(): Promise<void> {
    return this.pool.close();
  }

  private instance(name: string): JenkinsInstanceConfig {
    const instance = this.options.config.instances.get(name);
    if (!instance) {
      throw new NotFoundError(`Unknown Jenkins instance '${name}'`);
    }
    return instance;
  }

  private async attempts<T>(
    ctx: JenkinsRequestContext,
    instance: JenkinsInstanceConfig,
    pass: CircuitPass,
    call: CallRecord,
    { kind, action, deadline }: CallPlan,
    operation: (transport: JenkinsTransport) => Promise<T>,
    refusals?: number[],
  ): Promise<T> {
    const { now } = this.options;
    const identity = callIdentityOf(ctx, instance, this.options.strategies);
    let crumbRetried = false;
    // What Jenkins answered the previous attempt, should the budget run out.
    let previous: JenkinsAnswer | undefined;
    const timeout = (unsent = '') =>
      withJenkinsAnswer(
        new JenkinsTimeoutError(
          `Jenkins instance '${instance.name}' did not answer ${action} within ${instance.requestTimeoutMs} ms${unsent}`,
        ),
        previous ?? { status: null, reached: 'no' },
      );
    // Not Jenkins' doing: this backend had more requests for the instance
    // than slots, and the request was never sent.
    const queuedTooLong = () =>
      timeout(
        `: it waited that long for one of the instance's ${instance.maxConcurrentRequests} request slots (maxConcurrentRequests) and was not sent`,
      );
    for (let attempt = 1; ; attempt++) {
      if (deadline - now() <= 0) {
        throw timeout();
      }
      const state: JenkinsAttempt = {
        headers: await identity.headers(),
        needsCrumb: identity.needsCrumb,
        deadline,
        now,
        sent: 0,
      };
      const connection = this.pool.connectionFor(instance);
      // Waiting for a slot spends the caller's budget; a wait that outlasts
      // it fails as a timeout that never reached Jenkins (neutral for the
      // breaker). The slot is held for one attempt, not across backoffs.
      const release = await this.limiters.get(instance.name)!.acquire({
        kind,
        shared: identity.kind === 'shared-read',
        person: ctx.principal.userRef,
        job: jobOfAction(action),
        waitMs: deadline - now(),
        timeoutError: queuedTooLong,
      });
      if (deadline - now() <= 0) {
        release(); // the slot came too late to send anything
        throw queuedTooLong();
      }
      const sentAt = now();
      try {
        return await connection.client.run(state, () =>
          operation(new JenkinsTransport(connection, state)),
        );
      } catch (error) {
        if (kind === 'write' && !crumbRetried && isCrumbRejection(error)) {
          crumbRetried = true;
          this.options.logger.info(
            `Jenkins instance '${instance.name}' rejected the crumb to ${action}; retrying once with a fresh crumb`,
          );
          continue;
        }
        const mapped = mapJenkinsError(error, {
          instance: instance.name,
          action,
          jenkinsUser: identity.jenkinsUser,
          timeoutMs: instance.requestTimeoutMs,
          refusals,
        });
        previous = answerOfFailure(error, state);
        // A timeout counts against the instance only when Jenkins had the
        // whole request timeout: an attempt sent late (after waiting for a
        // slot, or a retry) that ran out of the caller's budget says nothing
        // about Jenkins, and a busy backend must not open its own breaker.
        call.instanceFailed =
          mapped.instanceFailure &&
          !(
            mapped.error instanceof JenkinsTimeoutError &&
            now() - sentAt < instance.requestTimeoutMs
          );
        const backoff = instance.retries.backoffMs * 2 ** (attempt - 1);
        if (
          kind === 'read' &&
          mapped.retryable &&
          pass.mayRetry() &&
          attempt < instance.retries.maxAttempts &&
          deadline - now() > backoff
        ) {
          release();
          await new Promise(resolve => setTimeout(resolve, backoff));
          continue;
        }
        throw withJenkinsAnswer(mapped.error, previous);
      } finally {
        release();
      }
    }
  }
}

/** What one call does and by when it must be done. */
interface CallPlan {
  kind: JenkinsCallKind;
  action: string;
  /** Counted from when the caller asked, queue wait included. */
  deadline: number;
}

/**
 * The job an action is about, for fair queueing: the action without its
 * build number ("read build a/b #12" and "#13" queue as one job).
 */
function jobOfAction(action: string): string {
  return action.replace(/\s*#\d+.*$/, '');
}

/** What the attempts of one call found out about the instance. */
interface CallRecord {
  /** The last attempt failed for the instance's sake (5xx, unreachable, …). */
  instanceFailed: boolean;
}

/**
 * How a failed call counts for the breaker: against the instance only when
 * the instance failed it, never when the caller caused it; a refusal Jenkins
 * answered proves it is up; anything else (refused before sending) is
 * neutral.
 */
function circuitOutcomeOf(error: unknown, call: CallRecord): CircuitOutcome {
  if (call.instanceFailed && !isCallerCaused(error)) {
    return 'failure';
  }
  return attachedAnswer(error)?.reached === 'yes' ? 'success' : 'neutral';
}
