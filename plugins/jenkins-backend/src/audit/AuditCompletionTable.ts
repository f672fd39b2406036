import { randomUUID } from 'node:crypto';
import { AuditEntry } from '@internal/plugin-jenkins-common';
import { Knex } from 'knex';
import { AuditChain } from './AuditChain';
import { AuditCompletion } from './types';

const TABLE = 'jenkins_audit_completions';

/** Few enough ids per `IN (...)` for every database's parameter limit. */
const CHUNK = 500;

type CompletionRow = {
  id: string;
  entry_id: string;
  instance: string;
  time_ms: number | string;
  outcome: string;
  jenkins_status: number | null;
  message: string | null;
  build_number: number | null;
  queue_id: number | null;
  chain_seq: number | string | null;
};

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * What became of audited attempts: one row per thing learnt (Jenkins'
 * answer, or a later attempt settling an unknown outcome), appended to the
 * instance's hash chain and never updated. An entry as read is the row
 * written before Jenkins was called with its completions applied in order;
 * a completion's null field leaves the entry's value as it was.
 */
export class AuditCompletionTable {
  constructor(
    private readonly db: Knex,
    private readonly chain: AuditChain,
    private readonly now: () => number = Date.now,
  ) {}

  async record(
    entry: { id: string; instance: string },
    completion: AuditCompletion,
  ): Promise<void> {
    await this.chain.append(TABLE, entry.instance, {
      id: randomUUID(),
      entry_id: entry.id,
      instance: entry.instance,
      time_ms: this.now(),
      outcome: completion.outcome,
      jenkins_status: completion.jenkinsStatus ?? null,
      message: completion.message ?? null,
      build_number: completion.buildNumber ?? null,
      queue_id: completion.queueId ?? null,
    });
  }

  /** The entries with their completions applied, oldest completion first. */
  async attach(entries: AuditEntry[]): Promise<AuditEntry[]> {
    if (entries.length === 0) {
      return entries;
    }
    const byEntry = new Map<string, CompletionRow[]>();
    const ids = entries.map(e => e.id);
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows: CompletionRow[] = await this.db<CompletionRow>(TABLE)
        .whereIn('entry_id', ids.slice(i, i + CHUNK))
        .orderBy([
          { column: 'chain_seq', order: 'asc' },
          { column: 'time_ms', order: 'asc' },
        ]);
      for (const row of rows) {
        byEntry.set(row.entry_id, [...(byEntry.get(row.entry_id) ?? []), row]);
      }
    }
    return entries.map(entry => {
      const rows = byEntry.get(entry.id);
      if (!rows) {
        return entry;
      }
      const completed: AuditEntry = { ...entry };
      for (const row of rows) {
        completed.outcome = row.outcome as AuditEntry['outcome'];
        if (row.jenkins_status !== null) {
          completed.jenkinsStatus = Number(row.jenkins_status);
        }
        if (row.message !== null) {
          completed.message = row.message;
        }
        if (row.build_number !== null) {
          completed.buildNumber = nullableNumber(row.build_number);
        }
        if (row.queue_id !== null) {
          completed.queueId = nullableNumber(row.queue_id);
        }
      }
      return completed;
    });
  }

  /** Ids of entries whose completion says they created the queue item. */
  async entryIdsOfQueueItem(
    instance: string,
    queueId: number,
  ): Promise<string[]> {
    const rows = await this.db<CompletionRow>(TABLE)
      .where({ instance, queue_id: queueId, outcome: 'success' })
      .select('entry_id');
    return rows.map(r => r.entry_id);
  }

  /** Ids of entries whose completion says they act on or started the build. */
  async entryIdsOfBuild(
    instance: string,
    buildNumber: number,
  ): Promise<string[]> {
    const rows = await this.db<CompletionRow>(TABLE)
      .where({ instance, build_number: buildNumber })
      .select('entry_id');
    return rows.map(r => r.entry_id);
  }

  /** Deletes completions recorded before the given time; returns how many. */
  async deleteOlderThan(timeMs: number): Promise<number> {
    return this.db(TABLE).where('time_ms', '<', timeMs).delete();
  }
}
