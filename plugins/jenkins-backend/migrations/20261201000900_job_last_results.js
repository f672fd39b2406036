// @ts-check

/**
 * The last finished result of each job, so that notifications can tell the
 * first success after a failure ("recovered") without asking Jenkins.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('jenkins_job_last_results', table => {
    table.string('instance', 100).notNullable();
    // Lower-cased full name: Jenkins resolves item names ignoring case.
    table.string('job_key', 1000).notNullable();
    table.integer('build_number').notNullable();
    table.string('result', 20).notNullable();
    table.bigInteger('updated_at_ms').notNullable();
    table.primary(['instance', 'job_key']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('jenkins_job_last_results');
};
