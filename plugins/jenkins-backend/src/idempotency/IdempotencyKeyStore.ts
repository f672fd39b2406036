import { Knex } from 'knex';

const TABLE = 'jenkins_idempotency_keys';

/** Which request a key belongs to. */
export interface KeyRef {
  userRef: string;
  key: string;
}

/**
 * A key's row. `pending`: an attempt (`attempt_id`) holds the key since
 * `attempt_at_ms`; `unknown`: the last attempt was sent but nobody knows
 * whether Jenkins carried it out; `done`: the answer is stored.
 */
export type KeyRow = {
  user_ref: string;
  idempotency_key: string;
  request_hash: string;
  state: 'pending' | 'unknown' | 'done';
  response_status: number | null;
  response_body: string | null;
  created_at_ms: number | string;
  /** Null on rows written before request ids were kept. */
  request_id: string | null;
  attempt_id: string | null;
  attempt_at_ms: number | string | null;
  /** When an attempt last got as far as sending; null: none did. */
  sent_at_ms: number | string | null;
  /** JSON: where a later attempt starts looking for the sent write. */
  lookup_mark: string | null;
};

/**
 * The rows of idempotency keys. Every change after the claim is a
 * compare-and-set on the attempt that holds the key, so that an attempt
 * another replica took over can no longer change what the key says.
 */
export class IdempotencyKeyStore {
  constructor(private readonly db: Knex) {}

  /**
   * Inserts a pending row; false when the key is already there. The primary
   * key on (user, key) lets only one insert win, even across replicas.
   */
  async insert(
    ref: KeyRef,
    row: { fingerprint: string; requestId: string; attemptId: string },
    nowMs: number,
    retried = false,
  ): Promise<boolean> {
    try {
      await this.db<KeyRow>(TABLE).insert({
        user_ref: ref.userRef,
        idempotency_key: ref.key,
        request_hash: row.fingerprint,
        state: 'pending',
        response_status: null,
        response_body: null,
        created_at_ms: nowMs,
        request_id: row.requestId,
        attempt_id: row.attemptId,
        attempt_at_ms: nowMs,
        sent_at_ms: null,
        lookup_mark: null,
      });
      return true;
    } catch (error) {
      // A unique violation means someone holds the key; anything else (the
      // table is gone, the database is down) shows up as no row, so look
      // before deciding.
      if (await this.find(ref)) {
        return false;
      }
      if (!retried) {
        // The holder may have released the key in between.
        return this.insert(ref, row, nowMs, true);
      }
      throw error;
    }
  }

  async find(ref: KeyRef): Promise<KeyRow | undefined> {
    return this.db<KeyRow>(TABLE)
      .where({ user_ref: ref.userRef, idempotency_key: ref.key })
      .first();
  }

  /** Moves the key from the attempt `row` names to `attemptId`. */
  async takeOver(
    ref: KeyRef,
    row: KeyRow,
    attemptId: string,
    nowMs: number,
  ): Promise<boolean> {
    const updated = await this.where(ref)
      .where({ state: row.state })
      .where(q =>
        row.attempt_id === null
          ? q.whereNull('attempt_id')
          : q.where('attempt_id', row.attempt_id),
      )
      .update({
        state: 'pending',
        attempt_id: attemptId,
        attempt_at_ms: nowMs,
      });
    return updated === 1;
  }

  /** Records that the attempt is about to send; false when it lost the key. */
  async markSending(
    ref: KeyRef,
    attemptId: string,
    nowMs: number,
    mark: unknown,
  ): Promise<boolean> {
    const updated = await this.held(ref, attemptId).update({
      attempt_at_ms: nowMs,
      sent_at_ms: nowMs,
      lookup_mark: JSON.stringify(mark ?? null),
    });
    return updated === 1;
  }

  async finish(
    ref: KeyRef,
    attemptId: string,
    response: { status: number; body: unknown },
  ): Promise<void> {
    await this.held(ref, attemptId).update({
      state: 'done',
      response_status: response.status,
      response_body: JSON.stringify(response.body ?? null),
    });
  }

  /** The attempt's outcome is unknown: the key stays, for a later look. */
  async markUnknown(ref: KeyRef, attemptId: string): Promise<void> {
    await this.held(ref, attemptId).update({ state: 'unknown' });
  }

  /** Nothing was carried out: the key is free again. */
  async release(ref: KeyRef, attemptId: string): Promise<void> {
    await this.held(ref, attemptId).delete();
  }

  /** Deletes a row, unless it was replaced in between. */
  async deleteRow(row: KeyRow): Promise<void> {
    await this.where({ userRef: row.user_ref, key: row.idempotency_key })
      .where({ created_at_ms: row.created_at_ms })
      .delete();
  }

  /** Deletes keys created at or before `timeMs`; returns how many. */
  async deleteCreatedBefore(timeMs: number): Promise<number> {
    return this.db<KeyRow>(TABLE).where('created_at_ms', '<=', timeMs).delete();
  }

  private where(ref: KeyRef) {
    return this.db<KeyRow>(TABLE).where({
      user_ref: ref.userRef,
      idempotency_key: ref.key,
    });
  }

  private held(ref: KeyRef, attemptId: string) {
    return this.where(ref).where({ state: 'pending', attempt_id: attemptId });
  }
}
