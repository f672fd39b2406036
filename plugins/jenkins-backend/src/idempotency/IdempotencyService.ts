import { createHash } from 'node:crypto';
import { ConflictError, InputError } from '@backstage/errors';
import { idempotencyKeySchema } from '@internal/plugin-jenkins-common';
import { Knex } from 'knex';
import { IdempotencyKeyReusedError } from './IdempotencyErrors';

const TABLE = 'jenkins_idempotency_keys';

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

type Row = {
  user_ref: string;
  idempotency_key: string;
  request_hash: string;
  state: 'pending' | 'done';
  response_status: number | null;
  response_body: string | null;
  created_at_ms: number | string;
};

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
 * Remembers the answer of a write per (user, key) in the plugin's database,
 * so that a repeated click, a retried request or a second backend replica
 * never starts a second build.
 *
 * The key is claimed by inserting it first: the primary key on (user, key)
 * lets only one insert win, even across replicas on one PostgreSQL. The
 * winner runs the request and stores its answer; a loser with the same
 * request waits for that answer and returns it, a loser with a different
 * request gets 422. When the winner fails, it releases the key so that a
 * retry can run.
 */
export class IdempotencyService {
  private readonly now: () => number;
  private readonly pollIntervalMs: number;
  private readonly waitTimeoutMs: number;

  constructor(
    private readonly db: Knex,
    options: {
      now?: () => number;
      /** How often a waiting request looks for the winner's answer; default 50 ms. */
      pollIntervalMs?: number;
      /** How long it waits before answering 409; default 60 s. */
      waitTimeoutMs?: number;
    } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.waitTimeoutMs = options.waitTimeoutMs ?? 60_000;
  }

  /**
   * Runs `fn` once per (user, key) within 24 hours. Returns its answer, or
   * the stored answer of the first request with `replayed: true`.
   */
  async run(
    scope: IdempotencyScope,
    fn: () => Promise<IdempotentResponse>,
  ): Promise<IdempotentResponse & { replayed: boolean }> {
    const startedAt = Date.now();
    for (;;) {
      if (await this.claim(scope)) {
        let response: IdempotentResponse;
        try {
          response = await fn();
        } catch (error) {
          await this.release(scope).catch(() => {});
          throw error;
        }
        await this.db<Row>(TABLE)
          .where({ user_ref: scope.userRef, idempotency_key: scope.key })
          .update({
            state: 'done',
            response_status: response.status,
            response_body: JSON.stringify(response.body ?? null),
          });
        return { ...response, replayed: false };
      }

      const row = await this.find(scope);
      if (!row) {
        // The first request failed and released the key: try to claim it.
        continue;
      }
      if (Number(row.created_at_ms) <= this.now() - IDEMPOTENCY_KEY_TTL_MS) {
        await this.db<Row>(TABLE)
          .where({
            user_ref: scope.userRef,
            idempotency_key: scope.key,
            created_at_ms: row.created_at_ms,
          })
          .delete();
        continue;
      }
      if (row.request_hash !== scope.fingerprint) {
        throw new IdempotencyKeyReusedError(
          'This Idempotency-Key was already used for a different request; send a new key for a new request',
        );
      }
      if (row.state === 'done') {
        return {
          status: Number(row.response_status),
          body: row.response_body ? JSON.parse(row.response_body) : null,
          replayed: true,
        };
      }
      if (Date.now() - startedAt > this.waitTimeoutMs) {
        throw new ConflictError(
          'A request with this Idempotency-Key is still in progress; try again later',
        );
      }
      await new Promise(resolve => setTimeout(resolve, this.pollIntervalMs));
    }
  }

  /** Forgets keys older than 24 hours; returns how many. */
  async deleteExpired(): Promise<number> {
    return this.db<Row>(TABLE)
      .where('created_at_ms', '<=', this.now() - IDEMPOTENCY_KEY_TTL_MS)
      .delete();
  }

  private async claim(
    scope: IdempotencyScope,
    retried = false,
  ): Promise<boolean> {
    try {
      await this.db<Row>(TABLE).insert({
        user_ref: scope.userRef,
        idempotency_key: scope.key,
        request_hash: scope.fingerprint,
        state: 'pending',
        response_status: null,
        response_body: null,
        created_at_ms: this.now(),
      });
      return true;
    } catch (error) {
      // A unique violation means someone holds the key; anything else (the
      // table is gone, the database is down) shows up as no row below, so
      // look before deciding.
      if (await this.find(scope)) {
        return false;
      }
      if (!retried) {
        // The holder may have released the key in between.
        return this.claim(scope, true);
      }
      throw error;
    }
  }

  private async find(scope: IdempotencyScope): Promise<Row | undefined> {
    return this.db<Row>(TABLE)
      .where({ user_ref: scope.userRef, idempotency_key: scope.key })
      .first();
  }

  private async release(scope: IdempotencyScope): Promise<void> {
    await this.db<Row>(TABLE)
      .where({
        user_ref: scope.userRef,
        idempotency_key: scope.key,
        state: 'pending',
      })
      .delete();
  }
}
