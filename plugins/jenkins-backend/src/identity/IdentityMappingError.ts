import { NotAllowedError } from '@backstage/errors';

/**
 * The person cannot be sent to Jenkins as exactly themselves: their user ref
 * or e-mail maps to no Jenkins name, or to one that could be someone else's,
 * or a value of their catalog profile cannot be carried in a header. It is a
 * 403 (its name stays `NotAllowedError`) that says why, thrown before
 * anything is sent, so it never counts against an instance's circuit
 * breaker.
 *
 * @public
 */
export class IdentityMappingError extends NotAllowedError {
  constructor(
    /** The Backstage user (or service) ref that could not be mapped. */
    readonly userRef: string,
    /** Why, in a sentence. */
    readonly reason: string,
  ) {
    super(`Jenkins cannot be told who you are (${userRef}): ${reason}`);
  }
}

/** Whether an error is an {@link IdentityMappingError}. @public */
export function isIdentityMappingError(
  error: unknown,
): error is IdentityMappingError {
  return error instanceof IdentityMappingError;
}
