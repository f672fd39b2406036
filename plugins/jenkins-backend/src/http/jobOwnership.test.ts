import { Entity } from '@backstage/catalog-model';
import { jobsResponseSchema } from '@internal/plugin-jenkins-common';
import {
  as,
  jobIdOf,
  JenkinsTestBackend,
  jobPath,
  PRODUCTION,
  STAGING,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

/**
 * "The people a policy governs must not write its facts", over HTTP with the
 * demo policy: owning an entity does not make its owners the owners of every
 * job they annotate on it, and a job name the HTTP stack would resolve to
 * another job is refused. The service-account strategy takes Jenkins out as
 * the second gate (it sees its bot, who may do anything), so only Backstage
 * stands between the request and the job.
 */

const BACKUP = 'platform/nightly-backup';

function component(
  name: string,
  jobs: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'jenkins.io/job-full-name': jobs, ...annotations },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
  };
}

/** A platform engineer, so that the platform group has a member. */
const pat: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'pat', namespace: 'default' },
  spec: { memberOf: ['platform'] },
};

/** team-payments' entity, naming the platform team's nightly backup. */
const TOOLS = '/api/jenkins/v1/entities/component/default/payments-tools';
/** team-payments' entity, naming production through a `..` segment. */
const DOTTED = '/api/jenkins/v1/entities/component/default/payments-dotted';
/** team-payments' entity, declaring its production job to be staging. */
const RELABELLED =
  '/api/jenkins/v1/entities/component/default/payments-relabelled';

describe('job ownership and job names under the demo policy', () => {
  let stack: JenkinsTestBackend;

  const trigger = (user: string, path: string) =>
    stack.api.post(`${path}/builds`).set(as(user)).send({});

  beforeAll(async () => {
    stack = await startJenkinsTestBackend({
      policy: 'demo',
      strategy: 'service-account',
      timeouts: { cacheTtlSeconds: 0 },
      entities: [
        component('payments-tools', `payments/deploy-staging, ${BACKUP}`),
        component('payments-dotted', 'payments/../deploy-production'),
        component('payments-relabelled', PRODUCTION, {
          'jenkins.io/environment': `${PRODUCTION}=staging`,
        }),
        pat,
      ],
      instance: {
        owners: [
          { path: 'payments/**', groups: ['group:default/team-payments'] },
          { path: 'platform/**', groups: ['group:default/platform'] },
        ],
      },
    });
  });

  afterAll(async () => {
    await stack?.close();
  });

  beforeEach(() => {
    stack.sim.control.reset({ keepRealm: true });
    stack.sim.control.clearRequests();
  });

  it("refuses a run of another team's job annotated on an entity the caller owns", async () => {
    const res = await trigger('alice', `${TOOLS}/jobs/${jobIdOf(BACKUP)}`);
    expect(res.status).toBe(403);
    expect(res.body.error.message).not.toMatch(/Jenkins denied/);
    expect(stack.posts()).toEqual([]);
  });

  it('reports that the entity owner may not run the borrowed job', async () => {
    const res = await stack.api.get(`${TOOLS}/jobs`).set(as('alice'));
    expect(res.status).toBe(200);
    const jobs = jobsResponseSchema.parse(res.body).jobs;
    const capabilities = Object.fromEntries(
      jobs.map(job => [job.fullName, job.capabilities.trigger.allowed]),
    );
    expect(capabilities).toEqual({ [STAGING]: true, [BACKUP]: false });
  });

  it("lets the job's owners by config run it, and the entity's owners run their own jobs", async () => {
    const backup = await trigger('pat', `${TOOLS}/jobs/${jobIdOf(BACKUP)}`);
    expect(backup.status).toBe(202);
    const staging = await trigger('alice', jobPath(STAGING));
    expect(staging.status).toBe(202);
    expect(stack.posts().map(p => p.path)).toEqual([
      '/job/platform/job/nightly-backup/build',
      '/job/payments/job/deploy-staging/buildWithParameters',
    ]);
  });

  it('keeps production what config calls production, whatever the entity declares', async () => {
    const job = `${RELABELLED}/jobs/${jobIdOf(PRODUCTION)}`;
    const listed = await stack.api.get(`${RELABELLED}/jobs`).set(as('alice'));
    expect(listed.status).toBe(200);
    expect(jobsResponseSchema.parse(listed.body).jobs).toEqual([
      expect.objectContaining({
        fullName: PRODUCTION,
        environment: 'production',
      }),
    ]);
    const res = await trigger('alice', job);
    expect(res.status).toBe(403);
    expect(stack.posts()).toEqual([]);
  });

  it('refuses a job name with a `..` segment as an invalid annotation, before Jenkins', async () => {
    const res = await trigger(
      'alice',
      `${DOTTED}/jobs/${jobIdOf('payments/../deploy-production')}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ name: 'InputError' });
    expect(res.body.error.message).toContain(
      'component:default/payments-dotted has an invalid jenkins.io/job-full-name annotation',
    );
    expect(res.body.error.message).toContain("'..'");
    expect(stack.posts()).toEqual([]);
  });
});
