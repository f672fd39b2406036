import {
  IdempotencyService,
  IdempotentAttempt,
  requestFingerprint,
} from './IdempotencyService';

/** A write as the idempotency store sees it, from any adapter. */
export interface IdempotentWrite {
  /** Who asks: keys are scoped per person. */
  userRef: string;
  /** The `Idempotency-Key` (HTTP) or `idempotencyKey` (actions); none: run as is. */
  key?: string;
  /** The operation, e.g. `trigger`. */
  operation: string;
  /** The parsed, canonical operation input: what makes a retry the same request. */
  input: unknown;
  /** The answer's status when it runs. */
  status: number;
  /** Names this run when it creates the key; later attempts reuse the key's. */
  requestId: string;
}

/**
 * What the write is run with: the request id and, for a keyed write, what
 * an earlier attempt left and the hook to call before sending.
 */
export type IdempotentRun = Pick<IdempotentAttempt, 'requestId' | 'earlier'> &
  Partial<Pick<IdempotentAttempt, 'beforeSend'>>;

/** The answer of an idempotent write. */
export interface IdempotentWriteAnswer<T> {
  status: number;
  body: T;
  /** The key's request id: the same for every attempt and replay. */
  requestId: string;
  replayed: boolean;
}

/**
 * Runs a write once per (person, key): a repeat returns the first answer,
 * the same key with another request is refused (422). HTTP routes and
 * actions both use it, so a key means the same thing through either, and
 * the fingerprint is taken of the canonical input, not of how it was sent.
 * A write whose outcome is unknown keeps its key, and its next attempt is
 * run with `earlier` set (see `IdempotentAttempt`).
 */
export async function runIdempotentWrite<T extends { requestId?: string }>(
  idempotency: Pick<IdempotencyService, 'run'>,
  write: IdempotentWrite,
  run: (attempt: IdempotentRun) => Promise<T>,
): Promise<IdempotentWriteAnswer<T>> {
  if (!write.key) {
    const body = await run({ requestId: write.requestId });
    return {
      status: write.status,
      body,
      requestId: write.requestId,
      replayed: false,
    };
  }
  const answer = await idempotency.run(
    {
      userRef: write.userRef,
      key: write.key,
      fingerprint: requestFingerprint(write.operation, write.input),
      requestId: write.requestId,
    },
    async attempt => ({ status: write.status, body: await run(attempt) }),
  );
  const body = answer.body as T;
  return {
    status: answer.status,
    body,
    requestId: answer.requestId,
    replayed: answer.replayed,
  };
}
