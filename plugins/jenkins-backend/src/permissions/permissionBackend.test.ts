import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  jenkinsBuildLogsReadPermission,
  jenkinsJobTriggerPermission,
} from '@internal/plugin-jenkins-common';
import request from 'supertest';
import {
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';
import {
  createJenkinsJobConditionalDecision,
  jenkinsJobConditions,
  jobResourceRef,
} from '@internal/plugin-jenkins-node';

jest.setTimeout(30_000);

/** Owners may run non-production jobs; nobody reads production logs. */
class TestPolicy implements PermissionPolicy {
  async handle(
    request_: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(request_.permission, jenkinsJobTriggerPermission)) {
      return createJenkinsJobConditionalDecision(jenkinsJobTriggerPermission, {
        allOf: [
          jenkinsJobConditions.isEntityOwner({
            claims: user?.info.ownershipEntityRefs ?? [],
          }),
          {
            not: jenkinsJobConditions.isInEnvironment({
              environments: ['production'],
            }),
          },
        ],
      });
    }
    if (isPermission(request_.permission, jenkinsBuildLogsReadPermission)) {
      return createJenkinsJobConditionalDecision(
        jenkinsBuildLogsReadPermission,
        {
          not: jenkinsJobConditions.isInEnvironment({
            environments: ['production'],
          }),
        },
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

describe('with the real permission backend', () => {
  let env: JenkinsTestBackend;

  beforeAll(async () => {
    env = await startJenkinsTestBackend({ policy: new TestPolicy() });
  });
  afterAll(async () => {
    await env.close();
  });

  it("applies the policy's conditions to each job of the list", async () => {
    const alice = await env.get(`${PAYMENTS}/jobs`);
    const carol = await env.get(`${PAYMENTS}/jobs`, 'user:default/carol');

    expect(alice.status).toBe(200);
    const byName = (body: any) =>
      Object.fromEntries(
        body.jobs.map((j: any) => [j.fullName, j.capabilities]),
      );
    expect(byName(alice.body)['payments/deploy-staging'].trigger).toEqual({
      allowed: true,
    });
    expect(byName(alice.body)['payments/deploy-production'].trigger).toEqual({
      allowed: false,
      reason:
        'Your permission policy does not allow jenkins.job.trigger on payments/deploy-production (production)',
    });
    expect(byName(carol.body)['payments/deploy-staging'].trigger.allowed).toBe(
      false,
    );
    expect(
      byName(carol.body)['payments/deploy-production'].readLogs.allowed,
    ).toBe(false);
  });

  it('enforces a conditional denial on the log route', async () => {
    const denied = await env.get(
      `${PAYMENTS}/jobs/${jobIdOf('payments/deploy-production')}/builds/1/log`,
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/jenkins\.build\.logs\.read/);

    const allowed = await env.get(
      `${PAYMENTS}/jobs/${jobIdOf('payments/deploy-staging')}/builds/1/log`,
    );
    expect(allowed.status).toBe(200);
  });

  it('lets other plugins and the frontend ask about a job by resource ref', async () => {
    const ask = (userRef: string, jobFullName: string) =>
      request(env.server)
        .post('/api/permission/authorize')
        .set('Authorization', mockCredentials.user.header(userRef))
        .send({
          items: [
            {
              id: '1',
              permission: jenkinsJobTriggerPermission,
              resourceRef: jobResourceRef(
                'component:default/payments-service',
                jobIdOf(jobFullName),
              ),
            },
          ],
        });

    const staging = await ask('user:default/alice', 'payments/deploy-staging');
    const production = await ask(
      'user:default/alice',
      'payments/deploy-production',
    );
    const notOwner = await ask('user:default/carol', 'payments/deploy-staging');
    const notAnnotated = await ask(
      'user:default/alice',
      'platform/nightly-backup',
    );

    expect(staging.body.items[0].result).toBe(AuthorizeResult.ALLOW);
    expect(production.body.items[0].result).toBe(AuthorizeResult.DENY);
    expect(notOwner.body.items[0].result).toBe(AuthorizeResult.DENY);
    // A job the entity does not name is no resource at all: denied.
    expect(notAnnotated.body.items[0].result).toBe(AuthorizeResult.DENY);
  });
});
