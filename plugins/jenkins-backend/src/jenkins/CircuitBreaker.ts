import { JenkinsCircuitOpenError } from './JenkinsErrors';

/**
 * A per-instance circuit breaker: after `failureThreshold` consecutive
 * failures it fails fast for `resetAfterMs`, then lets one trial call through.
 *
 * @public
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil = 0;

  constructor(
    private readonly instance: string,
    private readonly options: {
      failureThreshold: number;
      resetAfterMs: number;
    },
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws JenkinsCircuitOpenError while the circuit is open. */
  check(): void {
    if (this.openUntil > this.now()) {
      const seconds = Math.ceil((this.openUntil - this.now()) / 1000);
      throw new JenkinsCircuitOpenError(
        `Jenkins instance '${this.instance}' is unreachable: ${this.consecutiveFailures} calls in a row failed, so it is not called again for another ${seconds}s`,
      );
    }
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openUntil = 0;
  }

  recordFailure(): void {
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= this.options.failureThreshold) {
      this.openUntil = this.now() + this.options.resetAfterMs;
    }
  }
}
