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
