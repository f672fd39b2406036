import {
  jenkinsBuildApprovePermission,
  jenkinsJobReadPermission,
  jenkinsJobTriggerPermission,
} from '@internal/plugin-jenkins-common';
import {
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
  TestPolicy,
} from '../__testUtils__/JenkinsTestBackend';
import {
  createJenkinsJobConditionalDecision,
  jenkinsJobConditions,
} from '@internal/plugin-jenkins-node';

jest.setTimeout(30_000);

const STAGING = jobIdOf('payments/deploy-staging');
const PRODUCTION = jobIdOf('payments/deploy-production');

/** Owners trigger staging; only release managers touch production; logs for owners. */
const demoPolicy: TestPolicy = (permission, userRef) => {
  const owner = jenkinsJobConditions.isEntityOwner({
    claims: ['group:default/team-payments'].filter(
      () => userRef === 'user:default/alice',
    ),
  });
  const production = jenkinsJobConditions.isInEnvironment({
    environments: ['production'],
  });
  switch (permission) {
    case jenkinsJobReadPermission.name:
      return userRef === 'user:default/carol'
        ? createJenkinsJobConditionalDecision(jenkinsJobReadPermission, {
            not: production,
          })
        : 'allow';
    case 'jenkins.build.logs.read':
      return createJenkinsJobConditionalDecision(
        jenkinsJobReadPermission,
        owner,
      );
    case jenkinsJobTriggerPermission.name:
      return createJenkinsJobConditionalDecision(jenkinsJobTriggerPermission, {
        allOf: [owner, { not: production }],
      });
    case jenkinsBuildApprovePermission.name:
      return userRef === 'user:default/bob' ? 'allow' : 'deny';
    default:
      return 'deny';
  }
};

describe('permissions on the read API', () => {
  let env: JenkinsTestBackend;

  beforeEach(async () => {
    env = await startJenkinsTestBackend({ policy: demoPolicy });
  });
  afterEach(async () => {
    await env.close();
  });

  it('evaluates conditional decisions against the job: capabilities with reasons', async () => {
    const res = await env.get(`${PAYMENTS}/jobs`);

    expect(res.status).toBe(200);
    const [, staging, production] = res.body.jobs;
    expect(staging.capabilities.trigger).toEqual({ allowed: true });
    expect(production.capabilities.trigger).toEqual({
      allowed: false,
      reason:
        'Your permission policy does not allow jenkins.job.trigger on payments/deploy-production (production)',
    });
    expect(production.capabilities.approve.allowed).toBe(false);
    expect(production.capabilities.readLogs).toEqual({ allowed: true });
  });

  it('leaves out jobs the caller may not read, and does not ask Jenkins about them', async () => {
    const res = await env.get(`${PAYMENTS}/jobs`, 'user:default/carol');

    expect(res.status).toBe(200);
    expect(res.body.jobs.map((j: { fullName: string }) => j.fullName)).toEqual([
      'payments/payments-service',
      'payments/deploy-staging',
    ]);
    expect(
      env.jenkinsRequests().filter(r => r.path.includes('deploy-production')),
    ).toEqual([]);
  });

  it('answers 403 naming the permission for a denied read, without calling Jenkins', async () => {
    const res = await env.get(
      `${PAYMENTS}/jobs/${PRODUCTION}/builds`,
      'user:default/carol',
    );

    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Your permission policy does not allow jenkins.job.read on payments/deploy-production (production)',
    );
    expect(env.jenkinsRequests()).toEqual([]);
  });

  it('guards logs with jenkins.build.logs.read', async () => {
    const denied = await env.get(
      `${PAYMENTS}/jobs/${STAGING}/builds/40/log`,
      'user:default/bob',
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/jenkins\.build\.logs\.read/);
    expect(env.jenkinsRequests()).toEqual([]);

    const allowed = await env.get(`${PAYMENTS}/jobs/${STAGING}/builds/40/log`);
    expect(allowed.status).toBe(200);
  });

  it('lets a build detail show who may answer its input', async () => {
    const res = await env.get(`${PAYMENTS}/jobs/${STAGING}/builds/40`);
    expect(res.status).toBe(200);
  });
});
