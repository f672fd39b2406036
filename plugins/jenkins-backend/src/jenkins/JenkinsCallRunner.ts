import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  JenkinsInstanceConfig,
  JenkinsPluginConfig,
} from '../config/JenkinsConfig';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { callIdentityOf } from './CallIdentity';
import { CircuitBreaker } from './CircuitBreaker';
import {
  answerOfFailure,
  attachedAnswer,
  JenkinsAnswer,
  withJenkinsAnswer,
} from './JenkinsAnswer';
import { JenkinsAttempt } from './JenkinsAttempt';
import { JenkinsConnectionPool } from './JenkinsConnectionPool';
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

  constructor(private readonly options: JenkinsCallRunnerOptions) {
    for (const instance of options.config.instances.values()) {
      this.breakers.set(
        instance.name,
        new CircuitBreaker(instance.name, instance.circuitBreaker, options.now),
      );
    }
  }

  /** Runs one operation; see the class. */
  async run<T>(
    ctx: JenkinsRequestContext,
    kind: JenkinsCallKind,
    action: string,
    operation: (transport: JenkinsTransport) => Promise<T>,
    refusals?: number[],
  ): Promise<T> {
    try {
      return await this.attempts(ctx, kind, action, operation, refusals);
    } catch (error) {
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
    kind: JenkinsCallKind,
    action: string,
    operation: (transport: JenkinsTransport) => Promise<T>,
    refusals?: number[],
  ): Promise<T> {
    const { now } = this.options;
    const instance = this.instance(ctx.instance);
    const breaker = this.breakers.get(instance.name)!;
    const identity = callIdentityOf(ctx, instance, this.options.strategies);
    const deadline = now() + instance.requestTimeoutMs;
    let crumbRetried = false;
    // What Jenkins answered the previous attempt, should the budget run out.
    let previous: JenkinsAnswer | undefined;
    for (let attempt = 1; ; attempt++) {
      breaker.check();
      if (deadline - now() <= 0) {
        throw withJenkinsAnswer(
          new JenkinsTimeoutError(
            `Jenkins instance '${instance.name}' did not answer ${action} within ${instance.requestTimeoutMs} ms`,
          ),
          previous ?? { status: null, reached: 'no' },
        );
      }
      const state: JenkinsAttempt = {
        headers: await identity.headers(),
        needsCrumb: identity.needsCrumb,
        deadline,
        now,
        sent: 0,
      };
      const connection = this.pool.connectionFor(instance);
      try {
        const result = await connection.client.run(state, () =>
          operation(new JenkinsTransport(connection, state)),
        );
        breaker.recordSuccess();
        return result;
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
        if (mapped.instanceFailure) {
          breaker.recordFailure();
        } else {
          breaker.recordSuccess();
        }
        const backoff = instance.retries.backoffMs * 2 ** (attempt - 1);
        if (
          kind === 'read' &&
          mapped.retryable &&
          attempt < instance.retries.maxAttempts &&
          deadline - now() > backoff
        ) {
          await new Promise(resolve => setTimeout(resolve, backoff));
          continue;
        }
        throw withJenkinsAnswer(mapped.error, previous);
      }
    }
  }
}
