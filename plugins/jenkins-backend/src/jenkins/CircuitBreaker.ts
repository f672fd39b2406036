import { JenkinsCircuitOpenError } from './JenkinsErrors';

/**
 * How one call ended, as far as the breaker cares: `success` (Jenkins
 * answered, even if it refused the caller), `failure` (the instance failed:
 * unreachable, 5xx, timeout, malformed answer) or `neutral` (the call says
 * nothing about the instance, e.g. it was refused before it was sent).
 *
 * @public
 */
export type CircuitOutcome = 'success' | 'failure' | 'neutral';

/**
 * One admitted call. Settle it exactly once, with how the whole call ended
 * (all its retries together).
 *
 * @public
 */
export interface CircuitPass {
  /** Whether another attempt of this call may go out (false once the circuit opened under it). */
  mayRetry(): boolean;
  settle(outcome: CircuitOutcome): void;
}

/**
 * A per-instance circuit breaker. Closed, it lets every call through and
 * counts calls (not attempts) that failed in a row; after
 * `failureThreshold` of them it opens and fails fast for `resetAfterMs`.
 * Then it is half-open: exactly one trial call goes through while every
 * other call fails fast; the trial's success closes it, its failure opens it
 * again, and a trial that says nothing about the instance lets the next
 * call try.
 *
 * @public
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil = 0;
  private trialRunning = false;

  constructor(
    private readonly instance: string,
    private readonly options: {
      failureThreshold: number;
      resetAfterMs: number;
    },
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the breaker currently turns calls away. */
  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openUntil === 0) {
      return 'closed';
    }
    return this.openUntil > this.now() ? 'open' : 'half-open';
  }

  /**
   * Admits one call, or throws JenkinsCircuitOpenError while the circuit is
   * open or while the half-open trial call runs.
   */
  admit(): CircuitPass {
    const state = this.state;
    if (state === 'open') {
      const seconds = Math.ceil((this.openUntil - this.now()) / 1000);
      throw new JenkinsCircuitOpenError(
        `Jenkins instance '${this.instance}' is unreachable: ${this.consecutiveFailures} calls in a row failed, so it is not called again for another ${seconds}s`,
      );
    }
    if (state === 'half-open') {
      if (this.trialRunning) {
        throw new JenkinsCircuitOpenError(
          `Jenkins instance '${this.instance}' is unreachable: ${this.consecutiveFailures} calls in a row failed, and one trial call is checking whether it is back`,
        );
      }
      this.trialRunning = true;
      return this.pass(true);
    }
    return this.pass(false);
  }

  private pass(trial: boolean): CircuitPass {
    let settled = false;
    return {
      mayRetry: () => trial || this.state === 'closed',
      settle: outcome => {
        if (settled) {
          return;
        }
        settled = true;
        if (trial) {
          this.trialRunning = false;
        }
        if (outcome === 'success') {
          this.consecutiveFailures = 0;
          this.openUntil = 0;
        } else if (outcome === 'failure') {
          this.consecutiveFailures += 1;
          if (
            trial ||
            this.consecutiveFailures >= this.options.failureThreshold
          ) {
            this.openUntil = this.now() + this.options.resetAfterMs;
          }
        }
      },
    };
  }
}
