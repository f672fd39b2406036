// @ts-check

/**
 * Idempotency keys of write requests. The primary key on (user_ref,
 * idempotency_key) is what makes "insert first to claim the key" safe across
 * backend replicas: only one insert can win.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('jenkins_idempotency_keys', table => {
    table.comment('Answers of write requests, replayed for a repeated key');
    table.string('user_ref', 255).notNullable();
    table.string('idempotency_key', 255).notNullable();
    table.string('request_hash', 64).notNullable();
    table.string('state', 16).notNullable();
    table.integer('response_status').nullable();
    table.text('response_body').nullable();
    table.bigInteger('created_at_ms').notNullable();
    table.primary(['user_ref', 'idempotency_key']);
    table.index(['created_at_ms'], 'jenkins_idempotency_keys_created_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('jenkins_idempotency_keys');
};
