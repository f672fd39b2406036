import { TestDatabases } from '@backstage/backend-test-utils';
import {
  activityPageSchema,
  AuditEntry,
  triggerOperationSchema,
} from '@internal/plugin-jenkins-common';
import { Knex } from 'knex';
import {
  as,
  ENTITY_PATH,
  JenkinsTestBackend,
  jobIdOf,
  jobPath,
  PRODUCTION,
  STAGING,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';
import {
  PENDING_MARGIN_MS,
  requestFingerprint,
} from '../idempotency/IdempotencyService';

jest.setTimeout(60_000);

/**
 * A write whose outcome is unknown is never repeated blindly: a trigger
 * that Jenkins may have carried out (its answer timed out) keeps its
 * Idempotency-Key, and the key's next attempt first looks in Jenkins for the
 * queue item or build carrying the request's `BACKSTAGE_REQUEST_ID`.
 * Jenkins keeps a build's parameters in its ParametersAction, shown by the
 * queue API (`Queue.Item#getActions`, `getParams`) and by the build.
 */

const REQUEST_TIMEOUT_MS = 1500;
const BUILD_POST = /\/job\/payments\/job\/deploy-staging\/buildWithParameters$/;
const body = { parameters: { VERSION: '4.0.0' } };

describe('a trigger whose outcome is unknown', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let knex: Knex;
  let stack: JenkinsTestBackend;

  const trigger = (key: string, user = 'alice') =>
    stack.api
      .post(`${jobPath(STAGING)}/builds`)
      .set(as(user))
      .set('Idempotency-Key', key)
      .send(body);

  /** Items in Jenkins' queue and builds of staging carrying a request id. */
  const jenkinsRunsOf = async (requestId: string) => {
    const carries = (x: any) =>
      (x.actions ?? []).some((a: any) =>
        (a?.parameters ?? []).some(
          (p: any) =>
            p.name === 'BACKSTAGE_REQUEST_ID' && p.value === requestId,
        ),
      );
    const queue = await stack.jenkinsGet(
      '/queue/api/json?tree=items[id,actions[parameters[name,value]]]',
    );
    const job = await stack.jenkinsGet(
      '/job/payments/job/deploy-staging/api/json?tree=builds[number,queueId,actions[parameters[name,value]]]{0,20}',
    );
    return {
      queued: (queue.items as any[]).filter(carries).map(i => i.id),
      builds: (job.builds as any[]).filter(carries).map(b => b.number),
    };
  };

  const buildPosts = () =>
    stack.posts().filter(p => BUILD_POST.test(p.path)).length;

  const auditEntriesOf = async (requestId: string): Promise<AuditEntry[]> => {
    const res = await stack.api
      .get(`${ENTITY_PATH}/activity?limit=100`)
      .set(as('alice'));
    expect(res.status).toBe(200);
    return activityPageSchema
      .parse(res.body)
      .items.filter(i => i.requestId === requestId)
      .reverse();
  };

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    stack = await startJenkinsTestBackend({
      knex,
      timeouts: { requestTimeoutMs: REQUEST_TIMEOUT_MS, cacheTtlSeconds: 0 },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(() => {
    stack.sim.control.reset({ keepRealm: true });
    stack.sim.control.clearRequests();
  });

  it('answers 504 "unknown" when Jenkins queued the build but its answer was lost, and the retry returns that build', async () => {
    stack.sim.control.injectFault({
      path: BUILD_POST.source,
      method: 'POST',
      kind: 'applyThenHang',
      times: 1,
    });
    const first = await trigger('lost-answer');
    expect(first.status).toBe(504);
    expect(first.body.error.name).toBe('WriteOutcomeUnknownError');
    expect(first.body.error.message).toMatch(
      /may or may not have happened.*same Idempotency-Key is safe/,
    );
    const requestId = first.headers['x-request-id'];
    const inJenkins = await jenkinsRunsOf(requestId);
    expect(inJenkins.queued).toHaveLength(1);
    expect(await auditEntriesOf(requestId)).toEqual([
      expect.objectContaining({ outcome: 'unknown', queueId: null }),
    ]);

    const retry = await trigger('lost-answer');
    expect(retry.status).toBe(202);
    expect(retry.headers['x-request-id']).toBe(requestId);
    expect(retry.body).toMatchObject({
      requestId,
      queue: { queueId: inJenkins.queued[0], state: 'waiting' },
    });
    expect(buildPosts()).toBe(1);
    expect(await jenkinsRunsOf(requestId)).toEqual(inJenkins);
    // The first attempt's entry moves to what really happened; the look
    // itself sends nothing and adds no entry.
    expect(await auditEntriesOf(requestId)).toEqual([
      expect.objectContaining({
        outcome: 'success',
        queueId: inJenkins.queued[0],
      }),
    ]);

    const replay = await trigger('lost-answer');
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual(retry.body);
    expect(buildPosts()).toBe(1);
  });

  it('finds the build when the lost item has already started', async () => {
    stack.sim.control.injectFault({
      path: BUILD_POST.source,
      method: 'POST',
      kind: 'applyThenReset',
      times: 1,
    });
    const first = await trigger('lost-then-started');
    expect(first.status).toBe(504);
    const requestId = first.headers['x-request-id'];
    stack.sim.control.advance(10_000);
    const { builds } = await jenkinsRunsOf(requestId);
    expect(builds).toHaveLength(1);

    const retry = await trigger('lost-then-started');
    expect(retry.status).toBe(202);
    expect(retry.body.queue).toMatchObject({
      state: 'started',
      buildNumber: builds[0],
    });
    expect(buildPosts()).toBe(1);
    expect(await auditEntriesOf(requestId)).toEqual([
      expect.objectContaining({ outcome: 'success', buildNumber: builds[0] }),
    ]);
  });

  it('sends the trigger once more, with the same request id, when Jenkins provably never got it', async () => {
    stack.sim.control.injectFault({
      path: BUILD_POST.source,
      method: 'POST',
      kind: 'hang',
      times: 1,
    });
    const first = await trigger('never-arrived');
    expect(first.status).toBe(504);
    const requestId = first.headers['x-request-id'];
    expect(await jenkinsRunsOf(requestId)).toEqual({ queued: [], builds: [] });

    const retry = await trigger('never-arrived');
    expect(retry.status).toBe(202);
    expect(retry.body.requestId).toBe(requestId);
    const inJenkins = await jenkinsRunsOf(requestId);
    expect(inJenkins.queued).toEqual([retry.body.queue.queueId]);
    expect(await auditEntriesOf(requestId)).toEqual([
      expect.objectContaining({
        outcome: 'failure',
        message: expect.stringMatching(/never arrived/),
      }),
      expect.objectContaining({
        outcome: 'success',
        queueId: retry.body.queue.queueId,
      }),
    ]);

    const replay = await trigger('never-arrived');
    expect(replay.body).toEqual(retry.body);
    expect((await jenkinsRunsOf(requestId)).queued).toHaveLength(1);
  });

  describe('a key left pending by a replica that died', () => {
    /** The row a replica leaves when it dies after sending the trigger. */
    const deadHold = async (key: string, requestId: string) => {
      const job = await stack.jenkinsGet(
        '/job/payments/job/deploy-staging/api/json?tree=nextBuildNumber',
      );
      const heldSince =
        Date.now() - REQUEST_TIMEOUT_MS - PENDING_MARGIN_MS - 1000;
      await knex('jenkins_idempotency_keys').insert({
        user_ref: 'user:default/alice',
        idempotency_key: key,
        request_hash: requestFingerprint(
          'trigger',
          triggerOperationSchema.parse({
            entityRef: 'component:default/payments-service',
            jobId: jobIdOf(STAGING),
            ...body,
          }),
        ),
        state: 'pending',
        response_status: null,
        response_body: null,
        created_at_ms: heldSince,
        request_id: requestId,
        attempt_id: 'dead-replica',
        attempt_at_ms: heldSince,
        sent_at_ms: heldSince,
        lookup_mark: JSON.stringify({
          nextBuildNumber: job.nextBuildNumber,
          carriesRequestId: true,
        }),
      });
    };

    it('is taken over after the request timeout plus a margin, finding the build it queued', async () => {
      await deadHold('dead-replica-1', 'request-of-dead-replica');
      // What the dead replica sent, straight to Jenkins.
      const sent = await fetch(
        `${stack.sim.url}/job/payments/job/deploy-staging/buildWithParameters?VERSION=4.0.0&BACKSTAGE_REQUEST_ID=request-of-dead-replica`,
        {
          method: 'POST',
          headers: {
            Authorization: `Basic ${Buffer.from('alice:alice-token').toString(
              'base64',
            )}`,
          },
        },
      );
      expect(sent.status).toBe(201);
      stack.sim.control.clearRequests();

      const retry = await trigger('dead-replica-1');
      expect(retry.status).toBe(202);
      expect(retry.body.requestId).toBe('request-of-dead-replica');
      expect(buildPosts()).toBe(0);
      expect((await jenkinsRunsOf('request-of-dead-replica')).queued).toEqual([
        retry.body.queue.queueId,
      ]);
    });

    it('is taken over and sent when Jenkins has none of it', async () => {
      await deadHold('dead-replica-2', 'request-never-sent');
      const retry = await trigger('dead-replica-2');
      expect(retry.status).toBe(202);
      expect(retry.body.requestId).toBe('request-never-sent');
      expect(buildPosts()).toBe(1);
      expect((await jenkinsRunsOf('request-never-sent')).queued).toEqual([
        retry.body.queue.queueId,
      ]);
    });
  });

  it("answers 404 for another job's queue item, even one of the same entity", async () => {
    const production = await stack.api
      .post(`${jobPath(PRODUCTION)}/builds`)
      .set(as('bob'))
      .send({ parameters: { VERSION: '4.0.0' } });
    expect(production.status).toBe(202);
    const res = await stack.api
      .get(`${jobPath(STAGING)}/queue/${production.body.queue.queueId}`)
      .set(as('alice'));
    expect(res.status).toBe(404);
  });

  it('answers 404 for a queue item whose job Jenkins does not name', async () => {
    const queued = await trigger('no-task-url');
    expect(queued.status).toBe(202);
    const { queueId } = queued.body.queue;
    // A queue item without `task` (as a proxy or plugin might answer).
    stack.sim.control.injectFault({
      path: `^/queue/item/${queueId}/api/json$`,
      kind: 'json',
      body: JSON.stringify({
        _class: 'hudson.model.Queue$WaitingItem',
        id: queueId,
        why: 'In the quiet period',
      }),
    });
    const res = await stack.api
      .get(`${jobPath(STAGING)}/queue/${queueId}`)
      .set(as('alice'));
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/does not belong/);
  });
});
