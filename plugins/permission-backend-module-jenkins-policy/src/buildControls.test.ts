import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  JenkinsJobResource,
  jenkinsBuildArtifactsReadPermission,
  jenkinsBuildPausePermission,
  jenkinsBuildReplayEditPermission,
  jenkinsBuildReplayPermission,
  jenkinsBuildRestartPermission,
} from '@internal/plugin-jenkins-common';
import { jenkinsJobRules } from '@internal/plugin-jenkins-node';
import { JenkinsPermissionPolicy } from './JenkinsPermissionPolicy';
import { readJenkinsPolicyOptions } from './JenkinsPolicyOptions';

/**
 * The demo policy on the build views' permissions (issue 14): restart,
 * rerun/replay and pause follow the write rules (owners on staging, release
 * managers on production); an edited script is refused on production by
 * default, for release managers too; artifacts are for everyone signed in.
 */
const memberships: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-payments'],
  'user:default/bob': ['group:default/release-managers'],
  'user:default/carol': [],
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

function job(environment: string): JenkinsJobResource {
  return {
    entityRef: 'component:default/payments-service',
    instance: 'default',
    jobFullName: `payments/deploy-${environment}`,
    environment,
    folder: 'payments',
    owners: ['group:default/team-payments'],
    jobOwners: null,
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

async function allowed(
  user: string,
  permission: Parameters<JenkinsPermissionPolicy['handle']>[0]['permission'],
  resource: JenkinsJobResource,
  policy = policyFor(),
): Promise<boolean> {
  const decision = await policy.handle(
    { permission },
    {
      credentials: mockCredentials.user(user),
      info: { userEntityRef: user, ownershipEntityRefs: [] },
    },
  );
  return authorize(decision, resource);
}

describe('the demo policy on restart, replay, pause and artifacts', () => {
  it.each(
    [
      jenkinsBuildRestartPermission,
      jenkinsBuildReplayPermission,
      jenkinsBuildPausePermission,
    ].map(p => [p.name, p] as const),
  )('%s: owners on staging, release managers on production', async (_, p) => {
    await expect(allowed('user:default/alice', p, staging)).resolves.toBe(true);
    await expect(allowed('user:default/alice', p, production)).resolves.toBe(
      false,
    );
    await expect(allowed('user:default/bob', p, production)).resolves.toBe(
      true,
    );
    await expect(allowed('user:default/carol', p, staging)).resolves.toBe(
      false,
    );
  });

  it('lets owners replay an edited script on staging', async () => {
    await expect(
      allowed('user:default/alice', jenkinsBuildReplayEditPermission, staging),
    ).resolves.toBe(true);
    await expect(
      allowed('user:default/carol', jenkinsBuildReplayEditPermission, staging),
    ).resolves.toBe(false);
  });

  it('refuses an edited script on production by default, even to release managers, who may still rerun', async () => {
    await expect(
      allowed('user:default/bob', jenkinsBuildReplayEditPermission, production),
    ).resolves.toBe(false);
    await expect(
      allowed('user:default/bob', jenkinsBuildReplayPermission, production),
    ).resolves.toBe(true);
  });

  it('allows edited production replays to release managers when config lists no environment', async () => {
    const open = policyFor({ jenkinsPolicy: { denyEditedReplayIn: [] } });
    await expect(
      allowed(
        'user:default/bob',
        jenkinsBuildReplayEditPermission,
        production,
        open,
      ),
    ).resolves.toBe(true);
    await expect(
      allowed(
        'user:default/alice',
        jenkinsBuildReplayEditPermission,
        production,
        open,
      ),
    ).resolves.toBe(false);
  });

  it('denies edited replays in the environments config names', async () => {
    const strict = policyFor({
      jenkinsPolicy: { denyEditedReplayIn: ['staging', 'production'] },
    });
    await expect(
      allowed(
        'user:default/alice',
        jenkinsBuildReplayEditPermission,
        staging,
        strict,
      ),
    ).resolves.toBe(false);
  });

  it('lets everyone signed in download artifacts', async () => {
    await expect(
      policyFor().handle(
        { permission: jenkinsBuildArtifactsReadPermission },
        {
          credentials: mockCredentials.user('user:default/carol'),
          info: {
            userEntityRef: 'user:default/carol',
            ownershipEntityRefs: [],
          },
        },
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
