import { InputError } from '@backstage/errors';
import { AuditEntry } from '@internal/plugin-jenkins-common';
import { Knex } from 'knex';
import { BuildOutcomeTable, startsBuild } from './BuildOutcomeTable';
import {
  AuditCompletion,
  AuditPage,
  AuditQuery,
  AuditStore,
  BuildOutcomeFact,
  BuildOutcomeStore,
  StartingWrite,
} from './types';

const TABLE = 'jenkins_audit_entries';

type Row = {
  id: string;
  time_ms: number | string;
  user_ref: string;
  jenkins_user: string | null;
  action: string;
  entity_ref: string;
  instance: string;
  job_full_name: string;
  build_number: number | null;
  queue_id: number | null;
  parameters: string | null;
  decision: string;
  outcome: string;
  jenkins_status: number | null;
  message: string | null;
  request_id: string;
  via: string;
  labelled_at_ms?: number | string | null;
  entity_found?: boolean | number;
};

function toRow(entry: AuditEntry): Row {
  return {
    id: entry.id,
    time_ms: Date.parse(entry.time),
    user_ref: entry.actor.userRef,
    jenkins_user: entry.actor.jenkinsUser,
    action: entry.action,
    entity_ref: entry.entityRef,
    instance: entry.instance,
    job_full_name: entry.jobFullName,
    build_number: entry.buildNumber,
    queue_id: entry.queueId,
    parameters: entry.parameters ? JSON.stringify(entry.parameters) : null,
    decision: entry.decision,
    outcome: entry.outcome,
    jenkins_status: entry.jenkinsStatus,
    message: entry.message,
    request_id: entry.requestId,
    via: entry.via,
    entity_found: entry.entityFound !== false,
  };
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function fromRow(row: Row): AuditEntry {
  return {
    id: row.id,
    time: new Date(Number(row.time_ms)).toISOString(),
    actor: { userRef: row.user_ref, jenkinsUser: row.jenkins_user },
    action: row.action as AuditEntry['action'],
    entityRef: row.entity_ref,
    instance: row.instance,
    jobFullName: row.job_full_name,
    buildNumber: nullableNumber(row.build_number),
    queueId: nullableNumber(row.queue_id),
    parameters: row.parameters ? JSON.parse(row.parameters) : null,
    decision: row.decision as AuditEntry['decision'],
    outcome: row.outcome as AuditEntry['outcome'],
    jenkinsStatus: nullableNumber(row.jenkins_status),
    message: row.message,
    requestId: row.request_id,
    via: row.via as AuditEntry['via'],
    // SQLite answers booleans as 0/1.
    ...(row.entity_found === false || row.entity_found === 0
      ? { entityFound: false as const }
      : {}),
  };
}

function encodeCursor(entry: AuditEntry): string {
  return Buffer.from(`${Date.parse(entry.time)}:${entry.id}`).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): { timeMs: number; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d+):([0-9a-f-]{1,36})$/.exec(text);
  if (!match) {
    throw new InputError('cursor: must be a cursor from a previous page');
  }
  return { timeMs: Number(match[1]), id: match[2] };
}

/**
 * The audit trail in the plugin's own database (SQLite or PostgreSQL), with
 * the outcomes of the builds its runs started.
 */
export class DatabaseAuditStore implements AuditStore, BuildOutcomeStore {
  private readonly outcomes: BuildOutcomeTable;

  constructor(private readonly db: Knex) {
    this.outcomes = new BuildOutcomeTable(db);
  }

  async insert(entry: AuditEntry): Promise<void> {
    await this.db(TABLE).insert(toRow(entry));
  }

  async complete(id: string, completion: AuditCompletion): Promise<void> {
    const update: Partial<Row> = { outcome: completion.outcome };
    if (completion.jenkinsStatus !== undefined) {
      update.jenkins_status = completion.jenkinsStatus;
    }
    if (completion.message !== undefined) {
      update.message = completion.message;
    }
    if (completion.buildNumber !== undefined) {
      update.build_number = completion.buildNumber;
    }
    if (completion.queueId !== undefined) {
      update.queue_id = completion.queueId;
    }
    await this.db(TABLE).where({ id }).update(update);
  }

