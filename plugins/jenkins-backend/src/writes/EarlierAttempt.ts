import { WriteOutcomeUnknownError } from '../idempotency/IdempotencyErrors';
import { jenkinsAnswerOf } from '../jenkins/JenkinsAnswer';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { FoundWrite, WriteLookup } from './PreparedWrite';
import { WriteAttempt, WriteAudit } from './WriteAudit';

/**
 * An earlier attempt of this request was sent and never confirmed: looks
 * for it in Jenkins, and settles its audit entry with what is found.
 * Undefined when Jenkins provably has none, so the write may be sent again;
 * throws (the key stays unknown) when that cannot be told.
 */
export async function findEarlierAttempt<T>(
  audit: Pick<WriteAudit, 'settleEarlier'>,
  attempt: WriteAttempt,
  lookup: WriteLookup<T>,
): Promise<FoundWrite<T> | undefined> {
  const { context } = attempt;
  const found = await lookup.find(context.earlier?.mark);
  await audit.settleEarlier(
    context,
    found
      ? {
          outcome: 'success',
          ...found.completion,
          message: `A later attempt of request ${context.requestId} found it in Jenkins`,
        }
      : {
          outcome: 'failure',
          message: `Jenkins has none of request ${context.requestId}: it never arrived, so a later attempt sent it again`,
        },
  );
  return found;
}

/**
 * The error to answer with when Jenkins may or may not have carried out a
 * write it was sent (a timeout, a connection lost after sending): the
 * idempotency key stays held, and its next attempt looks first. Undefined
 * for any other failure.
 */
export function outcomeUnknown(
  error: Error,
  attempt: WriteAttempt,
  job: ResolvedJob,
): WriteOutcomeUnknownError | undefined {
  if (jenkinsAnswerOf(error).reached !== 'unknown') {
    return undefined;
  }
  return new WriteOutcomeUnknownError(
    `Jenkins did not confirm the ${attempt.action} of ${job.fullName} (${error.message}); it may or may not have happened. Retrying with the same Idempotency-Key is safe: Backstage first looks in Jenkins for request ${attempt.context.requestId} and sends it again only if Jenkins has none`,
    error,
  );
}
