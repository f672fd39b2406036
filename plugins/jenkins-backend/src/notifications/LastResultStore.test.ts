import { TestDatabases } from '@backstage/backend-test-utils';
import path from 'node:path';
import { LastResultStore } from './LastResultStore';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function store() {
  const knex = await databases.init('SQLITE_3');
  await knex.migrate.latest({
    directory: path.resolve(__dirname, '../../migrations'),
  });
  return new LastResultStore(knex);
}

describe('LastResultStore', () => {
  it("answers the job's previous result, ignoring case in the job name", async () => {
    const results = await store();
    expect(
      await results.record('default', 'payments/app', 1, 'FAILURE'),
    ).toBeUndefined();
    expect(await results.record('default', 'Payments/App', 2, 'SUCCESS')).toBe(
      'FAILURE',
    );
    expect(await results.record('default', 'payments/app', 3, 'SUCCESS')).toBe(
      'SUCCESS',
    );
  });

  it('ignores a build older than the one recorded', async () => {
    const results = await store();
    await results.record('default', 'payments/app', 5, 'FAILURE');
    expect(
      await results.record('default', 'payments/app', 4, 'SUCCESS'),
    ).toBeUndefined();
    expect(await results.record('default', 'payments/app', 6, 'SUCCESS')).toBe(
      'FAILURE',
    );
  });
});
