import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { loadDemoWorld } from '@internal/jenkins-demo-world/node';
import { encodeJobId } from '@internal/plugin-jenkins-common';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import { Caller } from '../identity/types';
import { EnvironmentResolver } from './EnvironmentResolver';
import { JobResolver, isMultibranchClass, ownersOf } from './JobResolver';

const PAYMENTS = 'component:default/payments-service';
const STAGING = 'payments/deploy-staging';
const PRODUCTION = 'payments/deploy-production';
const MULTIBRANCH = 'payments/payments-service';

function component(name: string, annotation?: string, spec?: object): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(annotation
        ? { annotations: { 'jenkins.io/job-full-name': annotation } }
        : {}),
    },
    spec: { type: 'service', owner: 'team-payments', ...spec },
  };
}

/** The demo catalog plus entities for the cases the demo does not have. */
const world = loadDemoWorld().with([
  component('two-instances', 'release:payments/deploy-production, payments/x'),
  component('misconfigured', 'elsewhere:payments/deploy-staging'),
  component('broken', 'payments//deploy-staging'),
  component('top-level', 'nightly'),
  component('slashes', ' /payments/deploy-staging/ '),
  component('mixed-case', 'Payments/Deploy-Staging'),
  component('borrower', 'platform/nightly-backup, platform/app'),
  component('dotted', 'payments/deploy-staging, payments/../deploy-production'),
]);

const config = readJenkinsConfig(
  new ConfigReader({
    jenkins: {
      instances: ['default', 'release'].map(name => ({
        name,
        baseUrl: `http://${name}.jenkins`,
        identity: { strategy: 'jwt' },
        environments: [
          { pattern: STAGING, environment: 'staging' },
          { pattern: PRODUCTION, environment: 'production' },
        ],
        owners:
          name === 'default'
            ? [{ path: 'platform/**', groups: ['platform'] }]
            : [],
      })),
    },
  }),
);

const alice: Caller = {
  userRef: 'user:default/alice',
  ownershipRefs: ['user:default/alice', 'group:default/team-payments'],
  credentials: mockCredentials.user('user:default/alice'),
  via: 'http',
};

function setup(
  options: {
    /** Entity refs the catalog hides from every user. */
    hidden?: string[];
    multibranch?: boolean;
  } = {},
) {
  const getEntityByRef = jest.fn(
    async (ref: string, { credentials }: { credentials: unknown }) => {
      const { principal } = credentials as BackstageCredentials<{
        type: string;
      }>;
      if (principal.type === 'user' && options.hidden?.includes(ref)) {
        return undefined;
      }
      return world.entity(ref);
    },
  );
  const catalog = catalogServiceMock.mock({
    getEntityByRef: getEntityByRef as any,
  });
  const isMultibranch = jest.fn(async () => options.multibranch ?? true);
  const resolver = new JobResolver({
    catalog,
    config,
    environments: new EnvironmentResolver(config),
    isMultibranch,
  });
  return { resolver, getEntityByRef, isMultibranch };
}

const idOf = encodeJobId;

