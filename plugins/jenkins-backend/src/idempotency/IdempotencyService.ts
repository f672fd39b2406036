import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, InputError } from '@backstage/errors';
import { idempotencyKeySchema } from '@internal/plugin-jenkins-common';
import { Knex } from 'knex';
import {
  IdempotencyKeyReusedError,
  WriteOutcomeUnknownError,
} from './IdempotencyErrors';
import { IdempotencyKeyStore, KeyRef, KeyRow } from './IdempotencyKeyStore';

/** How long a key is remembered: 24 hours. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** An answer that can be stored and replayed. */
export interface IdempotentResponse {
  status: number;
  body: unknown;
}

/** Who sent which key for which request. */
export interface IdempotencyScope {
  /** The caller (user entity ref, or service subject). */
  userRef: string;
  key: string;
  /** From {@link requestFingerprint}: the operation and its body. */
  fingerprint: string;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map(k => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * A hash of what a request asks for (the operation, including its path, and
 * the body with keys sorted), to tell a retry from a different request.
 */
export function requestFingerprint(operation: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical({ operation, body: body ?? null })))
    .digest('hex');
}

/**
 * Validates an `Idempotency-Key` header value: 1–255 visible ASCII
 * characters. Undefined when the header is absent.
 */
export function parseIdempotencyKey(
  value: string | string[] | undefined,
): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const parsed = idempotencyKeySchema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(
      `Invalid header 'Idempotency-Key': ${parsed.error.issues[0].message}`,
    );
  }
  return parsed.data;
}

/**
 * One attempt of a keyed write. Every attempt of a key carries the same
 * request id, so a later attempt can find in Jenkins what an earlier one
 * did.
 */
export interface IdempotentAttempt {
  /** The key's request id: the same for every attempt of the key. */
  requestId: string;
  /**
   * Set when an earlier attempt of this key was sent and its outcome is
   * unknown (it timed out, lost its connection, or its replica died): look
   * for it in Jenkins before sending again. `mark` is what that attempt
   * stored with {@link IdempotentAttempt.beforeSend}.
   */
  earlier?: { mark: unknown };
  /**
   * Call right before sending the write: records that this attempt got as
   * far as sending, with `mark` (where a later attempt starts looking), and
   * refreshes the hold. Throws 409 when another attempt took the key over
   * meanwhile, so the write is not sent twice.
   */
  beforeSend(mark?: unknown): Promise<void>;
}

/** Options of {@link IdempotencyService}. */
export interface IdempotencyServiceOptions {
  now?: () => number;
  /**
   * How long an attempt may hold a key without an answer before another
   * attempt takes it over (its replica is taken to have died): Jenkins'
   * request timeout plus a margin. Default 20 s.
   */
  pendingTimeoutMs?: number;
  /**
   * How long a request waits for another attempt's answer before 409;
   * default `pendingTimeoutMs` plus a second, so that it takes a dead
   * attempt over rather than giving up.
   */
  waitTimeoutMs?: number;
  /** The first pause while waiting; it doubles up to `maxBackoffMs`. Default 50 ms. */
  initialBackoffMs?: number;
  /** Default 1 s. */
  maxBackoffMs?: number;
}

/** Added to Jenkins' request timeout to get the pending timeout. */
export const PENDING_MARGIN_MS = 10_000;

/**
 * Remembers the answer of a write per (user, key) in the plugin's database,
 * so that a repeated click, a retried request or a second backend replica
 * never starts a second build.
 *
 * The key is claimed by inserting it first (only one insert wins, even
 * across replicas on one PostgreSQL). The winner runs the request and
 * stores its answer; a loser with the same request waits, with backoff, for
 * that answer and returns it; a loser with a different request gets 422.
 * When the winner fails before sending, or Jenkins refused, it releases the
 * key. When the write was sent but its outcome is unknown
 * ({@link WriteOutcomeUnknownError}), the key stays held as `unknown`: the
 * next attempt gets `earlier` and must look in Jenkins first. A hold whose
 * replica died expires after `pendingTimeoutMs` and is taken over the same
 * way.
 */
export class IdempotencyService {
  private readonly store: IdempotencyKeyStore;
  private readonly now: () => number;
  private readonly pendingTimeoutMs: number;
  private readonly waitTimeoutMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(db: Knex, options: IdempotencyServiceOptions = {}) {
    this.store = new IdempotencyKeyStore(db);
    this.now = options.now ?? Date.now;
    this.pendingTimeoutMs =
      options.pendingTimeoutMs ?? 10_000 + PENDING_MARGIN_MS;
    this.waitTimeoutMs = options.waitTimeoutMs ?? this.pendingTimeoutMs + 1000;
    this.initialBackoffMs = options.initialBackoffMs ?? 50;
    this.maxBackoffMs = options.maxBackoffMs ?? 1000;
  }

