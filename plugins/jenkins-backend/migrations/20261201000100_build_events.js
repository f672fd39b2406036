// @ts-check

/**
 * Build events handled, keyed by the SHA-256 of the event id
 * (`instance:job:build:phase`, up to 1200 characters, too long for some
 * databases' keys). The primary key makes "insert first to handle the event" safe across backend replicas
 * and across the webhook and the watcher: only one insert wins. Rows older
 * than a week are pruned.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('jenkins_build_events', table => {
    table.comment('Build events already handled, for once-only handling');
    table.string('event_key', 64).notNullable().primary();
    table.text('event_id').notNullable();
    table.bigInteger('received_at_ms').notNullable();
    table.index(['received_at_ms'], 'jenkins_build_events_received_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('jenkins_build_events');
};
