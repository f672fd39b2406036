import { createHash } from 'node:crypto';
import { Knex } from 'knex';

const TABLE = 'jenkins_build_events';

interface LedgerRow {
  event_key: string;
  event_id: string;
  received_at_ms: number;
}

function keyOf(eventId: string): string {
  return createHash('sha256').update(eventId, 'utf8').digest('hex');
}

/**
 * Which build events were already handled, in the database, so that one
 * transition is handled once across replicas, restarts, redeliveries and
 * the two sources (webhook and watcher).
 */
export class BuildEventLedger {
  constructor(private readonly db: Knex) {}

  /**
   * Records the event; true for the one caller whose insert won, false when
   * it was already there.
   */
  async claim(eventId: string, nowMs: number): Promise<boolean> {
    const eventKey = keyOf(eventId);
    try {
      await this.db<LedgerRow>(TABLE).insert({
        event_key: eventKey,
        event_id: eventId,
        received_at_ms: nowMs,
      });
      return true;
    } catch (error) {
      // A unique violation means it was handled; any other failure (the
      // database is down) shows up as no row and is thrown.
      if (await this.has(eventId)) {
        return false;
      }
      throw error;
    }
  }

  async has(eventId: string): Promise<boolean> {
    const row = await this.db<LedgerRow>(TABLE)
      .where({ event_key: keyOf(eventId) })
      .first('event_key');
    return row !== undefined;
  }

  /** Moves the event's time to now, so that pruning keeps it. */
  async touch(eventId: string, nowMs: number): Promise<void> {
    await this.db<LedgerRow>(TABLE)
      .where({ event_key: keyOf(eventId) })
      .update({ received_at_ms: nowMs });
  }

  /** Forgets events received before `cutoffMs`; returns how many. */
  async deleteOlderThan(cutoffMs: number): Promise<number> {
    return this.db<LedgerRow>(TABLE)
      .where('received_at_ms', '<', cutoffMs)
      .delete();
  }
}
