import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { SigningKeyStore } from '../identity/SigningKeyStore';
import { HttpJenkinsGateway } from './HttpJenkinsGateway';
import { JenkinsRequestContext } from './JenkinsGateway';

/**
 * A stand-in Jenkins that counts requests in flight and answers each when
 * the test releases it (or never, for `hang`).
 */
async function countingJenkins() {
  const state = {
    inFlight: 0,
    max: 0,
    seen: 0,
    hang: false,
    paths: [] as string[],
  };
  const held: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    state.seen += 1;
    state.paths.push((req.url ?? '').split('?')[0]);
    state.inFlight += 1;
    state.max = Math.max(state.max, state.inFlight);
    if (state.hang) {
      return;
    }
    held.push(() => {
      state.inFlight -= 1;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"name":"a"}');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    held,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function gatewayFor(baseUrl: string, instance: object) {
  const config = readJenkinsConfig(
    new ConfigReader({
      jenkins: {
        instances: [
          {
            name: 'default',
            baseUrl,
            identity: {
              strategy: 'proxy-headers',
              proxyHeaders: {
                serviceUser: 'backstage',
                serviceApiToken: 'proxy-token',
              },
            },
            retries: { maxAttempts: 1 },
            ...instance,
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

const person = (n: number): JenkinsRequestContext => ({
  instance: 'default',
  principal: {
    userRef: `user:default/p${n}`,
    userName: `p${n}`,
    groups: [],
  },
  purpose: 'read',
});

async function until(condition: () => boolean) {
  while (!condition()) await new Promise(resolve => setTimeout(resolve, 5));
}

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(s => s.close()));
});

describe('JenkinsCallRunner limiter', () => {
  it('keeps at most maxConcurrentRequests in flight for 50 distinct reads', async () => {
    const jenkins = await countingJenkins();
    servers.push(jenkins);
    const gateway = gatewayFor(jenkins.url, { maxConcurrentRequests: 8 });
    const reads = Array.from({ length: 50 }, (_, i) =>
      gateway.getJob(person(i), `job-${i}`, 'name'),
    );
    let answered = 0;
    while (answered < 50) {
      await until(() => jenkins.held.length > 0);
      // Every request that can go out has gone out before one is answered.
      const expected = Math.min(8, 50 - answered);
      await until(() => jenkins.state.inFlight >= expected);
      jenkins.held.shift()!();
      answered += 1;
    }
    await Promise.all(reads);
    expect(jenkins.state.seen).toBe(50);
    expect(jenkins.state.max).toBe(8);
    await gateway.close();
  });

  it('sends a shared read that many people wait for before a queue of people’s access checks', async () => {
    const jenkins = await countingJenkins();
    servers.push(jenkins);
    const gateway = gatewayFor(jenkins.url, {
      maxConcurrentRequests: 1,
      reads: 'verified',
      readCredentials: { user: 'reader', apiToken: 'reader-token' },
    });
    const holder = gateway.getJob(person(0), 'holder', 'name');
    await until(() => jenkins.held.length === 1);
    // A cold burst: five people's checks, then the data they all wait for,
    // asked (after their check) on behalf of the first of them.
    const checks = [1, 2, 3, 4, 5].map(n =>
      gateway.getJob(person(n), `job-${n}`, 'name'),
    );
    const data = gateway.getJob(
      { ...person(1), accessVerified: true },
      'shared-data',
      'jobs[name]',
    );
    for (let answered = 0; answered < 7; answered++) {
      await until(() => jenkins.held.length === 1);
      jenkins.held.shift()!();
    }
    await Promise.all([holder, ...checks, data]);
    expect(jenkins.state.paths).toEqual([
      '/job/holder/api/json',
      '/job/shared-data/api/json',
      ...[1, 2, 3, 4, 5].map(n => `/job/job-${n}/api/json`),
    ]);
    await gateway.close();
  });

  it('fails a call queued past its deadline as a timeout, not a breaker failure', async () => {
    const jenkins = await countingJenkins();
    servers.push(jenkins);
    const gateway = gatewayFor(jenkins.url, {
      maxConcurrentRequests: 1,
      requestTimeoutMs: 400,
      // One failure would open it.
      circuitBreaker: { failureThreshold: 1, resetAfterMs: 60_000 },
    });
    const alice = person(1);
    const holder = gateway.getJob(alice, 'holder', 'name');
    await until(() => jenkins.held.length === 1);
    const queued = gateway.getJob(alice, 'queued', 'name');
    const outcome = queued.catch((error: Error) => error);
    await new Promise(resolve => setTimeout(resolve, 100));
    // Bob asks later, but fairness gives him the slot before alice's second.
    const bob = gateway.getJob(person(2), 'bob', 'name');
    bob.catch(() => undefined); // awaited below
    jenkins.held.shift()!();
    await holder;
    await until(() => jenkins.held.length === 1);
    // Bob's request holds the slot past alice's deadline: hers fails, unsent.
    await expect(outcome).resolves.toMatchObject({
      name: 'JenkinsTimeoutError',
      message:
        "Jenkins instance 'default' did not answer read job queued within 400 ms: it waited that long for one of the instance's 1 request slots (maxConcurrentRequests) and was not sent",
    });
    expect(jenkins.state.seen).toBe(2);
    // The wait did not open the breaker: the next call is queued, not refused.
    const next = gateway.getJob(person(3), 'next', 'name');
    jenkins.held.shift()!();
    await bob;
    await until(() => jenkins.held.length === 1);
    jenkins.held.shift()!();
    await expect(next).resolves.toBeDefined();
    await gateway.close();
  });
  it('does not count a late-sent call that ran out of its budget as a breaker failure', async () => {
    const jenkins = await countingJenkins();
    servers.push(jenkins);
    const gateway = gatewayFor(jenkins.url, {
      maxConcurrentRequests: 1,
      requestTimeoutMs: 400,
      circuitBreaker: { failureThreshold: 1, resetAfterMs: 60_000 },
    });
    const holder = gateway.getJob(person(1), 'holder', 'name');
    await until(() => jenkins.held.length === 1);
    const late = gateway
      .getJob(person(2), 'late', 'name')
      .catch((error: Error) => error);
    // The slot frees after 250 ms: the second call goes out with ~150 ms of
    // its 400 ms left, and Jenkins (held by the test) does not answer in it.
    await new Promise(resolve => setTimeout(resolve, 250));
    jenkins.held.shift()!();
    await holder;
    await expect(late).resolves.toMatchObject({ name: 'JenkinsTimeoutError' });
    expect(jenkins.state.seen).toBe(2);
    // Jenkins never had its whole 400 ms, so the breaker stayed closed: the
    // next call reaches Jenkins instead of failing fast.
    const next = gateway.getJob(person(3), 'next', 'name');
    await until(() => jenkins.state.seen === 3);
    jenkins.held.splice(0).forEach(answer => answer());
    await expect(next).resolves.toBeDefined();
    await gateway.close();
  });
});
