import { CircuitBreaker } from './CircuitBreaker';
import { JenkinsCircuitOpenError } from './JenkinsErrors';

function breakerAt(clock: { now: number }, failureThreshold = 2) {
  return new CircuitBreaker(
    'default',
    { failureThreshold, resetAfterMs: 10_000 },
    () => clock.now,
  );
}

function fail(breaker: CircuitBreaker, times: number) {
  for (let i = 0; i < times; i++) {
    breaker.admit().settle('failure');
  }
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of failed calls in a row and fails fast', () => {
    const clock = { now: 0 };
    const breaker = breakerAt(clock);
    fail(breaker, 2);
    expect(breaker.state).toBe('open');
    expect(() => breaker.admit()).toThrow(JenkinsCircuitOpenError);
    expect(() => breaker.admit()).toThrow(
      /^Jenkins instance 'default' is unreachable: 2 calls in a row failed/,
    );
  });

  it('never counts calls the caller caused (neutral) nor lets them hide failures', () => {
    const clock = { now: 0 };
    const breaker = breakerAt(clock, 3);
    breaker.admit().settle('failure');
    for (let i = 0; i < 50; i++) {
      breaker.admit().settle('neutral');
    }
    expect(breaker.state).toBe('closed');
    fail(breaker, 2);
    expect(breaker.state).toBe('open');
  });

  it('settles a call once, however often it is settled', () => {
    const clock = { now: 0 };
    const breaker = breakerAt(clock);
    const pass = breaker.admit();
    pass.settle('failure');
    pass.settle('failure');
    expect(breaker.state).toBe('closed');
  });

  it('lets exactly one trial call through when half-open; the others fail fast until it ends', () => {
    const clock = { now: 0 };
    const breaker = breakerAt(clock);
    fail(breaker, 2);
    clock.now = 10_000;
    expect(breaker.state).toBe('half-open');
    const trial = breaker.admit();
    for (let i = 0; i < 5; i++) {
      expect(() => breaker.admit()).toThrow(
        /one trial call is checking whether it is back/,
      );
    }
    trial.settle('success');
    expect(breaker.state).toBe('closed');
    breaker.admit().settle('success');
    breaker.admit().settle('success');
  });

  it('opens again at once when the trial call fails', () => {
    const clock = { now: 0 };
    const breaker = breakerAt(clock, 5);
    fail(breaker, 5);
    clock.now = 10_000;
    breaker.admit().settle('failure');
    expect(breaker.state).toBe('open');
    expect(() => breaker.admit()).toThrow(/for another 10s/);
    clock.now = 20_000;
    expect(breaker.state).toBe('half-open');
  });

  it('lets the next call try when the trial said nothing about the instance', () => {
    const clock = { now: 0 };
    const breaker = breakerAt(clock);
    fail(breaker, 2);
    clock.now = 10_000;
    breaker.admit().settle('neutral');
    expect(breaker.state).toBe('half-open');
    const next = breaker.admit();
    expect(() => breaker.admit()).toThrow(JenkinsCircuitOpenError);
    next.settle('success');
    expect(breaker.state).toBe('closed');
  });

  it('stops retries of a call once the circuit opened under it', () => {
    const clock = { now: 0 };
    const breaker = breakerAt(clock);
    const slow = breaker.admit();
    expect(slow.mayRetry()).toBe(true);
    fail(breaker, 2);
    expect(slow.mayRetry()).toBe(false);
  });
});
