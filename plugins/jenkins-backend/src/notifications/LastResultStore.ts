import { BuildResult } from '@internal/plugin-jenkins-common';
import { Knex } from 'knex';

const TABLE = 'jenkins_job_last_results';

/**
 * The last finished result per job, kept in the database so that every
 * replica knows whether a success follows a failure.
 */
export class LastResultStore {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records a finished build and answers the result of the job's build
   * before it; a build older than the one recorded changes nothing (events
   * may arrive out of order) and answers undefined.
   */
  async record(
    instance: string,
    jobFullName: string,
    buildNumber: number,
    result: BuildResult,
  ): Promise<BuildResult | undefined> {
    const key = { instance, job_key: jobFullName.toLocaleLowerCase('en-US') };
    const row = { ...key, build_number: buildNumber, result };
    return this.knex.transaction(async tx => {
      const previous = await tx(TABLE).where(key).first();
      if (!previous) {
        await tx(TABLE)
          .insert({ ...row, updated_at_ms: this.now() })
          .onConflict(['instance', 'job_key'])
          .ignore();
        return undefined;
      }
      if (Number(previous.build_number) >= buildNumber) {
        return undefined;
      }
      await tx(TABLE)
        .where(key)
        .update({ ...row, updated_at_ms: this.now() });
      return previous.result as BuildResult;
    });
  }
}