  /**
   * Runs `fn` once per (user, key) within 24 hours. Returns its answer, or
   * the stored answer of the first request with `replayed: true`, with the
   * key's request id. `scope.requestId` names the request if this call
   * creates the key.
   */
  async run(
    scope: IdempotencyScope & { requestId?: string },
    fn: (attempt: IdempotentAttempt) => Promise<IdempotentResponse>,
  ): Promise<IdempotentResponse & { replayed: boolean; requestId: string }> {
    const startedAt = Date.now();
    const newRequestId = scope.requestId ?? randomUUID();
    let backoffMs = this.initialBackoffMs;
    let claim = true;
    for (;;) {
      const attemptId = randomUUID();
      if (
        claim &&
        (await this.store.insert(
          scope,
          {
            fingerprint: scope.fingerprint,
            requestId: newRequestId,
            attemptId,
          },
          this.now(),
        ))
      ) {
        return this.attempt(scope, attemptId, newRequestId, undefined, fn);
      }

      const row = await this.store.find(scope);
      // Without a row (the first request failed and released the key, or it
      // expired), the next round claims it; with one, it only looks again.
      claim = !row;
      if (!row) {
        continue;
      }
      if (Number(row.created_at_ms) <= this.now() - IDEMPOTENCY_KEY_TTL_MS) {
        await this.store.deleteRow(row);
        claim = true;
        continue;
      }
      if (row.request_hash !== scope.fingerprint) {
        throw new IdempotencyKeyReusedError(
          'This Idempotency-Key was already used for a different request; send a new key for a new request',
        );
      }
      if (row.state === 'done') {
        const body = row.response_body ? JSON.parse(row.response_body) : null;
        return {
          status: Number(row.response_status),
          body,
          replayed: true,
          requestId: row.request_id ?? body?.requestId ?? newRequestId,
        };
      }
      if (this.mayTakeOver(row)) {
        if (await this.store.takeOver(scope, row, attemptId, this.now())) {
          const earlier =
            row.sent_at_ms === null
              ? undefined
              : { mark: JSON.parse(row.lookup_mark ?? 'null') };
          return this.attempt(
            scope,
            attemptId,
            row.request_id ?? newRequestId,
            earlier,
            fn,
          );
        }
        // Another request took it over first: wait for that one.
        continue;
      }
      const waited = Date.now() - startedAt;
      if (waited >= this.waitTimeoutMs) {
        throw new ConflictError(
          'A request with this Idempotency-Key is still in progress; try again later with the same key',
        );
      }
      await sleep(Math.min(backoffMs, this.waitTimeoutMs - waited));
      backoffMs = Math.min(backoffMs * 2, this.maxBackoffMs);
    }
  }

  /** Forgets keys older than 24 hours; returns how many. */
  async deleteExpired(): Promise<number> {
    return this.store.deleteCreatedBefore(this.now() - IDEMPOTENCY_KEY_TTL_MS);
  }

  /**
   * An unknown outcome is always looked into; a hold only once its attempt
   * had time to get Jenkins' answer (rows of older versions have no hold
   * time and are left to the 24-hour expiry).
   */
  private mayTakeOver(row: KeyRow): boolean {
    if (row.request_id === null) {
      return false;
    }
    if (row.state === 'unknown') {
      return true;
    }
    return (
      row.attempt_at_ms !== null &&
      Number(row.attempt_at_ms) <= this.now() - this.pendingTimeoutMs
    );
  }

  private async attempt(
    ref: KeyRef,
    attemptId: string,
    requestId: string,
    earlier: IdempotentAttempt['earlier'],
    fn: (attempt: IdempotentAttempt) => Promise<IdempotentResponse>,
  ): Promise<IdempotentResponse & { replayed: boolean; requestId: string }> {
    let response: IdempotentResponse;
    try {
      response = await fn({
        requestId,
        earlier,
        beforeSend: async mark => {
          if (
            !(await this.store.markSending(ref, attemptId, this.now(), mark))
          ) {
            throw new ConflictError(
              'Another attempt with this Idempotency-Key took over while this one was prepared, so this one was not sent; retry with the same key for its answer',
            );
          }
        },
      });
    } catch (error) {
      // An earlier attempt's outcome stays unknown until an attempt learns
      // it; a failure that sent nothing, or that Jenkins answered, frees it.
      const unknown =
        error instanceof WriteOutcomeUnknownError || earlier !== undefined;
      await (unknown
        ? this.store.markUnknown(ref, attemptId)
        : this.store.release(ref, attemptId)
      ).catch(() => {});
      throw error;
    }
    await this.store.finish(ref, attemptId, response);
    return { ...response, replayed: false, requestId };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, Math.max(0, ms)));
}
