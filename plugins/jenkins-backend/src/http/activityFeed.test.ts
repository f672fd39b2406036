import { Entity } from '@backstage/catalog-model';
import { AuditEntry } from '@internal/plugin-jenkins-common';
import {
  as,
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
  STAGING,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

/**
 * Write attempts are audited under the entity's canonical ref (Backstage's
 * `stringifyEntityRef`: kind, namespace and name lower case), so a probe is
 * found in the activity of the entity it was aimed at however it was
 * spelled. Attempts against an entity their author could not find are
 * recorded too, but stay out of every entity's activity: someone who cannot
 * see an entity cannot fill its feed.
 */
describe('the activity feed', () => {
  let env: JenkinsTestBackend;
  const FEED = `${PAYMENTS}/activity?limit=50`;

  const docsSite: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'docs-site', namespace: 'default' },
    spec: { type: 'website', lifecycle: 'production', owner: 'team-payments' },
  };

  beforeAll(async () => {
    env = await startJenkinsTestBackend({
      strategy: 'service-account',
      entities: [docsSite],
      hiddenFrom: {
        'user:default/mallory': ['component:default/payments-service'],
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  let keys = 0;
  function trigger(entityPath: string, jobId: string, user: string) {
    return env.api
      .post(`/api/jenkins/v1/entities/${entityPath}/jobs/${jobId}/builds`)
      .set(as(user))
      .set('Idempotency-Key', `activity-${++keys}`)
      .send({});
  }

  async function feed(): Promise<AuditEntry[]> {
    const res = await env.get(FEED);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  async function exported(): Promise<AuditEntry[]> {
    const res = await env.api
      .get('/api/jenkins/v1/audit?format=json&limit=1000')
      .set(as('alice'));
    expect(res.status).toBe(200);
    return res.body.items;
  }

  it('shows a probe made through another spelling of the entity ref under its canonical ref', async () => {
    const res = await trigger(
      'Component/Default/Payments-Service',
      jobIdOf('payments/not-declared'),
      'alice',
    );
    expect(res.status).toBe(404);
    const probe = (await feed()).find(
      e => e.jobFullName === 'payments/not-declared',
    );
    expect(probe).toMatchObject({
      entityRef: 'component:default/payments-service',
      actor: { userRef: 'user:default/alice' },
      decision: 'deny',
      outcome: 'failure',
    });
    expect(probe).not.toHaveProperty('entityFound');
  });

  it('keeps attempts against an entity their author cannot see out of its activity, but on record', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await trigger(
        'component/default/payments-service',
        jobIdOf(STAGING),
        'mallory',
      );
      expect(res.status).toBe(404);
    }
    const ghost = await trigger(
      'Component/Default/Ghost',
      jobIdOf(STAGING),
      'mallory',
    );
    expect(ghost.status).toBe(404);

    expect(
      (await feed()).filter(e => e.actor.userRef === 'user:default/mallory'),
    ).toEqual([]);
    const malloryRows = (await exported()).filter(
      e => e.actor.userRef === 'user:default/mallory',
    );
    expect(malloryRows.map(e => [e.entityRef, e.entityFound])).toEqual([
      ...Array(5).fill(['component:default/payments-service', false]),
      ['component:default/ghost', false],
    ]);
    expect(env.jenkinsRequests().filter(r => r.method === 'POST')).toEqual([]);
  });

  it('is an empty list, not a refusal, for an entity without Jenkins jobs', async () => {
    const res = await env.get(
      '/v1/entities/component/default/docs-site/activity',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });
});
