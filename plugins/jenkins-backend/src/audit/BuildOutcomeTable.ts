import { AuditEntry, BuildResult } from '@internal/plugin-jenkins-common';
import { Knex } from 'knex';
import { BuildOutcomeFact } from './types';

const TABLE = 'jenkins_audit_outcomes';

/** Few enough ids per `IN (...)` for every database's parameter limit. */
const CHUNK = 500;

type OutcomeRow = {
  request_id: string;
  phase: string;
  instance: string;
  job_full_name: string;
  build_number: number | string;
  result: string | null;
  duration_ms: number | string | null;
  recorded_at_ms: number | string;
};

type BuildOutcome = NonNullable<AuditEntry['build']>;

/** Later phases know more: FINALIZED over COMPLETED over STARTED. */
const PHASE_ORDER = ['STARTED', 'COMPLETED', 'FINALIZED'];

/** Only runs and rebuilds start builds, and only when allowed. */
export function startsBuild(entry: AuditEntry): boolean {
  return (
    (entry.action === 'trigger' || entry.action === 'rebuild') &&
    entry.decision === 'allow'
  );
}

/** The outcome of one request's build from its facts, latest phase first. */
function summarise(rows: OutcomeRow[]): BuildOutcome {
  const sorted = [...rows].sort(
    (a, b) => PHASE_ORDER.indexOf(b.phase) - PHASE_ORDER.indexOf(a.phase),
  );
  const outcome: BuildOutcome = { number: Number(sorted[0].build_number) };
  const result = sorted.find(r => r.result !== null)?.result;
  if (result) {
    outcome.result = result as BuildResult;
  }
  const duration = sorted.find(r => r.duration_ms !== null)?.duration_ms;
  if (duration !== undefined && duration !== null) {
    outcome.durationMs = Number(duration);
  }
  return outcome;
}

/**
 * The outcomes of builds started by audited writes, one row per request id
 * and phase, inserted once and never updated: the audit entries stay as
 * they were written, and reads join the outcomes to them.
 */
export class BuildOutcomeTable {
  constructor(private readonly db: Knex) {}

  async record(fact: BuildOutcomeFact): Promise<boolean> {
    const known = await this.db<OutcomeRow>(TABLE)
      .where({ request_id: fact.requestId })
      .first();
    if (
      known &&
      (Number(known.build_number) !== fact.buildNumber ||
        known.instance !== fact.instance ||
        known.job_full_name.toLowerCase() !== fact.jobFullName.toLowerCase())
    ) {
      // One request starts one build; a second one claiming it is not it.
      return false;
    }
    await this.db<OutcomeRow>(TABLE)
      .insert({
        request_id: fact.requestId,
        phase: fact.phase,
        instance: fact.instance,
        job_full_name: fact.jobFullName,
        build_number: fact.buildNumber,
        result: fact.result ?? null,
        duration_ms: fact.durationMs ?? null,
        recorded_at_ms: fact.recordedAtMs,
      })
      .onConflict(['request_id', 'phase'])
      .ignore();
    return true;
  }

  /** The entries, each run or rebuild with its build's outcome when known. */
  async attach(entries: AuditEntry[]): Promise<AuditEntry[]> {
    const requestIds = [
      ...new Set(entries.filter(startsBuild).map(e => e.requestId)),
    ];
    if (requestIds.length === 0) {
      return entries;
    }
    const byRequest = new Map<string, OutcomeRow[]>();
    for (let i = 0; i < requestIds.length; i += CHUNK) {
      const rows = await this.db<OutcomeRow>(TABLE).whereIn(
        'request_id',
        requestIds.slice(i, i + CHUNK),
      );
      for (const row of rows) {
        byRequest.set(row.request_id, [
          ...(byRequest.get(row.request_id) ?? []),
          row,
        ]);
      }
    }
    return entries.map(entry => {
      const rows = startsBuild(entry) && byRequest.get(entry.requestId);
      return rows ? { ...entry, build: summarise(rows) } : entry;
    });
  }

  /** The request ids whose build events name this build. */
  async requestIdsOfBuild(
    instance: string,
    jobFullName: string,
    buildNumber: number,
  ): Promise<string[]> {
    const rows = await this.db<OutcomeRow>(TABLE)
      .where({ instance, build_number: buildNumber })
      .whereRaw('lower(job_full_name) = ?', [
        jobFullName.toLocaleLowerCase('en-US'),
      ])
      .distinct('request_id');
    return rows.map(r => r.request_id);
  }

  /** Forgets outcomes recorded before the given time; returns how many. */
  async deleteOlderThan(timeMs: number): Promise<number> {
    return this.db(TABLE).where('recorded_at_ms', '<', timeMs).delete();
  }
}
