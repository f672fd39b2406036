import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  JenkinsJobResource,
  jenkinsAuditReadPermission,
  jenkinsBuildAbortPermission,
  jenkinsBuildApprovePermission,
  jenkinsBuildLogsReadPermission,
  jenkinsBuildRebuildPermission,
  jenkinsJobReadPermission,
  jenkinsJobTriggerPermission,
} from '@internal/plugin-jenkins-common';
import { jenkinsJobRules } from '@internal/plugin-jenkins-node';
import { JenkinsPermissionPolicy } from './JenkinsPermissionPolicy';
import { readJenkinsPolicyOptions } from './JenkinsPolicyOptions';

const memberships: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-payments'],
  'user:default/bob': ['group:default/release-managers'],
  'user:default/carol': [],
  'user:default/dave': ['group:default/auditors'],
  'user:default/erin': ['group:default/Deployers'],
  'user:default/frank': ['group:default/Platform'],
};

const userInfo = mockServices.userInfo.mock({
  async getUserInfo(credentials) {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return {
      userEntityRef: ref,
      ownershipEntityRefs: [ref, ...(memberships[ref] ?? [])],
    };
  },
});

function job(
  environment: string | null,
  jobOwners: string[] | null = null,
): JenkinsJobResource {
  return {
    entityRef: 'component:default/payments-service',
    instance: 'default',
    jobFullName: `payments/deploy-${environment ?? 'none'}`,
    environment,
    folder: 'payments',
    owners: ['group:default/team-payments'],
    jobOwners,
  };
}

const staging = job('staging');
const production = job('production');

const authorize = createConditionAuthorizer(Object.values(jenkinsJobRules));

function policyFor(config: object = {}) {
  return new JenkinsPermissionPolicy(
    readJenkinsPolicyOptions(new ConfigReader(config)),
    userInfo,
  );
}

async function decide(
  user: string | undefined,
  permission: Parameters<JenkinsPermissionPolicy['handle']>[0]['permission'],
  policy = policyFor(),
): Promise<PolicyDecision> {
  return policy.handle(
    { permission },
    user
      ? {
          credentials: mockCredentials.user(user),
          info: { userEntityRef: user, ownershipEntityRefs: [] },
        }
      : undefined,
  );
}

/** Whether `user` may do `permission` on `resource`, conditions applied. */
async function allowed(
  user: string,
  permission: Parameters<JenkinsPermissionPolicy['handle']>[0]['permission'],
  resource?: JenkinsJobResource,
  policy = policyFor(),
): Promise<boolean> {
  return authorize(await decide(user, permission, policy), resource);
}

