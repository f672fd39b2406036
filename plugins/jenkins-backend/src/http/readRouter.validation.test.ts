import request from 'supertest';
import {
  JenkinsTestBackend,
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';

jest.setTimeout(30_000);

const STAGING = jobIdOf('payments/deploy-staging');

describe('the read API with bad input', () => {
  let env: JenkinsTestBackend;

  beforeAll(async () => {
    env = await startJenkinsTestBackend();
  });
  afterAll(async () => {
    await env.close();
  });
  beforeEach(() => env.sim.control.clearRequests());

  it.each([
    [
      'a kind that is no entity kind',
      '/v1/entities/9lives/default/x/jobs',
      "path field 'kind'",
    ],
    [
      'a namespace with a slash-like character',
      '/v1/entities/component/de%20fault/x/jobs',
      "path field 'namespace'",
    ],
    [
      'a job id that is not URL-safe',
      `${PAYMENTS}/jobs/abc$def/builds`,
      "path field 'jobId'",
    ],
    [
      'a build number that is no number',
      `${PAYMENTS}/jobs/${STAGING}/builds/abc`,
      "path field 'number'",
    ],
    [
      'build number zero',
      `${PAYMENTS}/jobs/${STAGING}/builds/0`,
      "path field 'number'",
    ],
    [
      'a fractional build number',
      `${PAYMENTS}/jobs/${STAGING}/builds/1.5`,
      "path field 'number'",
    ],
    [
      'limit zero',
      `${PAYMENTS}/jobs/${STAGING}/builds?limit=0`,
      "query field 'limit'",
    ],
    [
      'a limit above 100',
      `${PAYMENTS}/jobs/${STAGING}/builds?limit=1000`,
      "query field 'limit'",
    ],
    [
      'a cursor with foreign characters',
      `${PAYMENTS}/jobs/${STAGING}/builds?cursor=a.b`,
      "query field 'cursor'",
    ],
    [
      'a cursor not from a previous page',
      `${PAYMENTS}/jobs/${STAGING}/builds?cursor=bm9wZQ`,
      'cursor: must be a cursor from a previous page',
    ],
    [
      'an unknown query parameter',
      `${PAYMENTS}/jobs/${STAGING}/builds?tree=*`,
      "Invalid query field 'tree'",
    ],
    [
      'an unknown query parameter on the jobs list',
      `${PAYMENTS}/jobs?depth=1`,
      "Invalid query field 'depth'",
    ],
    [
      'a negative log start',
      `${PAYMENTS}/jobs/${STAGING}/builds/1/log?start=-1`,
      "query field 'start'",
    ],
    [
      'a log start that is no number',
      `${PAYMENTS}/jobs/${STAGING}/builds/1/log?start=x`,
      "query field 'start'",
    ],
  ])('answers 400 naming the field for %s', async (_case, path, message) => {
    const res = await env.get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(message);
    expect(env.jenkinsRequests()).toEqual([]);
  });

  it('answers 401 without credentials and never calls Jenkins', async () => {
    const res = await request(env.server).get(`/api/jenkins${PAYMENTS}/jobs`);
    expect(res.status).toBe(401);
    expect(env.jenkinsRequests()).toEqual([]);
  });

  it('serves the health check and the JWKS without credentials', async () => {
    await request(env.server).get('/api/jenkins/health').expect(200);
    const jwks = await request(env.server).get(
      '/api/jenkins/.well-known/jwks.json',
    );
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys).toEqual(expect.any(Array));
    for (const key of jwks.body.keys) {
      expect(key.d).toBeUndefined();
    }
  });
});
