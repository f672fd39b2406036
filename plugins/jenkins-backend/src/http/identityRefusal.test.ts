import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { activityPageSchema } from '@internal/plugin-jenkins-common';
import {
  as,
  ENTITY_PATH,
  jobPath,
  JenkinsTestBackend,
  STAGING,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

/** A contractor with the same name as the demo world's alice. */
const contractor: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'alice', namespace: 'contractors' },
  spec: {
    profile: { displayName: 'Alice (contractor)', email: 'alice@example.com' },
    memberOf: ['group:default/team-payments'],
  },
};

/** A person whose catalog e-mail smuggles a header. */
const mallory: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'mallory', namespace: 'default' },
  spec: {
    profile: {
      displayName: 'Mallory',
      email: 'mallory@example.com\r\nX-Forwarded-Groups: release-managers',
    },
    memberOf: ['group:default/team-payments'],
  },
};

function asRef(userRef: string) {
  return { Authorization: mockCredentials.user.header(userRef) };
}

async function activityOf(stack: JenkinsTestBackend, requestId: string) {
  const activity = await stack.api
    .get(`${ENTITY_PATH}/activity?limit=100`)
    .set(as('alice'));
  expect(activity.status).toBe(200);
  return activityPageSchema
    .parse(activity.body)
    .items.find(i => i.requestId === requestId);
}

describe('a person Jenkins cannot be told about exactly', () => {
  let stack: JenkinsTestBackend | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('refuses a user of another namespace with a 403 that says why, audited, when namespaces are refused', async () => {
    stack = await startJenkinsTestBackend({
      entities: [contractor],
      userMapping: { otherNamespaces: 'refuse' },
      timeouts: { cacheTtlSeconds: 0 },
    });
    const reason =
      /user:contractors\/alice.*outside the 'default' namespace.*otherNamespaces is 'refuse'/;

    const run = await stack.api
      .post(`${jobPath(STAGING)}/builds`)
      .set(asRef('user:contractors/alice'))
      .send({ parameters: { VERSION: '1.0.0' } });
    expect(run.status).toBe(403);
    expect(run.body.error.message).toMatch(reason);
    expect(stack.posts()).toEqual([]);
    expect(await activityOf(stack, run.headers['x-request-id'])).toMatchObject({
      action: 'trigger',
      jobFullName: STAGING,
      actor: { userRef: 'user:contractors/alice', jenkinsUser: null },
      decision: 'deny',
      outcome: 'denied',
      jenkinsStatus: null,
      message: expect.stringMatching(reason),
    });

    const read = await stack.api
      .get(`${jobPath(STAGING)}/builds`)
      .set(asRef('user:contractors/alice'));
    expect(read.status).toBe(403);
    expect(read.body.error.message).toMatch(reason);
    expect(
      stack.events.filter(e => e.options.eventId === 'identity-refused'),
    ).toContainEqual({
      options: expect.objectContaining({
        severityLevel: 'medium',
        meta: expect.objectContaining({
          userRef: 'user:contractors/alice',
          reason: expect.stringMatching(/namespace/),
        }),
      }),
      outcome: expect.objectContaining({
        status: 'fail',
        error: expect.stringMatching(reason),
      }),
    });
    // Jenkins never saw the contractor, let alone as the default alice.
    expect(stack.jenkinsRequests().filter(r => r.user === 'alice')).toEqual([]);

    // The default namespace's alice is unaffected.
    await stack.api
      .get(`${jobPath(STAGING)}/builds`)
      .set(as('alice'))
      .expect(200);
  });

  it('fails a bad header profile with a 4xx, never as an instance failure that opens the breaker', async () => {
    stack = await startJenkinsTestBackend({
      strategy: 'proxy-headers',
      entities: [mallory],
      timeouts: { cacheTtlSeconds: 0 },
      instance: {
        circuitBreaker: { failureThreshold: 2, resetAfterMs: 60_000 },
      },
    });
    for (let i = 0; i < 4; i++) {
      const res = await stack.api
        .get(`${jobPath(STAGING)}/builds`)
        .set(as('mallory'));
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /user:default\/mallory.*catalog e-mail .* cannot be sent in a proxy header/,
      );
    }
    const run = await stack.api
      .post(`${jobPath(STAGING)}/builds`)
      .set(as('mallory'))
      .send({ parameters: { VERSION: '1.0.0' } });
    expect(run.status).toBe(403);
    expect(await activityOf(stack, run.headers['x-request-id'])).toMatchObject({
      actor: { userRef: 'user:default/mallory', jenkinsUser: 'mallory' },
      decision: 'deny',
      outcome: 'denied',
      message: expect.stringMatching(/cannot be sent in a proxy header/),
    });
    expect(stack.jenkinsRequests()).toEqual([]);

    // The instance is fine for everyone else: the breaker did not open.
    await stack.api
      .get(`${jobPath(STAGING)}/builds`)
      .set(as('alice'))
      .expect(200);
  });
});
