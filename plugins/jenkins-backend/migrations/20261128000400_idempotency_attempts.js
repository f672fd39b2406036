// @ts-check

/**
 * What a key needs so that a write whose outcome is unknown is never
 * repeated blindly: the one request id of all attempts of a key (the
 * `BACKSTAGE_REQUEST_ID` a later attempt looks for in Jenkins), which
 * attempt holds the key and since when (a crashed replica's hold expires
 * after the request timeout, not after 24 hours), and whether an attempt got
 * as far as sending, with the mark a later attempt searches Jenkins from.
 * Rows written before this migration have no request id and keep the old
 * behaviour until they expire.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('jenkins_idempotency_keys', table => {
    table.string('request_id', 64).nullable();
    table.string('attempt_id', 64).nullable();
    table.bigInteger('attempt_at_ms').nullable();
    table.bigInteger('sent_at_ms').nullable();
    table.text('lookup_mark').nullable();
  });
  // A retry settles the audit entries of its request id's earlier attempts.
  await knex.schema.alterTable('jenkins_audit_entries', table => {
    table.index(['request_id'], 'jenkins_audit_entries_request_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('jenkins_audit_entries', table => {
    table.dropIndex(['request_id'], 'jenkins_audit_entries_request_idx');
  });
  await knex.schema.alterTable('jenkins_idempotency_keys', table => {
    table.dropColumn('lookup_mark');
    table.dropColumn('sent_at_ms');
    table.dropColumn('attempt_at_ms');
    table.dropColumn('attempt_id');
    table.dropColumn('request_id');
  });
};
