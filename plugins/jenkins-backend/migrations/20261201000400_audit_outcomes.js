// @ts-check

/**
 * What became of the builds that writes started, as Jenkins' build events
 * tell it: one row per request id (the `BACKSTAGE_REQUEST_ID` the build
 * carries) and phase, written once and never updated, so the audit entries
 * themselves stay as they were recorded. Reads join them to the entries of
 * their request id.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('jenkins_audit_outcomes', table => {
    table.comment('Build outcomes of audited runs, from build events');
    table.string('request_id', 64).notNullable();
    table
      .string('phase', 16)
      .notNullable()
      .comment('STARTED, COMPLETED or FINALIZED');
    table.string('instance', 255).notNullable();
    table.string('job_full_name', 1024).notNullable();
    table.integer('build_number').notNullable();
    table.string('result', 16).nullable();
    table.bigInteger('duration_ms').nullable();
    table.bigInteger('recorded_at_ms').notNullable();
    table.primary(['request_id', 'phase']);
    table.index(['recorded_at_ms'], 'jenkins_audit_outcomes_recorded_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('jenkins_audit_outcomes');
};