describe('JobResolver.loadEntity', () => {
  it("loads the entity with the caller's credentials", async () => {
    const { resolver, getEntityByRef } = setup();
    const entity = await resolver.loadEntity(alice.credentials, PAYMENTS);
    expect(entity.metadata.name).toBe('payments-service');
    expect(getEntityByRef).toHaveBeenCalledWith(PAYMENTS, {
      credentials: alice.credentials,
    });
  });

  it('throws NotFoundError for an entity that does not exist', async () => {
    const { resolver } = setup();
    await expect(
      resolver.loadEntity(alice.credentials, 'component:default/nope'),
    ).rejects.toThrow(
      new NotFoundError('No entity component:default/nope found'),
    );
  });

  it('throws NotFoundError for an entity the caller cannot see', async () => {
    const { resolver } = setup({ hidden: [PAYMENTS] });
    await expect(
      resolver.loadEntity(alice.credentials, PAYMENTS),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('JobResolver.jobsOf', () => {
  it("lists exactly the annotation's jobs, in annotation order", async () => {
    const { resolver } = setup();
    const { entity, jobs } = await resolver.jobsOf(alice, PAYMENTS);
    expect(entity.metadata.name).toBe('payments-service');
    expect(jobs.map(j => [j.instance, j.fullName])).toEqual([
      ['default', MULTIBRANCH],
      ['default', STAGING],
      ['default', PRODUCTION],
    ]);
  });

  it('resolves each listed job completely: id, names, resource and entity', async () => {
    const { resolver } = setup();
    const { entity, jobs } = await resolver.jobsOf(alice, PAYMENTS);
    expect(jobs[1]).toEqual({
      id: idOf('default', STAGING),
      entityRef: PAYMENTS,
      instance: 'default',
      fullName: STAGING,
      annotatedFullName: STAGING,
      branch: undefined,
      resource: {
        entityRef: PAYMENTS,
        instance: 'default',
        jobFullName: STAGING,
        environment: 'staging',
        folder: 'payments',
        owners: ['group:default/team-payments'],
        jobOwners: null,
      },
      entity,
    });
  });

  it('lists no jobs for an entity without the annotation', async () => {
    const { resolver } = setup();
    const { jobs } = await resolver.jobsOf(
      alice,
      'component:default/docs-site',
    );
    expect(jobs).toEqual([]);
  });

  it('takes the instance from an `instance:` prefix and `default` otherwise', async () => {
    const { resolver } = setup();
    const { jobs } = await resolver.jobsOf(
      alice,
      'component:default/two-instances',
    );
    expect(jobs.map(j => [j.instance, j.fullName, j.id])).toEqual([
      ['release', PRODUCTION, idOf('release', PRODUCTION)],
      ['default', 'payments/x', idOf('default', 'payments/x')],
    ]);
  });

  it('ignores slashes and whitespace around an annotated job name', async () => {
    const { resolver } = setup();
    const { jobs } = await resolver.jobsOf(alice, 'component:default/slashes');
    expect(jobs.map(j => j.fullName)).toEqual([STAGING]);
  });

  it('keeps the case of annotated job names', async () => {
    const { resolver } = setup();
    const { jobs } = await resolver.jobsOf(
      alice,
      'component:default/mixed-case',
    );
    expect(jobs.map(j => j.fullName)).toEqual(['Payments/Deploy-Staging']);
  });

  it('classifies a job annotated in another case by the config patterns, as Jenkins resolves it', async () => {
    // Jenkins reaches payments/deploy-staging for Payments/Deploy-Staging
    // (item maps are case-insensitive), so config must classify it too.
    const { resolver } = setup();
    const { jobs } = await resolver.jobsOf(
      alice,
      'component:default/mixed-case',
    );
    expect(jobs[0].resource).toMatchObject({
      environment: 'staging',
      folder: 'Payments',
    });
  });

  it('gives a top-level job an empty folder', async () => {
    const { resolver } = setup();
    const { jobs } = await resolver.jobsOf(
      alice,
      'component:default/top-level',
    );
    expect(jobs[0].resource.folder).toBe('');
  });

  it('rejects an annotation naming an unconfigured instance with an InputError naming the configured ones', async () => {
    const { resolver } = setup();
    await expect(
      resolver.jobsOf(alice, 'component:default/misconfigured'),
    ).rejects.toThrow(
      new InputError(
        "component:default/misconfigured names Jenkins instance 'elsewhere' in its jenkins.io/job-full-name annotation, but only 'default', 'release' are configured",
      ),
    );
  });

  it('rejects an unparsable annotation with an InputError', async () => {
    const { resolver } = setup();
    const error = await resolver
      .jobsOf(alice, 'component:default/broken')
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^component:default\/broken has an invalid jenkins\.io\/job-full-name annotation: /,
    );
  });

  it('throws NotFoundError for an entity the caller cannot see', async () => {
    const { resolver } = setup({ hidden: [PAYMENTS] });
    await expect(resolver.jobsOf(alice, PAYMENTS)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("gives each job its owners by config, apart from the entity's owners", async () => {
    const { resolver } = setup();
    const { jobs } = await resolver.jobsOf(alice, 'component:default/borrower');
    expect(jobs.map(j => j.resource)).toEqual([
      expect.objectContaining({
        jobFullName: 'platform/nightly-backup',
        owners: ['group:default/team-payments'],
        jobOwners: ['group:default/platform'],
      }),
      expect.objectContaining({
        jobFullName: 'platform/app',
        jobOwners: ['group:default/platform'],
      }),
    ]);
    // a branch of a multibranch job config covers is owned alike
    expect(
      resolver.branchOf(jobs[1], 'platform/app/main').resource.jobOwners,
    ).toEqual(['group:default/platform']);
  });

  it('refuses an annotation with a `..` segment with an InputError naming the annotation', async () => {
    const { resolver } = setup();
    const error = await resolver
      .jobsOf(alice, 'component:default/dotted')
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^component:default\/dotted has an invalid jenkins\.io\/job-full-name annotation: .*'payments\/\.\.\/deploy-production'.*'\.\.'/,
    );
    // nor does any of its jobs resolve, the production job least of all
    await expect(
      resolver.resolveJob(
        alice,
        'component:default/dotted',
        idOf('default', 'payments/../deploy-production'),
      ),
    ).rejects.toBeInstanceOf(InputError);
    await expect(
      resolver.resourceFor(
        mockCredentials.service('plugin:jenkins'),
        `component:default/dotted|${idOf('default', PRODUCTION)}`,
      ),
    ).rejects.toBeInstanceOf(InputError);
  });
});

describe('JobResolver.resolveJob', () => {
  it("accepts the id of a job the entity's annotation names", async () => {
    const { resolver, isMultibranch } = setup();
    const job = await resolver.resolveJob(
      alice,
      PAYMENTS,
      idOf('default', PRODUCTION),
    );
    expect(job).toMatchObject({
      id: idOf('default', PRODUCTION),
      entityRef: PAYMENTS,
      instance: 'default',
      fullName: PRODUCTION,
      annotatedFullName: PRODUCTION,
      branch: undefined,
      resource: { environment: 'production', folder: 'payments' },
    });
    expect(isMultibranch).not.toHaveBeenCalled();
  });

  it("refuses the id of another entity's job (no cross-entity binding)", async () => {
    const { resolver } = setup();
    await expect(
      resolver.resolveJob(
        alice,
        PAYMENTS,
        idOf('default', 'platform/nightly-backup'),
      ),
    ).rejects.toThrow(
      new NotFoundError(
        `${PAYMENTS} has no Jenkins job ${idOf(
          'default',
          'platform/nightly-backup',
        )}`,
      ),
    );
  });

  it('refuses the id of a job no entity names', async () => {
    const { resolver } = setup();
    await expect(
      resolver.resolveJob(
        alice,
        PAYMENTS,
        idOf('default', 'platform/legacy-deploy'),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a named job on another instance', async () => {
    const { resolver } = setup();
    await expect(
      resolver.resolveJob(alice, PAYMENTS, idOf('release', STAGING)),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses the id of a job on an instance that is not configured', async () => {
    const { resolver } = setup();
    await expect(
      resolver.resolveJob(alice, PAYMENTS, idOf('elsewhere', STAGING)),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('accepts a job named with an instance prefix by the id of that instance only', async () => {
    const { resolver } = setup();
    const ref = 'component:default/two-instances';
    await expect(
      resolver.resolveJob(alice, ref, idOf('release', PRODUCTION)),
    ).resolves.toMatchObject({ instance: 'release', fullName: PRODUCTION });
    await expect(
      resolver.resolveJob(alice, ref, idOf('default', PRODUCTION)),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('binds a job named in another case, as Jenkins resolves it, under the annotated spelling', async () => {
    // Jenkins' item lookup ignores case (core Jenkins.getItem,
    // cloudbees-folder AbstractFolder.getItem: CaseInsensitiveComparator
    // maps), so Payments/Deploy-Staging is the annotated job itself.
    const { resolver } = setup();
    const job = await resolver.resolveJob(
      alice,
      PAYMENTS,
      idOf('default', 'Payments/Deploy-Staging'),
    );
    expect(job).toMatchObject({
      id: idOf('default', STAGING),
      fullName: STAGING,
      annotatedFullName: STAGING,
      resource: { jobFullName: STAGING, environment: 'staging' },
    });
  });

  it('compares instance names case-sensitively', async () => {
    const { resolver } = setup();
    await expect(
      resolver.resolveJob(alice, PAYMENTS, idOf('Default', STAGING)),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it.each([
    ['not base64url', 'abc$def'],
    ['base64url without a colon', 'bm9jb2xvbg'],
    ['an empty instance', idOf('', STAGING)],
    ['an empty job name', idOf('default', '')],
    ['bytes that are no UTF-8', '_w'],
  ])(
    'refuses a malformed id (%s) without asking the catalog',
    async (_case, id) => {
      const { resolver, getEntityByRef } = setup();
      await expect(resolver.resolveJob(alice, PAYMENTS, id)).rejects.toThrow(
        new NotFoundError(`No Jenkins job ${id} on ${PAYMENTS}`),
      );
      expect(getEntityByRef).not.toHaveBeenCalled();
    },
  );

  it('throws NotFoundError for an entity the caller cannot see, even with a valid id', async () => {
    const { resolver } = setup({ hidden: [PAYMENTS] });
    await expect(
      resolver.resolveJob(alice, PAYMENTS, idOf('default', STAGING)),
    ).rejects.toThrow(new NotFoundError(`No entity ${PAYMENTS} found`));
  });

  it('throws NotFoundError for an entity that does not exist', async () => {
    const { resolver } = setup();
    await expect(
      resolver.resolveJob(
        alice,
        'component:default/nope',
        idOf('default', STAGING),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("rejects any id on an entity whose annotation names an unconfigured instance, with the annotation's InputError", async () => {
    const { resolver } = setup();
    await expect(
      resolver.resolveJob(
        alice,
        'component:default/misconfigured',
        idOf('elsewhere', STAGING),
      ),
    ).rejects.toBeInstanceOf(InputError);
  });

  it('accepts a branch one segment below a named job without asking Jenkins, then confirms it as the caller', async () => {
    const { resolver, isMultibranch } = setup({ multibranch: true });
    const fullName = `${MULTIBRANCH}/feature%2Ffast-refunds`;
    const job = await resolver.resolveJob(
      alice,
      PAYMENTS,
      idOf('default', fullName),
    );
    // Asking Jenkins is a read of the job: not before the caller is authorized.
    expect(isMultibranch).not.toHaveBeenCalled();
    await resolver.confirmBranch(alice, job);
    expect(job).toMatchObject({
      id: idOf('default', fullName),
      instance: 'default',
      fullName,
      annotatedFullName: MULTIBRANCH,
      branch: 'feature/fast-refunds',
      resource: { jobFullName: fullName, folder: 'payments' },
    });
    expect(isMultibranch).toHaveBeenCalledWith(alice, 'default', MULTIBRANCH);
  });

  it('refuses a branch of a named job that Jenkins says is not multibranch', async () => {
    const { resolver, isMultibranch } = setup({ multibranch: false });
    const job = await resolver.resolveJob(
      alice,
      PAYMENTS,
      idOf('default', `${STAGING}/sneaky`),
    );
    await expect(resolver.confirmBranch(alice, job)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(isMultibranch).toHaveBeenCalledWith(alice, 'default', STAGING);
  });

  it('confirms a job that is not a branch without asking Jenkins', async () => {
    const { resolver, isMultibranch } = setup({ multibranch: false });
    const job = await resolver.resolveJob(
      alice,
      PAYMENTS,
      idOf('default', STAGING),
    );
    await resolver.confirmBranch(alice, job);
    expect(isMultibranch).not.toHaveBeenCalled();
  });

  it('refuses a job two segments below a named job without asking Jenkins', async () => {
    const { resolver, isMultibranch } = setup({ multibranch: true });
    await expect(
      resolver.resolveJob(
        alice,
        PAYMENTS,
        idOf('default', `${MULTIBRANCH}/a/b`),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(isMultibranch).not.toHaveBeenCalled();
  });

  it('refuses a name that merely starts with a named job name', async () => {
    const { resolver, isMultibranch } = setup({ multibranch: true });
    await expect(
      resolver.resolveJob(alice, PAYMENTS, idOf('default', `${STAGING}-evil`)),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(isMultibranch).not.toHaveBeenCalled();
  });

  it.each(['.', '..', '%2E', '%2e%2E'])(
    "refuses '%s' as a branch, which HTTP would resolve to another item",
    async segment => {
      const { resolver, isMultibranch } = setup({ multibranch: true });
      await expect(
        resolver.resolveJob(
          alice,
          PAYMENTS,
          idOf('default', `${MULTIBRANCH}/${segment}`),
        ),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect(isMultibranch).not.toHaveBeenCalled();
    },
  );

  it('refuses an empty branch segment', async () => {
    const { resolver } = setup({ multibranch: true });
    await expect(
      resolver.resolveJob(alice, PAYMENTS, idOf('default', `${MULTIBRANCH}/`)),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps a branch name that is not valid percent-encoding as it is', async () => {
    const { resolver } = setup({ multibranch: true });
    const job = await resolver.resolveJob(
      alice,
      PAYMENTS,
      idOf('default', `${MULTIBRANCH}/100%`),
    );
    expect(job.branch).toBe('100%');
  });

  it("gives a branch its multibranch job's environment", async () => {
    const { resolver } = setup({ multibranch: true });
    const job = await resolver.resolveJob(
      alice,
      PAYMENTS,
      idOf('default', `${PRODUCTION}/main`),
    );
    expect(job.resource.environment).toBe('production');
  });
});

describe('JobResolver.branchOf', () => {
  it('builds a branch of a resolved job without asking the catalog or Jenkins', async () => {
    const { resolver, getEntityByRef, isMultibranch } = setup();
    const parent = await resolver.resolveJob(
      alice,
      PAYMENTS,
      idOf('default', MULTIBRANCH),
    );
    getEntityByRef.mockClear();

    const branch = resolver.branchOf(parent, `${MULTIBRANCH}/release%2F2.x`);

    expect(branch).toEqual({
      id: idOf('default', `${MULTIBRANCH}/release%2F2.x`),
      entityRef: PAYMENTS,
      instance: 'default',
      fullName: `${MULTIBRANCH}/release%2F2.x`,
      annotatedFullName: MULTIBRANCH,
      branch: 'release/2.x',
      kind: 'pipeline',
      resource: {
        entityRef: PAYMENTS,
        instance: 'default',
        jobFullName: `${MULTIBRANCH}/release%2F2.x`,
        environment: null,
        folder: 'payments',
        owners: ['group:default/team-payments'],
        jobOwners: null,
      },
      entity: parent.entity,
    });
    expect(getEntityByRef).not.toHaveBeenCalled();
    expect(isMultibranch).not.toHaveBeenCalled();
  });
});

describe('JobResolver.resourceFor', () => {
  const service = mockCredentials.service('plugin:jenkins');

  it('resolves `<entityRef>|<jobId>` of a named job with the given credentials', async () => {
    const { resolver, getEntityByRef } = setup();
    const job = await resolver.resourceFor(
      service,
      `${PAYMENTS}|${idOf('default', STAGING)}`,
    );
    expect(job?.resource).toEqual({
      entityRef: PAYMENTS,
      instance: 'default',
      jobFullName: STAGING,
      environment: 'staging',
      folder: 'payments',
      owners: ['group:default/team-payments'],
      jobOwners: null,
    });
    expect(getEntityByRef).toHaveBeenCalledWith(PAYMENTS, {
      credentials: service,
    });
  });

  it('gives undefined for a job the entity does not name', async () => {
    const { resolver } = setup();
    await expect(
      resolver.resourceFor(
        service,
        `${PAYMENTS}|${idOf('default', 'platform/nightly-backup')}`,
      ),
    ).resolves.toBeUndefined();
  });

  it('gives undefined for an entity the credentials cannot see', async () => {
    const { resolver } = setup({ hidden: [PAYMENTS] });
    const user = mockCredentials.user('user:default/alice');
    await expect(
      resolver.resourceFor(user, `${PAYMENTS}|${idOf('default', STAGING)}`),
    ).resolves.toBeUndefined();
  });

  it('gives undefined for an entity that does not exist', async () => {
    const { resolver } = setup();
    await expect(
      resolver.resourceFor(
        service,
        `component:default/nope|${idOf('default', STAGING)}`,
      ),
    ).resolves.toBeUndefined();
  });

  it.each([
    ['no separator', `${PAYMENTS}`],
    ['an empty entity ref', `|${idOf('default', STAGING)}`],
    ['a malformed job id', `${PAYMENTS}|abc$def`],
  ])(
    'gives undefined for a malformed resource ref (%s) without asking the catalog',
    async (_case, resourceRef) => {
      const { resolver, getEntityByRef } = setup();
      await expect(
        resolver.resourceFor(service, resourceRef),
      ).resolves.toBeUndefined();
      expect(getEntityByRef).not.toHaveBeenCalled();
    },
  );

  it('splits at the last `|`, as job ids never contain one', async () => {
    const { resolver, getEntityByRef } = setup();
    await resolver.resourceFor(
      service,
      `component:default/a|b|${idOf('default', STAGING)}`,
    );
    expect(getEntityByRef).toHaveBeenCalledWith('component:default/a|b', {
      credentials: service,
    });
  });

  it('gives undefined for a branch id, which only Jenkins asked as a person could confirm', async () => {
    // A made-up child of a plain job (`deploy-staging/main`) must not be
    // described to a policy as if it were a job.
    const { resolver, isMultibranch } = setup({ multibranch: false });
    await expect(
      resolver.resourceFor(
        service,
        `${PAYMENTS}|${idOf('default', `${STAGING}/main`)}`,
      ),
    ).resolves.toBeUndefined();
    await expect(
      resolver.resourceFor(
        service,
        `${PAYMENTS}|${idOf('default', `${MULTIBRANCH}/main`)}`,
      ),
    ).resolves.toBeUndefined();
    expect(isMultibranch).not.toHaveBeenCalled();
  });

  it("throws the annotation's InputError for an entity naming an unconfigured instance", async () => {
    const { resolver } = setup();
    await expect(
      resolver.resourceFor(
        service,
        `component:default/misconfigured|${idOf('elsewhere', STAGING)}`,
      ),
    ).rejects.toBeInstanceOf(InputError);
  });
});

describe('ownersOf', () => {
  it('reads spec.owner as a group ref in the entity namespace by default', () => {
    expect(
      ownersOf({
        ...component('x'),
        metadata: { name: 'x', namespace: 'other' },
        spec: { owner: 'team-a' },
      }),
    ).toEqual(['group:other/team-a']);
  });

  it('keeps the kind and namespace spec.owner names', () => {
    expect(
      ownersOf(component('x', undefined, { owner: 'user:default/bob' })),
    ).toEqual(['user:default/bob']);
  });

  it('adds ownedBy relations once each', () => {
    expect(
      ownersOf({
        ...component('x'),
        relations: [
          { type: RELATION_OWNED_BY, targetRef: 'group:default/team-payments' },
          { type: RELATION_OWNED_BY, targetRef: 'group:default/sre' },
          { type: 'partOf', targetRef: 'system:default/payments' },
        ],
      }),
    ).toEqual(['group:default/team-payments', 'group:default/sre']);
  });

  it('gives no owner for a missing spec.owner', () => {
    expect(ownersOf(component('x', undefined, { owner: undefined }))).toEqual(
      [],
    );
  });

  it('gives no owner for an unparsable spec.owner', () => {
    expect(ownersOf(component('x', undefined, { owner: 'team:' }))).toEqual([]);
  });
});

describe('isMultibranchClass', () => {
  it.each([
    [
      'org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject',
      true,
    ],
    ['com.example.CustomMultiBranchProject', true],
    ['org.jenkinsci.plugins.workflow.job.WorkflowJob', false],
    ['com.cloudbees.hudson.plugins.folder.Folder', false],
    [undefined, false],
  ])('says %p is multibranch: %p', (jenkinsClass, expected) => {
    expect(isMultibranchClass(jenkinsClass)).toBe(expected);
  });
});