  async get(id: string): Promise<AuditEntry | undefined> {
    const row = await this.db<Row>(TABLE).where({ id }).first();
    return row ? (await this.outcomes.attach([fromRow(row)]))[0] : undefined;
  }

  async listForEntity(
    entityRef: string,
    options: { limit: number; cursor?: string },
  ): Promise<AuditPage> {
    const query = this.db<Row>(TABLE)
      // Attempts against an entity their author could not find are not its activity.
      .where({ entity_ref: entityRef, entity_found: true })
      .orderBy([
        { column: 'time_ms', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    if (options.cursor) {
      const { timeMs, id } = decodeCursor(options.cursor);
      query.andWhere(q =>
        q
          .where('time_ms', '<', timeMs)
          .orWhere(q2 =>
            q2.where('time_ms', '=', timeMs).andWhere('id', '<', id),
          ),
      );
    }
    const rows = await query;
    const items = await this.outcomes.attach(
      rows.slice(0, options.limit).map(fromRow),
    );
    const nextCursor =
      rows.length > options.limit
        ? encodeCursor(items[items.length - 1])
        : null;
    return { items, nextCursor };
  }

  async query(query: AuditQuery): Promise<AuditEntry[]> {
    const q = this.db<Row>(TABLE)
      .orderBy([
        { column: 'time_ms', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(query.limit);
    if (query.fromMs !== undefined) {
      q.where('time_ms', '>=', query.fromMs);
    }
    if (query.toMs !== undefined) {
      q.where('time_ms', '<', query.toMs);
    }
    if (query.actor) {
      const actor = query.actor;
      q.andWhere(a =>
        a.where('user_ref', actor).orWhere('jenkins_user', actor),
      );
    }
    return this.outcomes.attach((await q).map(fromRow));
  }

  async findByQueueItem(
    instance: string,
    queueId: number,
  ): Promise<AuditEntry | undefined> {
    const row = await this.db<Row>(TABLE)
      .where({ instance, queue_id: queueId, outcome: 'success' })
      .whereIn('action', ['trigger', 'rebuild'])
      .orderBy('time_ms', 'desc')
      .first();
    return row ? fromRow(row) : undefined;
  }

  async settleUnknown(
    requestId: string,
    completion: AuditCompletion,
  ): Promise<AuditEntry[]> {
    const rows = await this.db<Row>(TABLE)
      .where({ request_id: requestId })
      .whereIn('outcome', ['pending', 'unknown']);
    const settled: AuditEntry[] = [];
    for (const row of rows) {
      await this.complete(row.id, completion);
      const entry = await this.get(row.id);
      if (entry) {
        settled.push(entry);
      }
    }
    return settled;
  }

  async claimLabelling(id: string, timeMs: number): Promise<boolean> {
    const updated = await this.db(TABLE)
      .where({ id })
      .whereNull('labelled_at_ms')
      .update({ labelled_at_ms: timeMs });
    return updated === 1;
  }

  async startingWrites(requestId: string): Promise<StartingWrite[]> {
    const rows = await this.db<Row>(TABLE)
      .where({ request_id: requestId, decision: 'allow' })
      .whereIn('action', ['trigger', 'rebuild'])
      .orderBy([
        { column: 'time_ms', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows
      .map(row => ({
        entry: fromRow(row),
        labelled:
          row.labelled_at_ms !== null && row.labelled_at_ms !== undefined,
      }))
      .filter(write => startsBuild(write.entry));
  }

  async recordBuildOutcome(fact: BuildOutcomeFact): Promise<boolean> {
    return this.outcomes.record(fact);
  }

  async deleteOlderThan(timeMs: number): Promise<number> {
    await this.outcomes.deleteOlderThan(timeMs);
    return this.db(TABLE).where('time_ms', '<', timeMs).delete();
  }
}
