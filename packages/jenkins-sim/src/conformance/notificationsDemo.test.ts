import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { simHttp, token } from './simHttp';
import { WebhookReceiver } from './webhookReceiver';

/*
 * The demo scenario's Notification-plugin endpoints (jenkinsci/notification-plugin
 * `Phase#handle`: the URL is expanded with the run's environment, and an
 * unresolved `$` variable skips the endpoint), and delivery on a real clock
 * while nobody polls — Jenkins' `RunListener`s fire on their own.
 */
describe('demo scenario notifications', () => {
  let hook: WebhookReceiver;
  let sim: JenkinsSim;
  const admin = { basic: token('admin') };

  beforeAll(async () => {
    hook = await new WebhookReceiver().start();
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(async () => {
    await sim.close();
    await hook.close();
  });
  beforeEach(() => {
    sim.control.configureEnvironment({ BACKSTAGE_HOST: null });
    sim.control.reset();
    hook.clear();
  });

  const deployStaging = async () => {
    const res = await simHttp(
      `${sim.url}/job/payments/job/deploy-staging/buildWithParameters?delay=0sec`,
      { method: 'POST', ...admin, form: { VERSION: '2.4.1' } },
    );
    expect(res.status).toBe(201);
    await sim.control.notificationsSettled();
  };

  it('configures the Backstage webhook for every demo job', () => {
    const configured = sim.control.notificationEndpoints();
    const jobs = configured.map(c => c.job);
    expect(jobs).toEqual(
      expect.arrayContaining([
        'payments/payments-service/main',
        'payments/payments-service/feature%2Ffast-refunds',
        'payments/deploy-staging',
        'payments/deploy-production',
        'platform/nightly-backup',
      ]),
    );
    for (const { endpoints } of configured) {
      expect(endpoints).toEqual([
        expect.objectContaining({
          url: 'http://backstage:dev-webhook-secret@${BACKSTAGE_HOST}/api/jenkins/v1/instances/default/events',
          event: 'all',
        }),
      ]);
    }
  });

  it('skips the endpoint while BACKSTAGE_HOST is unset, as the plugin does with an unresolved variable', async () => {
    await deployStaging();
    expect(hook.received).toEqual([]);
    const log = sim.control.notifications();
    expect(log.map(e => [e.phase, e.outcome])).toEqual([
      ['QUEUED', 'skipped'],
      ['STARTED', 'skipped'],
    ]);
    expect(log[0].reason).toMatch(/unresolved variable/);
  });

  it('posts to Backstage with the webhook secret as Basic credentials once BACKSTAGE_HOST is set', async () => {
    sim.control.configureEnvironment({ BACKSTAGE_HOST: hook.host });
    sim.control.reset();
    await deployStaging();
    const { number } = (
      await simHttp(
        `${sim.url}/job/payments/job/deploy-staging/lastBuild/api/json?tree=number`,
        admin,
      )
    ).json();
    expect(hook.phases()).toEqual([
      `deploy-staging#${number} QUEUED`,
      `deploy-staging#${number} STARTED`,
    ]);
    const [queued] = hook.received;
    expect(queued.path).toBe('/api/jenkins/v1/instances/default/events');
    expect(queued.headers.authorization).toBe(
      `Basic ${Buffer.from('backstage:dev-webhook-secret').toString('base64')}`,
    );
    expect(queued.body.url).toBe('job/payments/job/deploy-staging/');
    expect(queued.body.build.parameters).toMatchObject({ VERSION: '2.4.1' });
    expect(queued.body.build.parameters).not.toHaveProperty('SMOKE_TEST_TOKEN');
  });
});

describe('notifications on a real clock', () => {
  it('reports a build that ends while nobody polls the simulator', async () => {
    const hook = await new WebhookReceiver().start();
    const sim = await startJenkinsSim({
      port: 0,
      speed: 100,
      scenario: {
        startTime: '2026-01-15T09:00:00Z',
        users: [{ id: 'admin', apiTokens: ['admin-token'] }],
        roles: {
          global: [
            {
              name: 'admin',
              permissions: ['Overall/Administer'],
              users: ['admin'],
            },
          ],
        },
        jobs: [
          {
            name: 'quick',
            type: 'pipeline',
            stages: [{ name: 'Build', durationSeconds: 20 }],
            notifications: [{ url: `http://${hook.host}/hook` }],
          },
        ],
      },
    });
    try {
      const res = await simHttp(`${sim.url}/job/quick/build?delay=0sec`, {
        method: 'POST',
        basic: token('admin'),
      });
      expect(res.status).toBe(201);
      // 20 simulated seconds at speed 100: about 200 ms, no request in between.
      const deadline = Date.now() + 5000;
      while (hook.received.length < 4 && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 50));
      }
      expect(hook.phases()).toEqual([
        'quick#1 QUEUED',
        'quick#1 STARTED',
        'quick#1 COMPLETED',
        'quick#1 FINALIZED',
      ]);
    } finally {
      await sim.close();
      await hook.close();
    }
  });
});
