import { createHash } from 'node:crypto';
import { Knex } from 'knex';

/** The tables whose rows are links of the audit hash chain. */
export const CHAINED_TABLES = [
  'jenkins_audit_entries',
  'jenkins_audit_completions',
] as const;

/** A table whose rows are chained. */
export type ChainedTable = (typeof CHAINED_TABLES)[number];

const HEADS = 'jenkins_audit_chain_heads';

/** The `prev_hash` of a chain's first link. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Columns the chain itself manages, and `labelled_at_ms`, which rows
 * written before the chain used as a claim marker (claims are now rows of
 * `jenkins_audit_labels`). Every other stored column is hashed, whatever
 * later migrations add.
 */
const UNHASHED = new Set(['hash', 'labelled_at_ms']);

/**
 * One stored value as text the same on SQLite and PostgreSQL: booleans as
 * `1`/`0` (SQLite answers 0/1), numbers and big integers (PostgreSQL answers
 * `bigint` as text) as decimal text, dates as ISO 8601.
 */
function canonicalValue(value: unknown): string {
  if (typeof value === 'boolean') {
    return value ? '1' : '0';
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (Buffer.isBuffer(value)) {
    return value.toString('base64');
  }
  return String(value);
}

/**
 * The canonical JSON of a stored row: every column but {@link UNHASHED},
 * sorted by name, nulls left out (so that a nullable column added by a
 * later migration leaves earlier links intact), values as text.
 */
export function canonicalRow(
  table: ChainedTable,
  row: Record<string, unknown>,
): string {
  const columns = Object.keys(row)
    .filter(
      name =>
        !UNHASHED.has(name) && row[name] !== null && row[name] !== undefined,
    )
    .sort();
  const content: Record<string, string> = {};
  for (const name of columns) {
    content[name] = canonicalValue(row[name]);
  }
  return JSON.stringify({ table, row: content });
}

/** sha256 over the previous link's hash and the row's canonical JSON. */
export function linkHash(
  table: ChainedTable,
  row: Record<string, unknown>,
): string {
  return createHash('sha256')
    .update(`${String(row.prev_hash ?? '')}\n${canonicalRow(table, row)}`)
    .digest('hex');
}

/** Where a row sits in its chain, as the appender stores it. */
export interface ChainPosition {
  chain_seq: number;
  prev_hash: string;
}

/**
 * Appends rows to the hash chain of their Jenkins instance. The chain's
 * head row is locked for the transaction (`SELECT … FOR UPDATE` on
 * PostgreSQL; SQLite serialises writing transactions itself), so two
 * replicas appending at once queue up instead of forking the chain. The
 * hash is computed over the row as the database stored it, defaults
 * included, and set in the same transaction before anyone can read it.
 */
export class AuditChain {
  private readonly locks: boolean;

  constructor(private readonly db: Knex) {
    const client = String(db.client.config?.client ?? '');
    this.locks = !/sqlite/i.test(client);
  }

  async append(
    table: ChainedTable,
    instance: string,
    row: Record<string, unknown> & { id: string },
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(HEADS)
        .insert({ instance, seq: 0, hash: GENESIS_HASH })
        .onConflict('instance')
        .ignore();
      const headQuery = tx(HEADS).where({ instance }).first();
      const head = await (this.locks ? headQuery.forUpdate() : headQuery);
      const seq = Number(head.seq) + 1;
      await tx(table).insert({
        ...row,
        chain_seq: seq,
        prev_hash: head.hash,
        hash: null,
      });
      const stored = await tx(table).where({ id: row.id }).first();
      const hash = linkHash(table, stored);
      await tx(table).where({ id: row.id }).update({ hash });
      await tx(HEADS).where({ instance }).update({ seq, hash });
    });
  }

  /**
   * Records that retention deleted the links up to `seq`, so that the
   * verification tells a retention gap from a deletion.
   */
  async markPruned(instance: string, seq: number): Promise<void> {
    await this.db.transaction(async tx => {
      const head = await tx(HEADS).where({ instance }).first();
      if (!head) {
        return;
      }
      const pruned = Math.max(Number(head.pruned_through_seq ?? 0), seq);
      await tx(HEADS)
        .where({ instance })
        .update({ pruned_through_seq: pruned });
    });
  }
}
