// @ts-check

/**
 * The Backstage plugin that carried a write for the person (the actor of
 * its on-behalf-of token, e.g. `plugin:mcp-actions` for an AI assistant),
 * null for the person's own session. Nullable, so the audit hash chain's
 * earlier links (nulls are left out of their canonical form) stay intact.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('jenkins_audit_entries', table => {
    table.string('client', 255).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('jenkins_audit_entries', table => {
    table.dropColumn('client');
  });
};
