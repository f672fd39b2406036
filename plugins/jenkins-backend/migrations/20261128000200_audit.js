// @ts-check

/**
 * The audit trail of write attempts (trigger, rebuild, abort, cancel,
 * approve, reject). Times are epoch milliseconds so that range queries and
 * ordering behave the same on SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('jenkins_audit_entries', table => {
    table.comment('Every write attempt made through the Jenkins plugin');
    table.string('id', 36).primary().notNullable();
    table.bigInteger('time_ms').notNullable();
    table.string('user_ref', 255).notNullable();
    table.string('jenkins_user', 255).nullable();
    table.string('action', 32).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('instance', 255).notNullable();
    table.string('job_full_name', 1024).notNullable();
    table.integer('build_number').nullable();
    table.integer('queue_id').nullable();
    table.text('parameters').nullable();
    table.string('decision', 16).notNullable();
    table.string('outcome', 16).notNullable();
    table.integer('jenkins_status').nullable();
    table.text('message').nullable();
    table.string('request_id', 64).notNullable();
    table.string('via', 16).notNullable();
    // When the started build was labelled (description); claimed once.
    table.bigInteger('labelled_at_ms').nullable();
    table.index(['time_ms'], 'jenkins_audit_entries_time_idx');
    table.index(['entity_ref', 'time_ms'], 'jenkins_audit_entries_entity_idx');
    table.index(['user_ref', 'time_ms'], 'jenkins_audit_entries_user_idx');
    table.index(['instance', 'queue_id'], 'jenkins_audit_entries_queue_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('jenkins_audit_entries');
};
