import { InputError } from '@backstage/errors';
import { AuditEntry } from '@internal/plugin-jenkins-common';
import { Knex } from 'knex';
import { AuditChain } from './AuditChain';
import { AuditCompletionTable } from './AuditCompletionTable';
import { BuildAuditQueries, pruneChainedEntries } from './BuildAuditQueries';
import { BuildOutcomeTable, startsBuild } from './BuildOutcomeTable';
import { exportQuery } from './exportQuery';
import { RecentActivityPages } from './RecentActivityPages';
import {
  AuditCompletion,
  AuditPage,
  AuditQuery,
  AuditStore,
  BuildAuditEntry,
  BuildAuditReader,
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
  environment?: string | null;
  /** A replay's script: `AuditEntry.script` as JSON. */
  script?: string | null;
  client?: string | null;
};

const LABELS = 'jenkins_audit_labels';

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
    environment: entry.environment ?? null,
    script: entry.script ? JSON.stringify(entry.script) : null,
    client: entry.client ?? null,
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
    ...(row.environment ? { environment: row.environment } : {}),
    ...(row.script ? { script: JSON.parse(row.script) } : {}),
    ...(row.client ? { client: row.client } : {}),
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
 * the outcomes of the builds its runs started. Append-only: an entry is
 * written once, before Jenkins is called; what became of it is a new
 * completion row; both are links of the instance's hash chain
 * (`AuditChain`), which `AuditChainVerifier` checks.
 */
export class DatabaseAuditStore
  implements AuditStore, BuildOutcomeStore, BuildAuditReader
{
  private readonly outcomes: BuildOutcomeTable;
  private readonly chain: AuditChain;
  private readonly completions: AuditCompletionTable;
  private readonly builds: BuildAuditQueries;
  private readonly recent = new RecentActivityPages();

  constructor(private readonly db: Knex) {
    this.outcomes = new BuildOutcomeTable(db);
    this.chain = new AuditChain(db);
    this.completions = new AuditCompletionTable(db, this.chain);
    this.builds = new BuildAuditQueries(
      db,
      this.completions,
      this.outcomes,
      rows => this.entriesOf(rows as Row[]),
    );
  }

  async insert(entry: AuditEntry): Promise<void> {
    await this.chain.append(TABLE, entry.instance, toRow(entry));
    this.recent.changed();
  }

  async complete(id: string, completion: AuditCompletion): Promise<void> {
    const row = await this.db<Row>(TABLE).where({ id }).first('id', 'instance');
    if (row) {
      await this.completions.record(row, completion);
      this.recent.changed();
    }
  }

  /** Rows as entries: completions applied, started builds' outcomes attached. */
  private async entriesOf(rows: Row[]): Promise<AuditEntry[]> {
    return this.outcomes.attach(
      await this.completions.attach(rows.map(fromRow)),
    );
  }

  async get(id: string): Promise<AuditEntry | undefined> {
    const row = await this.db<Row>(TABLE).where({ id }).first();
    return row ? (await this.entriesOf([row]))[0] : undefined;
  }

  async listForEntity(
    entityRef: string,
    options: { limit: number; cursor?: string },
  ): Promise<AuditPage> {
    return options.cursor
      ? this.pageOf(entityRef, options)
      : this.recent.read(`${options.limit}|${entityRef}`, () =>
          this.pageOf(entityRef, options),
        );
  }

  private async pageOf(
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
    const items = await this.entriesOf(rows.slice(0, options.limit));
    const nextCursor =
      rows.length > options.limit
        ? encodeCursor(items[items.length - 1])
        : null;
    return { items, nextCursor };
  }

  async query(query: AuditQuery): Promise<AuditEntry[]> {
    return this.entriesOf(await exportQuery(this.db<Row>(TABLE), query));
  }

  async findByQueueItem(
    instance: string,
    queueId: number,
  ): Promise<AuditEntry | undefined> {
    const ids = await this.completions.entryIdsOfQueueItem(instance, queueId);
    const rows = await this.db<Row>(TABLE)
      .where({ instance })
      .whereIn('action', ['trigger', 'rebuild'])
      .andWhere(q => {
        q.where('queue_id', queueId);
        if (ids.length) q.orWhereIn('id', ids.slice(0, 500));
      })
      .orderBy([
        { column: 'time_ms', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(20);
    return (await this.completions.attach(rows.map(fromRow))).find(
      e => e.outcome === 'success' && e.queueId === queueId,
    );
  }

  /** See {@link BuildAuditReader.startOfBuild}. */
  async startOfBuild(
    instance: string,
    jobFullName: string,
    buildNumber: number,
  ): Promise<AuditEntry | undefined> {
    return this.builds.startOfBuild(instance, jobFullName, buildNumber);
  }

  /** See {@link BuildAuditReader.entriesOfBuild}. */
  async entriesOfBuild(
    instance: string,
    jobFullName: string,
    buildNumber: number,
  ): Promise<BuildAuditEntry[]> {
    return this.builds.entriesOfBuild(instance, jobFullName, buildNumber);
  }

  async settleUnknown(
    requestId: string,
    completion: AuditCompletion,
  ): Promise<AuditEntry[]> {
    const rows = await this.db<Row>(TABLE).where({ request_id: requestId });
    const open = (await this.completions.attach(rows.map(fromRow))).filter(
      e => e.outcome === 'pending' || e.outcome === 'unknown',
    );
    const settled: AuditEntry[] = [];
    for (const entry of open) {
      await this.completions.record(entry, completion);
      this.recent.changed();
      const completed = await this.get(entry.id);
      if (completed) {
        settled.push(completed);
      }
    }
    return settled;
  }

  async claimLabelling(id: string, timeMs: number): Promise<boolean> {
    // A claim is a row of its own, so the entry is never updated.
    try {
      await this.db(LABELS).insert({ entry_id: id, labelled_at_ms: timeMs });
      return true;
    } catch (error) {
      const claimed = await this.db(LABELS).where({ entry_id: id }).first();
      if (claimed) {
        return false;
      }
      throw error;
    }
  }

  async startingWrites(requestId: string): Promise<StartingWrite[]> {
    const rows = await this.db<Row>(TABLE)
      .where({ request_id: requestId, decision: 'allow' })
      .whereIn('action', ['trigger', 'rebuild'])
      .orderBy([
        { column: 'time_ms', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    const labelled = new Set(
      rows.length
        ? (
            await this.db(LABELS)
              .whereIn(
                'entry_id',
                rows.map(r => r.id),
              )
              .select('entry_id')
          ).map((r: { entry_id: string }) => r.entry_id)
        : [],
    );
    const entries = await this.completions.attach(rows.map(fromRow));
    return entries
      .map((entry, index) => ({
        entry,
        labelled:
          labelled.has(entry.id) ||
          (rows[index].labelled_at_ms !== null &&
            rows[index].labelled_at_ms !== undefined),
      }))
      .filter(write => startsBuild(write.entry));
  }

  async recordBuildOutcome(fact: BuildOutcomeFact): Promise<boolean> {
    try {
      return await this.outcomes.record(fact);
    } finally {
      this.recent.changed();
    }
  }

  async deleteOlderThan(timeMs: number): Promise<number> {
    try {
      await this.outcomes.deleteOlderThan(timeMs);
      return await pruneChainedEntries(this.db, this.chain, timeMs);
    } finally {
      this.recent.changed();
    }
  }
}