describe('JenkinsPermissionPolicy', () => {
  it.each([jenkinsJobReadPermission, jenkinsBuildLogsReadPermission])(
    'lets everyone signed in read jobs and logs (%s)',
    async permission => {
      await expect(decide('user:default/carol', permission)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
      await expect(decide(undefined, permission)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    },
  );

  it.each([
    jenkinsJobTriggerPermission,
    jenkinsBuildRebuildPermission,
    jenkinsBuildAbortPermission,
    jenkinsBuildApprovePermission,
  ])('lets owners act on non-production jobs only (%s)', async permission => {
    await expect(
      allowed('user:default/alice', permission, staging),
    ).resolves.toBe(true);
    await expect(
      allowed('user:default/alice', permission, job(null)),
    ).resolves.toBe(true);
    await expect(
      allowed('user:default/alice', permission, production),
    ).resolves.toBe(false);
    await expect(
      allowed('user:default/carol', permission, staging),
    ).resolves.toBe(false);
  });

  it.each([
    jenkinsJobTriggerPermission,
    jenkinsBuildRebuildPermission,
    jenkinsBuildAbortPermission,
    jenkinsBuildApprovePermission,
  ])(
    'lets only release managers act on production jobs (%s)',
    async permission => {
      await expect(
        allowed('user:default/bob', permission, production),
      ).resolves.toBe(true);
      // not an owner, so not the staging job of someone else's entity
      await expect(
        allowed('user:default/bob', permission, staging),
      ).resolves.toBe(false);
      await expect(
        allowed('user:default/dave', permission, production),
      ).resolves.toBe(false);
    },
  );

  it.each([
    jenkinsJobTriggerPermission,
    jenkinsBuildRebuildPermission,
    jenkinsBuildAbortPermission,
    jenkinsBuildApprovePermission,
  ])(
    "lets the job's configured owners act, not the owners of the entity that annotates it (%s)",
    async permission => {
      // payments-service (owned by team-payments) annotates a job that the
      // Jenkins config says the platform group owns.
      const platformJob: JenkinsJobResource = {
        ...job(null, ['group:default/platform']),
        jobFullName: 'platform/nightly-backup',
        folder: 'platform',
      };
      await expect(
        allowed('user:default/alice', permission, platformJob),
      ).resolves.toBe(false);
      await expect(
        allowed('user:default/bob', permission, platformJob),
      ).resolves.toBe(false);
      // frank (platform) owns the job without owning the entity …
      await expect(
        allowed('user:default/frank', permission, platformJob),
      ).resolves.toBe(true);
      // … and still cannot act on it were it production.
      await expect(
        allowed('user:default/frank', permission, {
          ...platformJob,
          environment: 'production',
        }),
      ).resolves.toBe(false);
    },
  );

  it('lets the entity owners act where config names the same owners for the job', async () => {
    await expect(
      allowed(
        'user:default/alice',
        jenkinsJobTriggerPermission,
        job('staging', ['group:default/team-payments']),
      ),
    ).resolves.toBe(true);
    await expect(
      allowed(
        'user:default/alice',
        jenkinsJobTriggerPermission,
        job('production', ['group:default/team-payments']),
      ),
    ).resolves.toBe(false);
    await expect(
      allowed(
        'user:default/bob',
        jenkinsJobTriggerPermission,
        job('production', ['group:default/team-payments']),
      ),
    ).resolves.toBe(true);
  });

  it('answers job permissions with a conditional decision of the jenkins plugin', async () => {
    const decision = await decide(
      'user:default/alice',
      jenkinsJobTriggerPermission,
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'jenkins',
      resourceType: 'jenkins-job',
    });
  });

  it('lets only auditors read the audit trail', async () => {
    await expect(
      decide('user:default/dave', jenkinsAuditReadPermission),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      decide('user:default/alice', jenkinsAuditReadPermission),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      decide('user:default/bob', jenkinsAuditReadPermission),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('leaves everything else in Backstage allowed', async () => {
    const catalogRead = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
    });
    await expect(decide('user:default/carol', catalogRead)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('denies Jenkins permissions it does not know', async () => {
    const unknown = createPermission({
      name: 'jenkins.something.new',
      attributes: {},
    });
    await expect(decide('user:default/bob', unknown)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  describe('denyProductionWritesThroughActions', () => {
    const via = (
      resource: JenkinsJobResource,
      how: JenkinsJobResource['via'],
    ): JenkinsJobResource => ({ ...resource, via: how });
    const strict = policyFor({
      jenkinsPolicy: { denyProductionWritesThroughActions: true },
    });

    it('is off by default: a release manager deploys production through an assistant', async () => {
      await expect(
        allowed(
          'user:default/bob',
          jenkinsJobTriggerPermission,
          via(production, 'action'),
        ),
      ).resolves.toBe(true);
    });

    it.each([
      jenkinsJobTriggerPermission,
      jenkinsBuildRebuildPermission,
      jenkinsBuildAbortPermission,
      jenkinsBuildApprovePermission,
    ])(
      'on, refuses %s on production through the actions registry, not in the portal',
      async permission => {
        await expect(
          allowed(
            'user:default/bob',
            permission,
            via(production, 'action'),
            strict,
          ),
        ).resolves.toBe(false);
        await expect(
          allowed(
            'user:default/bob',
            permission,
            via(production, 'http'),
            strict,
          ),
        ).resolves.toBe(true);
      },
    );

    it('on, still lets owners act on staging through the actions registry', async () => {
      await expect(
        allowed(
          'user:default/alice',
          jenkinsJobTriggerPermission,
          via(staging, 'action'),
          strict,
        ),
      ).resolves.toBe(true);
    });

    it('on, never lets more through than without it', async () => {
      await expect(
        allowed(
          'user:default/alice',
          jenkinsJobTriggerPermission,
          via(production, 'http'),
          strict,
        ),
      ).resolves.toBe(false);
    });
  });

  it('takes groups and environments from config', async () => {
    const policy = policyFor({
      jenkinsPolicy: {
        releaseManagerGroups: ['deployers'],
        auditorGroups: ['group:default/team-payments'],
        productionEnvironments: ['Live'],
      },
    });
    const live = job('live');
    await expect(
      allowed('user:default/erin', jenkinsJobTriggerPermission, live, policy),
    ).resolves.toBe(true);
    await expect(
      allowed('user:default/bob', jenkinsJobTriggerPermission, live, policy),
    ).resolves.toBe(false);
    await expect(
      allowed('user:default/alice', jenkinsJobTriggerPermission, live, policy),
    ).resolves.toBe(false);
    // "production" is not production any more under this config
    await expect(
      allowed(
        'user:default/alice',
        jenkinsJobTriggerPermission,
        production,
        policy,
      ),
    ).resolves.toBe(true);
    await expect(
      allowed(
        'user:default/alice',
        jenkinsAuditReadPermission,
        undefined,
        policy,
      ),
    ).resolves.toBe(true);
  });
});

describe('JenkinsPermissionPolicy separation of duties', () => {
  const built = (
    resource: JenkinsJobResource,
    startedBy: string | null,
  ): JenkinsJobResource => ({
    ...resource,
    build: {
      number: 42,
      startedBy,
      startedBySource: startedBy ? 'audit' : 'unknown',
      parameterNames: ['VERSION'],
      environment: resource.environment,
    },
  });
  const dana = 'user:default/dana';
  memberships[dana] = ['group:default/release-managers'];

  it('refuses the release manager who started a production build its approval', async () => {
    await expect(
      allowed(
        'user:default/bob',
        jenkinsBuildApprovePermission,
        built(production, 'user:default/bob'),
      ),
    ).resolves.toBe(false);
    await expect(
      allowed(
        dana,
        jenkinsBuildApprovePermission,
        built(production, 'user:default/bob'),
      ),
    ).resolves.toBe(true);
  });

  it('keeps other writes on production builds to release managers, starter or not', async () => {
    await expect(
      allowed(
        'user:default/bob',
        jenkinsBuildAbortPermission,
        built(production, 'user:default/bob'),
      ),
    ).resolves.toBe(true);
  });

  it('refuses approving a production build whose starter is unknown, unless configured', async () => {
    await expect(
      allowed(dana, jenkinsBuildApprovePermission, built(production, null)),
    ).resolves.toBe(false);
    await expect(
      allowed(
        dana,
        jenkinsBuildApprovePermission,
        built(production, null),
        policyFor({
          jenkinsPolicy: { production: { allowUnknownStarter: true } },
        }),
      ),
    ).resolves.toBe(true);
  });

  it('lets the starter approve when separateApprover is off', async () => {
    await expect(
      allowed(
        'user:default/bob',
        jenkinsBuildApprovePermission,
        built(production, 'user:default/bob'),
        policyFor({
          jenkinsPolicy: { production: { separateApprover: false } },
        }),
      ),
    ).resolves.toBe(true);
  });

  it('leaves owners their own non-production approvals', async () => {
    await expect(
      allowed(
        'user:default/alice',
        jenkinsBuildApprovePermission,
        built(staging, 'user:default/alice'),
      ),
    ).resolves.toBe(true);
  });
});
