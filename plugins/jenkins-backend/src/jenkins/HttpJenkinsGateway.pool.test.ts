import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JenkinsSim, startJenkinsSim } from '@internal/jenkins-sim';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { SigningKeyStore } from '../identity/SigningKeyStore';
import { HttpJenkinsGateway } from './HttpJenkinsGateway';
import { JenkinsRequestContext } from './JenkinsGateway';

const read: JenkinsRequestContext = {
  instance: 'default',
  principal: {
    userRef: 'user:default/alice',
    userName: 'alice',
    groups: ['team-payments'],
  },
  purpose: 'read',
};
const write: JenkinsRequestContext = { ...read, purpose: 'write' };

function gatewayFor(sim: JenkinsSim) {
  const config = readJenkinsConfig(
    new ConfigReader({
      jenkins: {
        instances: [
          {
            name: 'default',
            baseUrl: sim.url,
            identity: {
              strategy: 'proxy-headers',
              proxyHeaders: {
                serviceUser: 'admin',
                serviceApiToken: 'admin-token',
              },
            },
            requestTimeoutMs: 2000,
          },
        ],
      },
    }),
  );
  return new HttpJenkinsGateway({
    config,
    strategies: new IdentityStrategies(config, {} as SigningKeyStore),
    logger: mockServices.logger.mock(),
  });
}

describe('HttpJenkinsGateway connection pooling (against the simulator)', () => {
  let sim: JenkinsSim;
  let gateway: HttpJenkinsGateway;

  beforeAll(async () => {
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
    // Header authentication: POSTs need a crumb bound to a session.
    sim.control.configureRealm({ proxyHeaders: { enabled: true } });
    gateway = gatewayFor(sim);
  });

  afterAll(async () => {
    await gateway.close();
    await sim.close();
  });

  it('makes 100 sequential reads over pooled connections, not one each', async () => {
    const before = sim.connections;
    sim.control.clearRequests();
    for (let i = 0; i < 100; i++) {
      await expect(
        gateway.getJob(read, 'payments/deploy-staging', 'name'),
      ).resolves.toMatchObject({ name: 'deploy-staging' });
    }
    const requests = sim.control.requests();
    expect(requests).toHaveLength(100);
    expect(new Set(requests.map(r => r.user))).toEqual(new Set(['alice']));
    expect(sim.connections - before).toBeLessThanOrEqual(2);
  });

  it('writes with crumb, session and identity through the pooled client and plain requests', async () => {
    const before = sim.connections;
    sim.control.clearRequests();
    // With its parameters' defaults: the simulator, like Jenkins, answers
    // a parameterized job's plain `build` with 400.
    const triggered = await gateway.triggerBuild(
      write,
      'payments/deploy-staging',
      {},
    );
    expect(triggered).toMatchObject({ alreadyQueued: false, status: 201 });
    await expect(
      gateway.cancelQueueItem(write, triggered.queueId),
    ).resolves.toEqual({ status: 204 });
    const requests = sim.control.requests();
    expect(requests.map(r => [r.method, r.path, r.user, r.status])).toEqual([
      ['GET', '/crumbIssuer/api/json', 'alice', 200],
      [
        'POST',
        '/job/payments/job/deploy-staging/buildWithParameters',
        'alice',
        201,
      ],
      ['GET', '/crumbIssuer/api/json', 'alice', 200],
      ['POST', '/queue/cancelItem', 'alice', 204],
    ]);
    expect(requests.filter(r => r.method === 'POST').map(r => r.crumb)).toEqual(
      ['valid', 'valid'],
    );
    expect(sim.connections - before).toBeLessThanOrEqual(1);
  });
});
