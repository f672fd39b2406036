import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { encodeJobId } from '@internal/plugin-jenkins-common';
import express from 'express';
import request from 'supertest';
import { IdempotencyKeyReusedError } from '../idempotency/IdempotencyErrors';
import { JenkinsServices } from '../services/createJenkinsServices';
import { createRouter } from './createRouter';

const jobId = encodeJobId('default', 'payments/deploy-staging');
const base = `/v1/entities/component/default/payments-service/jobs/${jobId}`;
const alice = mockCredentials.user.header('user:default/alice');

async function setup() {
  const writes = {
    trigger: jest.fn(async (_c, _op, ctx) => ({
      requestId: ctx.requestId,
      queue: {
        queueId: 7,
        state: 'waiting',
        why: 'In the quiet period',
        buildNumber: null,
        buildUrl: null,
      },
    })),
    rebuild: jest.fn(),
    abort: jest.fn(),
    cancel: jest.fn(),
    answerInput: jest.fn(),
    queueState: jest.fn(),
  };
  const idempotency = {
    run: jest.fn(async (scope, fn) => ({
      ...(await fn({ requestId: scope.requestId, beforeSend: async () => {} })),
      replayed: false,
      requestId: scope.requestId,
    })),
  };
  const auditReads = { activity: jest.fn(), export: jest.fn(async () => []) };
  const callerFor = async (credentials: any, via: string) => ({
    userRef: credentials.principal.userEntityRef,
    ownershipRefs: [],
    credentials,
    via,
  });
  const callers = {
    callerFor,
    personFor: async (credentials: any, via: string) => {
      if (credentials.principal.type !== 'user') {
        throw new NotAllowedError('Jenkins builds are run as a person');
      }
      return callerFor(credentials, via);
    },
  };
  const router = createRouter({
    callers,
    writes,
    idempotency,
    auditReads,
    httpAuth: mockServices.httpAuth({
      pluginId: 'jenkins',
      defaultCredentials: mockCredentials.none(),
    }),
  } as unknown as JenkinsServices & { httpAuth: any });
  const app = express()
    .use(router)
    .use(
      MiddlewareFactory.create({
        config: new ConfigReader({}),
        logger: mockServices.logger.mock(),
      }).error(),
    );
  return { app, writes, idempotency, auditReads };
}

describe('the write routes', () => {
  it('answers a trigger with 202 and the request id', async () => {
    const { app, writes } = await setup();
    const res = await request(app)
      .post(`${base}/builds`)
      .set('Authorization', alice)
      .send({ parameters: { VERSION: '1.0.0' } });
    expect(res.status).toBe(202);
    expect(res.headers['x-request-id']).toBe(res.body.requestId);
    expect(writes.trigger).toHaveBeenCalledWith(
      expect.objectContaining({ userRef: 'user:default/alice', via: 'http' }),
      {
        entityRef: 'component:default/payments-service',
        jobId,
        parameters: { VERSION: '1.0.0' },
      },
      expect.objectContaining({ requestId: res.body.requestId }),
    );
  });

  it.each([
    ['an unknown body field', `${base}/builds`, { parameter: {} }, /body/],
    [
      'a bad job id',
      '/v1/entities/component/default/x/jobs/a%2Fb/builds',
      {},
      /jobId/,
    ],
    ['a bad build number', `${base}/builds/abc/abort`, {}, /number/],
    [
      'a bad input action',
      `${base}/builds/3/inputs/Promote`,
      { action: 'ok' },
      /action/,
    ],
    ['a body on abort', `${base}/builds/3/abort`, { force: true }, /body/],
  ])(
    'refuses %s with 400 before any service call',
    async (_, path, body, message) => {
      const { app, writes } = await setup();
      const res = await request(app)
        .post(path)
        .set('Authorization', alice)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(
        Object.values(writes).every(fn => fn.mock.calls.length === 0),
      ).toBe(true);
    },
  );

  it('refuses an invalid Idempotency-Key with 400', async () => {
    const { app, writes } = await setup();
    const res = await request(app)
      .post(`${base}/builds`)
      .set('Authorization', alice)
      .set('Idempotency-Key', 'has spaces in it')
      .send({});
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/Idempotency-Key/);
    expect(writes.trigger).not.toHaveBeenCalled();
  });

  it('refuses writes without a signed-in user', async () => {
    const { app, writes } = await setup();
    const anonymous = await request(app).post(`${base}/builds`).send({});
    expect(anonymous.status).toBe(401);
    const service = await request(app)
      .post(`${base}/builds`)
      .set('Authorization', mockCredentials.service.header())
      .send({});
    expect(service.status).toBe(403);
    expect(writes.trigger).not.toHaveBeenCalled();
  });

  it('maps a reused key to 422, a wrong state to 409 and a denial to 403', async () => {
    const { app, writes, idempotency } = await setup();
    idempotency.run.mockRejectedValueOnce(
      new IdempotencyKeyReusedError('different request'),
    );
    const reused = await request(app)
      .post(`${base}/builds`)
      .set('Authorization', alice)
      .set('Idempotency-Key', 'k1')
      .send({});
    expect(reused.status).toBe(422);
    expect(reused.body.error.name).toBe('IdempotencyKeyReusedError');

    writes.abort.mockRejectedValueOnce(new ConflictError('already finished'));
    const conflict = await request(app)
      .post(`${base}/builds/3/abort`)
      .set('Authorization', alice);
    expect(conflict.status).toBe(409);
    expect(conflict.headers['x-request-id']).toEqual(expect.any(String));

    writes.cancel.mockRejectedValueOnce(
      new NotAllowedError(
        'Your permission policy does not allow jenkins.build.abort',
      ),
    );
    const denied = await request(app)
      .post(`${base}/queue/5/cancel`)
      .set('Authorization', alice);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('jenkins.build.abort');
  });

  it('passes the key, the user and a fingerprint of the request to the idempotency service', async () => {
    const { app, idempotency } = await setup();
    await request(app)
      .post(`${base}/builds`)
      .set('Authorization', alice)
      .set('Idempotency-Key', 'k2')
      .send({ parameters: { VERSION: '1' } });
    expect(idempotency.run).toHaveBeenCalledWith(
      {
        userRef: 'user:default/alice',
        key: 'k2',
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        requestId: expect.any(String),
      },
      expect.any(Function),
    );
  });

  it('serves the audit export with the format content type and a download name', async () => {
    const { app, auditReads } = await setup();
    const res = await request(app)
      .get('/v1/audit?format=ndjson&from=2026-11-28T00:00:00Z&actor=alice')
      .set('Authorization', alice);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/x-ndjson; charset=utf-8',
    );
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="jenkins-audit.ndjson"',
    );
    expect(auditReads.export).toHaveBeenCalledWith(expect.anything(), {
      fromMs: Date.parse('2026-11-28T00:00:00Z'),
      toMs: undefined,
      actor: 'alice',
      limit: 10000,
    });
    const bad = await request(app)
      .get('/v1/audit?format=xml')
      .set('Authorization', alice);
    expect(bad.status).toBe(400);
  });
});
