import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { SigningKeyStore } from '../identity/SigningKeyStore';
import { HttpJenkinsGateway } from './HttpJenkinsGateway';
import { JenkinsRequestContext } from './JenkinsGateway';

/** A stand-in Jenkins answering each request with `answer()`'s status. */
async function fakeJenkins(answer: () => number | 'hang') {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url!);
    const status = answer();
    if (status === 'hang') {
      return;
    }
    res.writeHead(status, {
      'Content-Type': status === 200 ? 'application/json' : 'text/html',
    });
    res.end(status === 200 ? '{"name":"a"}' : '<html>no</html>');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function gatewayFor(baseUrl: string, instance: object, now?: () => number) {
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
            requestTimeoutMs: 2000,
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
    now,
  });
}

const read: JenkinsRequestContext = {
  instance: 'default',
  principal: { userRef: 'user:default/alice', userName: 'alice', groups: [] },
  purpose: 'read',
};

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(s => s.close()));
});

describe('JenkinsCallRunner and the circuit breaker', () => {
  it('counts a read that failed on every retry as one failure', async () => {
    const jenkins = await fakeJenkins(() => 500);
    servers.push(jenkins);
    const gateway = gatewayFor(jenkins.url, {
      retries: { maxAttempts: 3, backoffMs: 10 },
      circuitBreaker: { failureThreshold: 2, resetAfterMs: 60_000 },
    });
    await expect(gateway.getJob(read, 'a', 'name')).rejects.toMatchObject({
      name: 'JenkinsUnreachableError',
    });
    // Three attempts of one call: still one failure, so the next call goes out.
    expect(jenkins.seen).toHaveLength(3);
    await expect(gateway.getJob(read, 'a', 'name')).rejects.toMatchObject({
      name: 'JenkinsUnreachableError',
    });
    expect(jenkins.seen).toHaveLength(6);
    await expect(gateway.getJob(read, 'a', 'name')).rejects.toMatchObject({
      name: 'JenkinsCircuitOpenError',
    });
    expect(jenkins.seen).toHaveLength(6);
  });

  it("never counts Jenkins' 4xx answers to the caller's own requests", async () => {
    let status = 404;
    const jenkins = await fakeJenkins(() => status);
    servers.push(jenkins);
    const gateway = gatewayFor(jenkins.url, {
      retries: { maxAttempts: 1 },
      circuitBreaker: { failureThreshold: 2, resetAfterMs: 60_000 },
    });
    for (const answer of [404, 400, 404, 405, 404, 400]) {
      status = answer;
      await expect(gateway.getJob(read, 'nope', 'name')).rejects.toThrow();
    }
    status = 200;
    await expect(gateway.getJob(read, 'a', 'name')).resolves.toEqual({
      name: 'a',
    });
    expect(jenkins.seen).toHaveLength(7);
  });

  it('never counts calls refused before they were sent (bad identity headers)', async () => {
    const jenkins = await fakeJenkins(() => 500);
    servers.push(jenkins);
    const gateway = gatewayFor(jenkins.url, {
      retries: { maxAttempts: 1 },
      circuitBreaker: { failureThreshold: 1, resetAfterMs: 60_000 },
    });
    // A user name that cannot travel in X-Forwarded-User is refused locally.
    const badName: JenkinsRequestContext = {
      ...read,
      principal: { ...read.principal, userName: 'eve\r\nX-Admin: yes' },
    };
    for (let i = 0; i < 3; i++) {
      // Refused here, whether by the strategy or by Node: a 4xx, never sent.
      await expect(gateway.getJob(badName, 'a', 'name')).rejects.toThrow(
        /cannot be sent/,
      );
    }
    expect(jenkins.seen).toHaveLength(0);
    await expect(gateway.getJob(read, 'a', 'name')).rejects.toMatchObject({
      name: 'JenkinsUnreachableError',
    });
    expect(jenkins.seen).toHaveLength(1);
  });

  it('lets one trial call through when half-open; concurrent calls fail fast meanwhile', async () => {
    let mode: 'fail' | 'hang' | 'ok' = 'fail';
    const statuses = { fail: 500, hang: 'hang', ok: 200 } as const;
    const jenkins = await fakeJenkins(() => statuses[mode]);
    servers.push(jenkins);
    let now = 1_000_000;
    const breakerGateway = gatewayFor(
      jenkins.url,
      {
        retries: { maxAttempts: 1 },
        circuitBreaker: { failureThreshold: 1, resetAfterMs: 60_000 },
      },
      () => now,
    );
    await breakerGateway.getJob(read, 'a', 'name').catch(() => undefined);
    expect(jenkins.seen).toHaveLength(1);
    now += 60_000;
    mode = 'hang';
    const trial = breakerGateway.getJob(read, 'a', 'name');
    await new Promise(resolve => setTimeout(resolve, 50));
    const others = await Promise.allSettled(
      [1, 2, 3].map(() => breakerGateway.getJob(read, 'a', 'name')),
    );
    expect(others.map(o => (o as PromiseRejectedResult).reason?.name)).toEqual([
      'JenkinsCircuitOpenError',
      'JenkinsCircuitOpenError',
      'JenkinsCircuitOpenError',
    ]);
    expect(jenkins.seen).toHaveLength(2);
    mode = 'ok';
    await jenkins.close();
    await trial.catch(() => undefined);
  });
});
