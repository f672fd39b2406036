// @ts-check

/**
 * Whether the entity an attempt named was found for the person who made
 * it. An attempt against an entity that does not exist (or that its author
 * cannot see) is filed under the ref it asked for and kept for the
 * compliance export, but it never shows in an entity's activity: someone
 * who cannot see an entity must not be able to fill its feed. Earlier rows
 * count as found.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('jenkins_audit_entries', table => {
    table.boolean('entity_found').notNullable().defaultTo(true);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('jenkins_audit_entries', table => {
    table.dropColumn('entity_found');
  });
};
