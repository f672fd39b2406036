/** The simulator's notion of "now", in epoch milliseconds. */
export interface SimClock {
  now(): number;
  /** Moves virtual time forward; real-time clocks reject this. */
  advance(ms: number): void;
  readonly virtual: boolean;
}

/** A clock that only moves when a test advances it, so runs are deterministic. */
export class VirtualClock implements SimClock {
  readonly virtual = true;
  constructor(private current: number) {}
  now() {
    return this.current;
  }
  advance(ms: number) {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error('advance(ms) needs a non-negative number');
    }
    this.current += ms;
  }
}

/** Wall-clock time scaled by a speed factor, so demos look alive. */
export class ScaledRealClock implements SimClock {
  readonly virtual = false;
  private readonly realStart = Date.now();
  private offset = 0;
  constructor(private readonly simStart: number, private readonly speed = 1) {}
  now() {
    return (
      this.simStart +
      Math.floor((Date.now() - this.realStart) * this.speed) +
      this.offset
    );
  }
  /** Jumps ahead; allowed on real clocks too, useful to skip a quiet period. */
  advance(ms: number) {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error('advance(ms) needs a non-negative number');
    }
    this.offset += ms;
  }
}
