import { AuditEntry } from '@internal/plugin-jenkins-common';
import { Knex } from 'knex';
import { AuditChain } from './AuditChain';
import { AuditCompletionTable } from './AuditCompletionTable';
import { BuildOutcomeTable } from './BuildOutcomeTable';
import { BuildAuditEntry } from './types';

const TABLE = 'jenkins_audit_entries';
const LABELS = 'jenkins_audit_labels';

type Row = { id: string; request_id: string } & Record<string, unknown>;

/**
 * The audit trail of one build (for decisions about it and its change
 * record): who started it, and what was asked on it. Rows are read here
 * and turned into entries by the store.
 */
export class BuildAuditQueries {
  constructor(
    private readonly db: Knex,
    private readonly completions: AuditCompletionTable,
    private readonly outcomes: BuildOutcomeTable,
    private readonly entriesOf: (rows: unknown[]) => Promise<AuditEntry[]>,
  ) {}

  /**
   * The allowed run or rebuild that started the build: one whose own
   * completion carries the build number Jenkins answered, or whose request
   * id the build's events named. (A rebuild *of* a build names that build
   * when it is written; that does not make it the one that started it.)
   */
  async startOfBuild(
    instance: string,
    jobFullName: string,
    buildNumber: number,
  ): Promise<AuditEntry | undefined> {
    const completed = await this.completions.entryIdsOfBuild(
      instance,
      buildNumber,
    );
    const started = await this.outcomes.requestIdsOfBuild(
      instance,
      jobFullName,
      buildNumber,
    );
    if (completed.length === 0 && started.length === 0) {
      return undefined;
    }
    const rows = await this.db<Row>(TABLE)
      .where({ instance, decision: 'allow' })
      .whereIn('action', ['trigger', 'rebuild'])
      .whereRaw('lower(job_full_name) = ?', [
        jobFullName.toLocaleLowerCase('en-US'),
      ])
      .andWhere(q => {
        if (completed.length) q.orWhereIn('id', completed.slice(0, 500));
        if (started.length) q.orWhereIn('request_id', started.slice(0, 500));
      })
      .orderBy([
        { column: 'time_ms', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(20);
    return (await this.entriesOf(rows)).find(
      e =>
        e.outcome === 'success' &&
        (completed.includes(e.id) || e.build?.number === buildNumber),
    );
  }

  /**
   * Every write asked on one build (approve, reject, abort, a rebuild of
   * it), allowed or not, oldest first: the entries that named the build
   * when they were written.
   */
  async entriesOfBuild(
    instance: string,
    jobFullName: string,
    buildNumber: number,
  ): Promise<BuildAuditEntry[]> {
    const rows = await this.db<Row>(TABLE)
      .where({ instance, build_number: buildNumber })
      .whereRaw('lower(job_full_name) = ?', [
        jobFullName.toLocaleLowerCase('en-US'),
      ])
      .orderBy([
        { column: 'time_ms', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(1000);
    const entries = await this.entriesOf(rows);
    return entries.map((entry, index) => ({
      ...entry,
      subject: (rows[index].message as string | null) ?? null,
    }));
  }
}

/**
 * Retention: deletes entries, their completions and labelling claims
 * older than `timeMs`, and tells each chain how far it was pruned, so that
 * the verification tells this gap from a deletion. Returns how many
 * entries went.
 */
export async function pruneChainedEntries(
  db: Knex,
  chain: AuditChain,
  timeMs: number,
): Promise<number> {
  const pruned = new Map<string, number>();
  for (const table of [TABLE, 'jenkins_audit_completions']) {
    const rows: Array<{ instance: string; seq: number | string | null }> =
      await db(table)
        .where('time_ms', '<', timeMs)
        .whereNotNull('chain_seq')
        .groupBy('instance')
        .select('instance')
        .max({ seq: 'chain_seq' });
    for (const row of rows) {
      if (row.seq !== null) {
        pruned.set(
          row.instance,
          Math.max(pruned.get(row.instance) ?? 0, Number(row.seq)),
        );
      }
    }
  }
  await db('jenkins_audit_completions').where('time_ms', '<', timeMs).delete();
  const ids = db(TABLE).where('time_ms', '<', timeMs).select('id');
  await db(LABELS).whereIn('entry_id', ids).delete();
  const deleted = await db(TABLE).where('time_ms', '<', timeMs).delete();
  for (const [instance, seq] of pruned) {
    await chain.markPruned(instance, seq);
  }
  return deleted;
}
