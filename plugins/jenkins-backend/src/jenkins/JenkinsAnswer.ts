import { JenkinsAttempt } from './JenkinsAttempt';
import { JenkinsHttpError } from './JenkinsHttpError';

/**
 * What Jenkins answered a failed gateway call.
 *
 * @public
 */
export interface JenkinsAnswer {
  /** The HTTP status of Jenkins' final answer; null when it sent none. */
  status: number | null;
  /**
   * `yes`: Jenkins answered. `no`: the request never reached Jenkins
   * (connection refused, DNS, open circuit, unknown instance). `unknown`:
   * it may have (a timeout, or a connection lost after sending), so a write
   * may or may not have happened.
   */
  reached: 'yes' | 'no' | 'unknown';
}

// A symbol and non-enumerable: invisible to error serialization and to
// tests that compare errors by their fields.
const ANSWER = Symbol('jenkinsAnswer');

/** Errors before which nothing can have reached Jenkins. */
const NOT_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * What Jenkins answered the gateway call that failed with `error`. Every
 * error the gateway throws carries it; for any other error Jenkins' answer
 * is `unknown`.
 *
 * @public
 */
export function jenkinsAnswerOf(error: unknown): JenkinsAnswer {
  return attachedAnswer(error) ?? { status: null, reached: 'unknown' };
}

/** The answer attached to an error, if any. */
export function attachedAnswer(error: unknown): JenkinsAnswer | undefined {
  if (error !== null && typeof error === 'object' && ANSWER in error) {
    return (error as { [ANSWER]: JenkinsAnswer })[ANSWER];
  }
  return undefined;
}

/** Attaches Jenkins' answer to an error (objects only) and returns it. */
export function withJenkinsAnswer<E>(error: E, answer: JenkinsAnswer): E {
  if (error !== null && typeof error === 'object') {
    Object.defineProperty(error, ANSWER, {
      value: answer,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
  return error;
}

/**
 * Jenkins' answer as far as an attempt that failed with `error` (before
 * mapping) tells: the status on the error, else the status of the attempt's
 * latest answered request (a malformed or unexpected answer), else whether
 * anything can have reached Jenkins.
 */
export function answerOfFailure(
  error: unknown,
  attempt: JenkinsAttempt | undefined,
): JenkinsAnswer {
  const status = statusOf(error);
  if (status !== undefined) {
    return { status, reached: 'yes' };
  }
  if (attempt?.lastStatus !== undefined) {
    return { status: attempt.lastStatus, reached: 'yes' };
  }
  if (!attempt || attempt.sent === 0) {
    return { status: null, reached: 'no' };
  }
  if (neverConnected(error)) {
    return { status: null, reached: 'no' };
  }
  return { status: null, reached: 'unknown' };
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof JenkinsHttpError) {
    return error.status;
  }
  // Errors of the `jenkins` client carry the raw response.
  const e = error as { res?: any; response?: any } | undefined;
  const res = e?.res ?? e?.response;
  return typeof res?.statusCode === 'number' ? res.statusCode : undefined;
}

function neverConnected(error: unknown): boolean {
  const code = codeOf(error);
  if (code) {
    return NOT_CONNECTED_CODES.has(code);
  }
  // The `jenkins` client rewraps errors that fail `instanceof Error` (as
  // Node's own do under Jest) into bare Errors: only the message is left.
  const message = error instanceof Error ? error.message : String(error);
  return [...NOT_CONNECTED_CODES].some(c =>
    new RegExp(`\\b${c}\\b`).test(message),
  );
}

/** The system error code of an error or its causes, e.g. `ECONNREFUSED`. */
export function codeOf(error: unknown): string | undefined {
  let current: any = error;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string') {
      return current.code;
    }
    current = current.cause;
  }
  return undefined;
}
