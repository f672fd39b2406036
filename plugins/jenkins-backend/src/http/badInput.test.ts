import { TestDatabases } from '@backstage/backend-test-utils';
import {
  encodeJobId,
  MAX_JOB_FULL_NAME_LENGTH,
} from '@internal/plugin-jenkins-common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  as,
  ENTITY_PATH,
  JenkinsTestBackend,
  jobIdOf,
  jobPath,
  STAGING,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(60_000);

/**
 * Bad input gets a clear 4xx, and reaches neither the catalog nor Jenkins.
 */

/** Sends `path` as is, without a client resolving `.` and `..` segments. */
function rawRequest(
  stack: JenkinsTestBackend,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: any }> {
  const { port } = stack.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, headers },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          text += chunk;
        });
        res.on('end', () => {
          let parsed: any;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode!, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('bad input', () => {
  let stack: JenkinsTestBackend;
  let catalogBefore: number;

  beforeAll(async () => {
    stack = await startJenkinsTestBackend({ policy: 'allow-all' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(() => {
    stack.sim.control.clearRequests();
    catalogBefore = stack.catalogRequests().length;
  });

  /**
   * Neither the catalog nor Jenkins heard of the request: the catalog was
   * asked for nothing but, maybe, the caller's own user entity.
   */
  function expectNothingReached() {
    expect(
      stack
        .catalogRequests()
        .slice(catalogBefore)
        .filter(r => !r.endsWith('/by-name/user/default/alice')),
    ).toEqual([]);
    expect(stack.jenkinsRequests()).toEqual([]);
  }

  const alice = as('alice');
  const jobId = jobIdOf(STAGING);

  describe('entity path segments made of dots', () => {
    const entity = (namespace: string, name: string) =>
      `/api/jenkins/v1/entities/component/${namespace}/${name}`;

    it.each([
      [
        'name %2E%2E',
        entity('default', '%2E%2E'),
        /'name': must be an entity name, not "\." or "\.\."/,
      ],
      [
        'name %2e',
        entity('default', '%2e'),
        /'name': must be an entity name, not/,
      ],
      [
        'namespace %2E%2E',
        entity('%2E%2E', 'payments-service'),
        /'namespace': must be an entity namespace, not/,
      ],
      [
        'namespace %2e',
        entity('%2e', 'payments-service'),
        /'namespace': must be an entity namespace, not/,
      ],
    ])('refuses a percent-encoded %s with 400', async (_, base, rule) => {
      const write = await stack.api
        .post(`${base}/jobs/${jobId}/builds`)
        .set(alice)
        .send({});
      expect(write.status).toBe(400);
      expect(write.body.error.message).toMatch(rule);
      const read = await stack.api.get(`${base}/jobs`).set(alice);
      expect(read.status).toBe(400);
      expect(read.body.error.message).toMatch(rule);
      const activity = await stack.api.get(`${base}/activity`).set(alice);
      expect(activity.status).toBe(400);
      expectNothingReached();
    });

    it.each([
      ['name ..', entity('default', '..')],
      ['name .', entity('default', '.')],
      ['namespace ..', entity('..', 'payments-service')],
      ['namespace .', entity('.', 'payments-service')],
    ])(
      'refuses a raw %s, as sent without normalising, with 4xx',
      async (_, base) => {
        const write = await rawRequest(
          stack,
          'POST',
          `${base}/jobs/${jobId}/builds`,
          { ...alice, 'Content-Type': 'application/json' },
          '{}',
        );
        // Express does not resolve dot segments: the route sees them as
        // the name or namespace, and the schema refuses them.
        expect(write.status).toBe(400);
        expect(write.body.error.message).toMatch(/not "\." or "\.\."/);
        const read = await rawRequest(stack, 'GET', `${base}/jobs`, alice);
        expect(read.status).toBe(400);
        expectNothingReached();
      },
    );
  });

  describe('numbers that are not canonical decimals', () => {
    it.each(['0x1', '1e0', '%201', '0b1', '1e21', '01', '%2B1'])(
      'refuses build number %s and queue id %s with 400',
      async text => {
        for (const [path, rule] of [
          [
            `${jobPath(STAGING)}/builds/${text}/abort`,
            'must be a build number',
          ],
          [
            `${jobPath(STAGING)}/builds/${text}/rebuild`,
            'must be a build number',
          ],
          [`${jobPath(STAGING)}/queue/${text}/cancel`, 'must be a queue id'],
        ]) {
          const res = await stack.api.post(path).set(alice).send({});
          expect(res.status).toBe(400);
          expect(res.body.error.message).toMatch(rule);
        }
        for (const path of [
          `${jobPath(STAGING)}/builds/${text}`,
          `${jobPath(STAGING)}/builds/${text}/log`,
          `${jobPath(STAGING)}/queue/${text}`,
          `${jobPath(STAGING)}/builds?limit=${text}`,
          `${jobPath(STAGING)}/builds/1/log?start=${text}`,
          `${ENTITY_PATH}/activity?limit=${text}`,
        ]) {
          const res = await stack.api.get(path).set(alice);
          expect([path, res.status]).toEqual([path, 400]);
        }
        expectNothingReached();
      },
    );
  });

  describe('write bodies that are not JSON', () => {
    const writes = [
      `${jobPath(STAGING)}/builds`,
      `${jobPath(STAGING)}/builds/1/rebuild`,
      `${jobPath(STAGING)}/builds/1/abort`,
      `${jobPath(STAGING)}/queue/1/cancel`,
      `${jobPath(STAGING)}/builds/1/inputs/Promote`,
    ];

    it.each(writes)('answers 415 to text/plain and forms on %s', async path => {
      const text = await stack.api
        .post(path)
        .set(alice)
        .set('Content-Type', 'text/plain')
        .send('{"parameters":{"VERSION":"9.9.9"}}');
      expect(text.status).toBe(415);
      expect(text.body.error.message).toMatch(
        /must be JSON \(Content-Type: application\/json\), not text\/plain/,
      );
      const form = await stack.api
        .post(path)
        .set(alice)
        .type('form')
        .send({ action: 'approve' });
      expect(form.status).toBe(415);
      const noType = await rawRequest(stack, 'POST', path, alice, '{}');
      expect(noType.status).toBe(415);
      expectNothingReached();
    });

    it('still takes a write without a body or with a JSON body', async () => {
      // No Content-Type, no body: Node sends Content-Length: 0.
      const empty = await rawRequest(
        stack,
        'POST',
        `${jobPath(STAGING)}/queue/999999/cancel`,
        alice,
      );
      expect(empty.status).not.toBe(415);
      expect(empty.status).not.toBe(400);
      const json = await stack.api
        .post(`${jobPath(STAGING)}/queue/999999/cancel`)
        .set(alice)
        .set('Content-Type', 'application/json; charset=utf-8')
        .send('{}');
      expect(json.status).not.toBe(415);
      expect(json.status).not.toBe(400);
    });
  });

  describe('parameter names of the object prototype', () => {
    it.each(['__proto__', 'constructor', 'prototype'])(
      'refuses %s with 400 instead of dropping it',
      async name => {
        const body = `{"parameters":{"${name}":"x"}}`;
        const trigger = await stack.api
          .post(`${jobPath(STAGING)}/builds`)
          .set(alice)
          .type('json')
          .send(body);
        expect(trigger.status).toBe(400);
        expect(trigger.body.error.message).toBe(
          `Invalid body field 'parameters.${name}': must be a parameter name, not __proto__, constructor or prototype`,
        );
        const action = await stack.api
          .post(
            '/api/jenkins/.backstage/actions/v2/actions/jenkins:run-job/invoke',
          )
          .set(alice)
          .type('json')
          .send(
            `{"input":{"entityRef":"component:default/payments-service","jobFullName":"${STAGING}","parameters":{"${name}":"x"}}}`,
          );
        expect(action.status).toBe(400);
        expect(JSON.stringify(action.body.error)).toMatch(
          /must be a parameter name, not __proto__, constructor or prototype/,
        );
        expect(stack.posts()).toEqual([]);
      },
    );
  });

  describe('values longer than the audit trail stores', () => {
    it.each([
      ['a kind', `/api/jenkins/v1/entities/${'k'.repeat(64)}/default/x`],
      ['a namespace', `/api/jenkins/v1/entities/component/${'n'.repeat(64)}/x`],
      [
        'a name',
        `/api/jenkins/v1/entities/component/default/${'m'.repeat(128)}`,
      ],
    ])('refuses %s one over its bound with 400', async (_, base) => {
      const res = await stack.api
        .post(`${base}/jobs/${jobId}/builds`)
        .set(alice)
        .send({});
      expect(res.status).toBe(400);
      expectNothingReached();
    });

    it('refuses a job id decoding to a full name one over its bound with 400', async () => {
      const fullName = `f/${'j'.repeat(MAX_JOB_FULL_NAME_LENGTH - 1)}`;
      const res = await stack.api
        .post(`${ENTITY_PATH}/jobs/${encodeJobId('default', fullName)}/builds`)
        .set(alice)
        .send({});
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/must be a job id/);
      const raw = await stack.api
        .post(
          `${ENTITY_PATH}/jobs/${'A'.repeat(
            MAX_JOB_FULL_NAME_LENGTH + 1,
          )}/builds`,
        )
        .set(alice)
        .send({});
      expect(raw.status).toBe(400);
      expectNothingReached();
    });
  });
});

describe('the longest values the schemas allow are audited', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'records an attempt with the longest entity ref and job on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const stack = await startJenkinsTestBackend({
        policy: 'allow-all',
        knex,
      });
      try {
        const [kind, namespace, name] = [
          `K${'k'.repeat(62)}`,
          'n'.repeat(63),
          'm'.repeat(127),
        ];
        const fullName = `f/${'j'.repeat(MAX_JOB_FULL_NAME_LENGTH - 2)}`;
        const undecodable = 'A'.repeat(MAX_JOB_FULL_NAME_LENGTH);
        for (const id of [encodeJobId('default', fullName), undecodable]) {
          const res = await stack.api
            .post(
              `/api/jenkins/v1/entities/${kind}/${namespace}/${name}/jobs/${id}/builds`,
            )
            .set(as('alice'))
            .send({});
          // No such entity: refused, but on record, and not a failed insert.
          expect(res.status).toBeLessThan(500);
          expect(res.status).toBeGreaterThanOrEqual(400);
        }
        const rows = await knex('jenkins_audit_entries').select(
          'entity_ref',
          'instance',
          'job_full_name',
          'decision',
        );
        const entityRef = `${kind}:${namespace}/${name}`.toLocaleLowerCase(
          'en-US',
        );
        expect(entityRef).toHaveLength(255);
        expect(rows).toEqual(
          expect.arrayContaining([
            {
              entity_ref: entityRef,
              instance: 'default',
              job_full_name: fullName,
              decision: 'deny',
            },
            {
              entity_ref: entityRef,
              instance: 'unknown',
              job_full_name: undecodable,
              decision: 'deny',
            },
          ]),
        );
        expect(stack.posts()).toEqual([]);
      } finally {
        await stack.stop();
      }
    },
  );
});
