import {
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';

/** `@backstage/errors` types that Backstage answers with a 4xx status. */
const CALLER_ERROR_NAMES = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
]);

/**
 * Whether a failed call was the caller's own doing rather than the
 * instance's: anything answered with a 4xx (Jenkins' 4xx, mapped to
 * `NotFoundError`, `NotAllowedError`, `InputError` or `ConflictError`; a
 * local validation or identity-header error; an oversized read), or any
 * error marked `callerCaused: true`. Such failures never count against the
 * instance's circuit breaker, so one person's bad requests cannot take
 * Jenkins away from everyone.
 */
export function isCallerCaused(error: unknown): boolean {
  if (error === null || typeof error !== 'object') {
    return false;
  }
  const e = error as {
    name?: unknown;
    statusCode?: unknown;
    callerCaused?: unknown;
  };
  if (
    e.callerCaused === true ||
    error instanceof InputError ||
    error instanceof NotAllowedError ||
    error instanceof NotFoundError ||
    error instanceof ConflictError
  ) {
    return true;
  }
  if (typeof e.statusCode === 'number') {
    return e.statusCode >= 400 && e.statusCode < 500;
  }
  return typeof e.name === 'string' && CALLER_ERROR_NAMES.has(e.name);
}

/** Node's refusals of a header name or value (CR, LF, non-latin-1). */
export function isLocalHeaderError(
  error: unknown,
  code: string | undefined,
): boolean {
  if (
    code === 'ERR_INVALID_CHAR' ||
    code === 'ERR_INVALID_HTTP_TOKEN' ||
    code === 'ERR_HTTP_INVALID_HEADER_VALUE'
  ) {
    return true;
  }
  // The `jenkins` client rewraps some errors into bare ones: only the message is left.
  return (
    isError(error) &&
    /Invalid character in header content|Header name must be a valid HTTP token|Invalid value .* for header/.test(
      error.message,
    )
  );
}
