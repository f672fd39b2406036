import { mockCredentials } from '@backstage/backend-test-utils';
import {
  JenkinsTestBackend,
  PAYMENTS,
  startJenkinsTestBackend,
} from './JenkinsTestBackend';

jest.setTimeout(30_000);

describe('the test backend', () => {
  let env: JenkinsTestBackend;

  beforeAll(async () => {
    env = await startJenkinsTestBackend({
      hiddenFrom: {
        'user:default/carol': ['component:default/payments-service'],
      },
    });
  });
  afterAll(async () => {
    await env.close();
  });

  it('serves the demo world to the plugin through the catalog REST API', async () => {
    await env.get(`${PAYMENTS}/jobs`).expect(200);
    expect(env.catalogRequests()).toContain(
      'GET /api/catalog/entities/by-name/component/default/payments-service',
    );
  });

  it('hides entities from the users named in hiddenFrom, who see a 404', async () => {
    const carol = await env.get(`${PAYMENTS}/jobs`, 'user:default/carol');
    const bob = await env.get(`${PAYMENTS}/jobs`, 'user:default/bob');
    expect([carol.status, bob.status]).toEqual([404, 200]);
  });

  it('answers 501 for catalog endpoints it does not serve', async () => {
    const res = await env.api
      .get('/api/catalog/entities/by-query')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(501);
  });
});
