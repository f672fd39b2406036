/*
 * Benchmarks N concurrent viewers of one entity's Jenkins tab against the
 * simulator with added latency: route latency percentiles and how many
 * requests reach Jenkins. Not a test; run it with
 *
 *   yarn workspace @internal/plugin-jenkins-backend bench:viewers [--viewers 100] [--rounds 5] [--latency 50]
 */
import {
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { loadDemoWorld } from '@internal/jenkins-demo-world/node';
import { startJenkinsSim } from '@internal/jenkins-sim';
import { JsonObject } from '@backstage/types';
import { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { jenkinsPlugin } from '../src/plugin';

type Mode = 'perUser-distinct' | 'perUser-same' | 'shared';

/** The demo catalog of `examples/`, which matches the simulator's `demo` scenario. */
const world = loadDemoWorld();

function percentile(sorted: number[], p: number): number {
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)];
}

async function runMode(
  mode: Mode,
  options: { viewers: number; rounds: number; latencyMs: number },
) {
  const sim = await startJenkinsSim({ port: 0, scenario: 'demo' });
  sim.control.injectFault({
    path: '.',
    kind: 'latency',
    latencyMs: options.latencyMs,
  });
  const instance: JsonObject = {
    name: 'default',
    baseUrl: sim.url,
    identity: { strategy: 'jwt' },
    reads: mode === 'shared' ? 'shared' : 'perUser',
    readCredentials: { user: 'admin', apiToken: 'admin-token' },
    cacheTtlSeconds: 10,
  };
  const backend = await startTestBackend({
    features: [
      jenkinsPlugin,
      mockServices.rootConfig.factory({
        data: { jenkins: { instances: [instance] } },
      }),
      catalogServiceMock.factory({ entities: world.entities }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials) {
            const userEntityRef = (
              credentials.principal as BackstageUserPrincipal
            ).userEntityRef;
            return {
              userEntityRef,
              ownershipEntityRefs: world.ownershipOf(userEntityRef),
            };
          },
        }),
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/api/jenkins`;
  sim.control.configureRealm({
    // The instance's audience defaults to its base URL.
    jwt: {
      jwksUrl: `${base}/.well-known/jwks.json`,
      acceptedAudience: sim.url,
    },
  });

  const latencies: number[] = [];
  const jenkinsPerRound: number[] = [];
  const statuses: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    sim.control.clearRequests();
    await Promise.all(
      Array.from({ length: options.viewers }, async (_, i) => {
        const user =
          mode === 'perUser-distinct'
            ? `user:default/viewer-${i}`
            : 'user:default/alice';
        const started = performance.now();
        const res = await fetch(
          `${base}/v1/entities/component/default/payments-service/jobs`,
          { headers: { Authorization: mockCredentials.user.header(user) } },
        );
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
        statuses.push(res.status);
      }),
    );
    jenkinsPerRound.push(sim.control.requests().length);
  }
  await backend.stop();
  await sim.close();

  latencies.sort((a, b) => a - b);
  return {
    mode,
    requests: latencies.length,
    failures: statuses.filter(status => status !== 200).length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    jenkinsFirstRound: jenkinsPerRound[0],
    jenkinsTotal: jenkinsPerRound.reduce((a, b) => a + b, 0),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      viewers: { type: 'string', default: '100' },
      rounds: { type: 'string', default: '5' },
      latency: { type: 'string', default: '50' },
      mode: { type: 'string' },
    },
  });
  const options = {
    viewers: Number(values.viewers),
    rounds: Number(values.rounds),
    latencyMs: Number(values.latency),
  };
  const modes: Mode[] = values.mode
    ? [values.mode as Mode]
    : ['perUser-same', 'perUser-distinct', 'shared'];
  process.stdout.write(
    `${options.viewers} concurrent viewers of one entity (3 jobs), ${options.rounds} rounds, +${options.latencyMs} ms Jenkins latency, cache TTL 10 s\n` +
      `command: yarn workspace @internal/plugin-jenkins-backend bench:viewers --viewers ${options.viewers} --rounds ${options.rounds} --latency ${options.latencyMs}\n\n` +
      `| reads | route requests | failed | p50 ms | p95 ms | p99 ms | Jenkins requests (first round / all rounds) |\n` +
      `|---|---|---|---|---|---|---|\n`,
  );
  for (const mode of modes) {
    const r = await runMode(mode, options);
    process.stdout.write(
      `| ${r.mode} | ${r.requests} | ${r.failures} | ${r.p50.toFixed(
        0,
      )} | ${r.p95.toFixed(0)} | ${r.p99.toFixed(0)} | ${
        r.jenkinsFirstRound
      } / ${r.jenkinsTotal} |\n`,
    );
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
