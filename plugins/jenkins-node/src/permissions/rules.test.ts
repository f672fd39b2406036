import { JenkinsJobResource } from '@internal/plugin-jenkins-common';
import {
  isBuildStartedByCaller,
  isEntityOwner,
  isInEnvironment,
  isInFolder,
  isJobOwner,
  isOnInstance,
  isRequestedVia,
} from './rules';

const production: JenkinsJobResource = {
  entityRef: 'component:default/payments-service',
  instance: 'default',
  jobFullName: 'payments/deploy-production',
  environment: 'production',
  folder: 'payments',
  owners: ['group:default/team-payments'],
  jobOwners: null,
};

describe('jenkins-job permission rules', () => {
  it('matches environments case-insensitively and never a job without one', () => {
    expect(
      isInEnvironment.apply(production, { environments: ['Production'] }),
    ).toBe(true);
    expect(
      isInEnvironment.apply(production, { environments: ['staging'] }),
    ).toBe(false);
    expect(
      isInEnvironment.apply(
        { ...production, environment: null },
        { environments: ['production'] },
      ),
    ).toBe(false);
  });

  it('matches a folder and the folders below it, not a prefix of a name', () => {
    expect(isInFolder.apply(production, { folders: ['payments'] })).toBe(true);
    expect(
      isInFolder.apply(
        { ...production, folder: 'payments/eu' },
        { folders: ['payments/'] },
      ),
    ).toBe(true);
    expect(
      isInFolder.apply(
        { ...production, folder: 'payments-legacy' },
        { folders: ['payments'] },
      ),
    ).toBe(false);
  });

  it('matches folders ignoring case, as Jenkins resolves item names', () => {
    // Jenkins' item maps use CaseInsensitiveComparator (core Items,
    // cloudbees-folder AbstractFolder), so PAYMENTS/eu is payments/eu.
    expect(
      isInFolder.apply(
        { ...production, folder: 'PAYMENTS/eu' },
        { folders: ['payments'] },
      ),
    ).toBe(true);
    expect(isInFolder.apply(production, { folders: ['Payments'] })).toBe(true);
  });

  it('matches instances by name', () => {
    expect(isOnInstance.apply(production, { instances: ['default'] })).toBe(
      true,
    );
    expect(isOnInstance.apply(production, { instances: ['other'] })).toBe(
      false,
    );
  });

  it('matches owners against the caller claims', () => {
    expect(
      isEntityOwner.apply(production, {
        claims: ['user:default/alice', 'group:default/team-payments'],
      }),
    ).toBe(true);
    expect(
      isEntityOwner.apply(production, { claims: ['user:default/carol'] }),
    ).toBe(false);
  });

  it("matches the job's configured owners, whoever owns the entity", () => {
    // team-payments owns the entity, which annotates a job config gives to platform.
    const platformJob: JenkinsJobResource = {
      ...production,
      jobFullName: 'platform/nightly-backup',
      environment: null,
      folder: 'platform',
      jobOwners: ['group:default/platform'],
    };
    expect(
      isJobOwner.apply(platformJob, {
        claims: ['user:default/alice', 'group:default/team-payments'],
      }),
    ).toBe(false);
    expect(
      isJobOwner.apply(platformJob, { claims: ['Group:Default/Platform'] }),
    ).toBe(true);
    // Entity ownership alone still matches IS_ENTITY_OWNER, not IS_JOB_OWNER.
    expect(
      isEntityOwner.apply(platformJob, {
        claims: ['group:default/team-payments'],
      }),
    ).toBe(true);
  });

  it('matches no one for a job config gives no owners', () => {
    expect(
      isJobOwner.apply(
        { ...production, jobOwners: [] },
        { claims: ['group:default/team-payments'] },
      ),
    ).toBe(false);
  });

  it('falls back to the entity owners where no owner config covers the job', () => {
    expect(
      isJobOwner.apply(production, {
        claims: ['user:default/alice', 'group:default/team-payments'],
      }),
    ).toBe(true);
    expect(
      isJobOwner.apply(production, { claims: ['group:default/platform'] }),
    ).toBe(false);
  });

  it('rejects malformed params through its schema', () => {
    // The schema is zod's, which the permission framework accepts as a Standard Schema.
    const schema = isEntityOwner.paramsSchema as unknown as {
      safeParse(value: unknown): { success: boolean };
    };
    expect(schema.safeParse({ claims: 'x' }).success).toBe(false);
  });
  describe('IS_BUILD_STARTED_BY_CALLER', () => {
    const build = (startedBy: string | null) => ({
      ...production,
      build: {
        number: 7,
        startedBy,
        startedBySource: startedBy ? ('audit' as const) : ('unknown' as const),
        parameterNames: ['VERSION'],
        environment: 'production',
      },
    });

    it('matches the person who started the build, ignoring case', () => {
      expect(
        isBuildStartedByCaller.apply(build('user:default/bob'), {
          claims: ['User:Default/Bob'],
        }),
      ).toBe(true);
      expect(
        isBuildStartedByCaller.apply(build('user:default/bob'), {
          claims: ['user:default/dana'],
        }),
      ).toBe(false);
    });

    it('treats an unknown starter as no match unless matchUnknown is set', () => {
      expect(
        isBuildStartedByCaller.apply(build(null), {
          claims: ['user:default/dana'],
        }),
      ).toBe(false);
      expect(
        isBuildStartedByCaller.apply(build(null), {
          claims: ['user:default/dana'],
          matchUnknown: true,
        }),
      ).toBe(true);
    });

    it('never matches a decision about the job as a whole', () => {
      expect(
        isBuildStartedByCaller.apply(production, {
          claims: ['user:default/bob'],
          matchUnknown: true,
        }),
      ).toBe(false);
    });
  });

  describe('isRequestedVia', () => {
    it('matches the adapter the backend says the request came through', () => {
      expect(
        isRequestedVia.apply(
          { ...production, via: 'action' },
          {
            via: ['action'],
          },
        ),
      ).toBe(true);
      expect(
        isRequestedVia.apply(
          { ...production, via: 'http' },
          {
            via: ['action'],
          },
        ),
      ).toBe(false);
    });

    it('never matches a decision about no request', () => {
      expect(
        isRequestedVia.apply(production, { via: ['action', 'http'] }),
      ).toBe(false);
    });

    it('takes only the known adapters', () => {
      const schema = isRequestedVia.paramsSchema as unknown as {
        safeParse(value: unknown): { success: boolean };
      };
      expect(schema.safeParse({ via: ['assistant'] }).success).toBe(false);
      expect(schema.safeParse({ via: ['action'] }).success).toBe(true);
    });
  });
});
