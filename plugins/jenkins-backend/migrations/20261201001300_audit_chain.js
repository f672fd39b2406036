// @ts-check

/**
 * Tamper evidence for the audit trail.
 *
 * - Entries are append-only: what Jenkins answered (and what a later attempt
 *   learnt about an earlier one) is a new row of `jenkins_audit_completions`,
 *   never an update of the entry; the labelling claim moves to
 *   `jenkins_audit_labels`.
 * - Every entry and completion carries `chain_seq`, `prev_hash` and `hash`:
 *   sha256 over the row's stored content and the previous row's hash, one
 *   chain per Jenkins instance across both tables. `jenkins_audit_chain_heads`
 *   holds each chain's newest link; appends lock it, so two replicas never
 *   fork a chain.
 * - Entries get the job's `environment` (from config at write time), so the
 *   export can filter by it.
 *
 * The chain starts at this migration: rows written before it keep
 * `chain_seq` null and are reported as unchained by the verification,
 * since their outcomes were written by updates that the chain cannot vouch
 * for.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('jenkins_audit_entries', table => {
    table.string('environment', 255).nullable();
    table.bigInteger('chain_seq').nullable();
    table.string('prev_hash', 64).nullable();
    table.string('hash', 64).nullable();
    table.index(['instance', 'chain_seq'], 'jenkins_audit_entries_chain_idx');
    table.index(
      ['instance', 'job_full_name', 'build_number'],
      'jenkins_audit_entries_build_idx',
    );
  });
  await knex.schema.createTable('jenkins_audit_completions', table => {
    table.comment(
      'What became of an audited attempt, appended once learnt; never updated',
    );
    table.string('id', 36).primary().notNullable();
    table.string('entry_id', 36).notNullable();
    table.string('instance', 255).notNullable();
    table.bigInteger('time_ms').notNullable();
    table.string('outcome', 16).notNullable();
    table.integer('jenkins_status').nullable();
    table.text('message').nullable();
    table.integer('build_number').nullable();
    table.integer('queue_id').nullable();
    table.bigInteger('chain_seq').nullable();
    table.string('prev_hash', 64).nullable();
    table.string('hash', 64).nullable();
    table.index(['entry_id'], 'jenkins_audit_completions_entry_idx');
    table.index(
      ['instance', 'chain_seq'],
      'jenkins_audit_completions_chain_idx',
    );
    table.index(
      ['instance', 'queue_id'],
      'jenkins_audit_completions_queue_idx',
    );
    table.index(['time_ms'], 'jenkins_audit_completions_time_idx');
  });
  await knex.schema.createTable('jenkins_audit_chain_heads', table => {
    table.comment('The newest link of each instance audit hash chain');
    table.string('instance', 255).primary().notNullable();
    table.bigInteger('seq').notNullable();
    table.string('hash', 64).notNullable();
    // The newest link retention deleted: a missing link at or below it is
    // the retention period, not a deletion.
    table.bigInteger('pruned_through_seq').nullable();
  });
  await knex.schema.createTable('jenkins_audit_labels', table => {
    table.comment('Which audited runs had their build labelled, claimed once');
    table.string('entry_id', 36).primary().notNullable();
    table.bigInteger('labelled_at_ms').notNullable();
  });
  await knex
    .insert(
      knex('jenkins_audit_entries')
        .select('id as entry_id', 'labelled_at_ms')
        .whereNotNull('labelled_at_ms'),
    )
    .into(
      knex.raw('?? (??, ??)', [
        'jenkins_audit_labels',
        'entry_id',
        'labelled_at_ms',
      ]),
    );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('jenkins_audit_labels');
  await knex.schema.dropTable('jenkins_audit_chain_heads');
  await knex.schema.dropTable('jenkins_audit_completions');
  await knex.schema.alterTable('jenkins_audit_entries', table => {
    table.dropIndex(
      ['instance', 'job_full_name', 'build_number'],
      'jenkins_audit_entries_build_idx',
    );
    table.dropIndex(
      ['instance', 'chain_seq'],
      'jenkins_audit_entries_chain_idx',
    );
    table.dropColumn('hash');
    table.dropColumn('prev_hash');
    table.dropColumn('chain_seq');
    table.dropColumn('environment');
  });
};
