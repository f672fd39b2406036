import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
} from '@backstage/plugin-permission-node';
import {
  jenkinsBuildArtifactsReadPermission,
  jenkinsBuildPausePermission,
  jenkinsBuildReplayEditPermission,
  jenkinsBuildReplayPermission,
  jenkinsBuildRestartPermission,
} from '@internal/plugin-jenkins-common';
import {
  createJenkinsJobConditionalDecision,
  jenkinsJobConditions,
  jobResourceRef,
} from '@internal/plugin-jenkins-node';
import request from 'supertest';
import {
  JenkinsTestBackend,
  jobIdOf,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(30_000);

const NEW_PERMISSIONS = [
  jenkinsBuildRestartPermission,
  jenkinsBuildReplayPermission,
  jenkinsBuildReplayEditPermission,
  jenkinsBuildPausePermission,
  jenkinsBuildArtifactsReadPermission,
];

/** Every new permission: only outside production, by the `jenkins-job` rules. */
class NotInProduction implements PermissionPolicy {
  async handle(query: PolicyQuery): Promise<PolicyDecision> {
    const permission = NEW_PERMISSIONS.find(p =>
      isPermission(query.permission, p),
    );
    if (!permission) {
      return { result: AuthorizeResult.ALLOW };
    }
    return createJenkinsJobConditionalDecision(permission, {
      not: jenkinsJobConditions.isInEnvironment({
        environments: ['production'],
      }),
    });
  }
}

/**
 * The issue-14 permissions are `jenkins-job` resource permissions like the
 * others: registered with the permissions registry, so the rules of
 * `@internal/plugin-jenkins-node` apply to them in conditional decisions,
 * through the real permission backend, for the backend and for any plugin
 * asking by resource ref.
 */
describe('the build control permissions with the real permission backend', () => {
  let env: JenkinsTestBackend;

  beforeAll(async () => {
    env = await startJenkinsTestBackend({ policy: new NotInProduction() });
  });
  afterAll(async () => {
    await env.close();
  });

  it.each(NEW_PERMISSIONS.map(p => [p.name, p] as const))(
    'evaluates environment rules for %s by resource ref',
    async (_, permission) => {
      const ask = (jobFullName: string) =>
        request(env.server)
          .post('/api/permission/authorize')
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/alice'),
          )
          .send({
            items: [
              {
                id: '1',
                permission,
                resourceRef: jobResourceRef(
                  'component:default/payments-service',
                  jobIdOf(jobFullName),
                ),
              },
            ],
          });
      expect((await ask('payments/deploy-staging')).body.items[0].result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect(
        (await ask('payments/deploy-production')).body.items[0].result,
      ).toBe(AuthorizeResult.DENY);
    },
  );

  it('reports the conditional decision as the restart capability of a build', async () => {
    const staging = await env.get(
      `/v1/entities/component/default/payments-service/jobs/${jobIdOf(
        'payments/deploy-staging',
      )}/builds/1/restart`,
    );
    const production = await env.get(
      `/v1/entities/component/default/payments-service/jobs/${jobIdOf(
        'payments/deploy-production',
      )}/builds/1/restart`,
    );
    expect(staging.body.capability).toEqual({ allowed: true });
    expect(production.body.capability).toEqual({
      allowed: false,
      reason:
        'Your permission policy does not allow jenkins.build.restart on payments/deploy-production (production)',
    });
  });
});
