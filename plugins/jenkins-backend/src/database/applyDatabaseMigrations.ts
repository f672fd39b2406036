import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-jenkins-backend',
  'migrations',
);

/**
 * Brings the plugin's database up to date: signing keys, and the audit and
 * idempotency tables. Runs once at startup for every store of the plugin, so
 * stores never migrate on their own.
 *
 * @public
 */
export async function applyDatabaseMigrations(
  database: DatabaseService,
): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({ directory: migrationsDir });
  }
  return knex;
}
