import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { closingDatabaseServiceFactory } from './__testUtils__/JenkinsTestBackend';
import { jenkinsPlugin } from './plugin';

describe('jenkinsPlugin', () => {
  it('answers the health check without credentials', async () => {
    const { server } = await startTestBackend({
      features: [jenkinsPlugin, closingDatabaseServiceFactory()],
    });
    const res = await request(server).get('/api/jenkins/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});
