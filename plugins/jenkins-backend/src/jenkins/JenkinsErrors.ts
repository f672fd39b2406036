import { CustomErrorBase } from '@backstage/errors';

/**
 * Jenkins could not be reached or answered with a server error. Backstage's
 * error handler uses `statusCode`, so this answers 502 Bad Gateway.
 *
 * @public
 */
export class JenkinsUnreachableError extends CustomErrorBase {
  name = 'JenkinsUnreachableError' as const;
  readonly statusCode = 502;
}

/**
 * Jenkins answered with something that is not what its API returns
 * (malformed JSON, a missing `Location`): 502 Bad Gateway.
 *
 * @public
 */
export class JenkinsBadResponseError extends CustomErrorBase {
  name = 'JenkinsBadResponseError' as const;
  readonly statusCode = 502;
}

/**
 * Jenkins did not answer within the instance's `requestTimeoutMs`: 504
 * Gateway Timeout.
 *
 * @public
 */
export class JenkinsTimeoutError extends CustomErrorBase {
  name = 'JenkinsTimeoutError' as const;
  readonly statusCode = 504;
}

/**
 * The instance's circuit breaker is open after repeated failures, so the
 * backend does not call it: to the caller Jenkins is unreachable (502), the
 * same answer as a failed call, just without piling onto a sick Jenkins.
 *
 * @public
 */
export class JenkinsCircuitOpenError extends CustomErrorBase {
  name = 'JenkinsCircuitOpenError' as const;
  readonly statusCode = 502;
}
