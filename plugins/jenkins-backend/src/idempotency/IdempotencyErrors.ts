import { CustomErrorBase } from '@backstage/errors';

/**
 * The same `Idempotency-Key` came back with a different request. Backstage's
 * error middleware answers with the error's `statusCode`: 422.
 *
 * @public
 */
export class IdempotencyKeyReusedError extends CustomErrorBase {
  name = 'IdempotencyKeyReusedError' as const;
  readonly statusCode = 422;
}

/**
 * A write was sent to Jenkins but no answer came back (a timeout, or the
 * connection was lost after sending): it may or may not have happened.
 * The key stays held, so that a retry with the same `Idempotency-Key` first
 * looks for the write in Jenkins instead of sending it again. 504.
 *
 * @public
 */
export class WriteOutcomeUnknownError extends CustomErrorBase {
  name = 'WriteOutcomeUnknownError' as const;
  readonly statusCode = 504;
}
