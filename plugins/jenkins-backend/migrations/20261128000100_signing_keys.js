// @ts-check

/**
 * Signing keys of the `jwt` identity strategy. Every replica reads keys from
 * here, so one replica can rotate and all of them publish the same JWKS.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('jenkins_signing_keys', table => {
    table.comment('Keys that sign the JWTs the backend sends to Jenkins');
    table.string('kid', 100).primary().notNullable().comment('JWK key id');
    table.string('algorithm', 10).notNullable().comment('ES256 or RS256');
    table.text('public_key').notNullable().comment('Public JWK as JSON');
    table.text('private_key').notNullable().comment('Private JWK as JSON');
    table
      .bigInteger('created_at')
      .notNullable()
      .comment('Epoch ms when the key was created');
    table
      .bigInteger('retired_at')
      .nullable()
      .comment('Epoch ms when a newer key replaced it for signing');
    table.index(['algorithm', 'created_at'], 'jenkins_signing_keys_alg_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('jenkins_signing_keys');
};
