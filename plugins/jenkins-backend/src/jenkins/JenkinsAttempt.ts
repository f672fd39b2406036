/**
 * One attempt of a gateway call: the identity and deadline every request of
 * the attempt is sent with (the crumb GET as well as the POST it is for), and
 * what came back, so that results and errors can say what Jenkins answered.
 */
export interface JenkinsAttempt {
  /** The identity headers of the call. */
  readonly headers: Record<string, string>;
  /** Whether POSTs fetch a crumb and session cookie first. */
  readonly needsCrumb: boolean;
  /** Epoch ms by which the whole call (all attempts) must be answered. */
  readonly deadline: number;
  readonly now: () => number;
  /** How many requests this attempt handed to the network. */
  sent: number;
  /**
   * The status of the answer to the latest request, undefined while it is
   * outstanding (or when it failed without an answer).
   */
  lastStatus?: number;
}

/** Records that a request of the attempt is about to be sent. */
export function markSent(attempt: JenkinsAttempt): void {
  attempt.sent += 1;
  attempt.lastStatus = undefined;
}

/** Records the status Jenkins answered the latest request with. */
export function markAnswered(attempt: JenkinsAttempt, status: number): void {
  attempt.lastStatus = status;
}

/** What is left of the call's budget for the next request (at least 1 ms). */
export function remainingMs(attempt: JenkinsAttempt): number {
  return Math.max(1, attempt.deadline - attempt.now());
}
