// @ts-check

/*
 * What an audit entry of a replay keeps of the script it ran: its sha256,
 * the original's sha256 and a bounded unified diff against the original
 * (JSON, `AuditEntry.script`). Null for every other action.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('jenkins_audit_entries', table => {
    table.text('script').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('jenkins_audit_entries', table => {
    table.dropColumn('script');
  });
};
