/**
 * At most `limit` requests in any window of `windowMs` (a sliding window),
 * for the watcher's per-minute bound on one Jenkins instance.
 */
export class RequestBudget {
  private readonly taken: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number = 60_000,
  ) {}

  /** Takes one request if the window has room; false otherwise. */
  tryTake(nowMs: number): boolean {
    while (this.taken.length && this.taken[0] <= nowMs - this.windowMs) {
      this.taken.shift();
    }
    if (this.taken.length >= this.limit) {
      return false;
    }
    this.taken.push(nowMs);
    return true;
  }
}
