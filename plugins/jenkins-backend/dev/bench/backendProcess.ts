/*
 * The bench's backend, run in a child process of dev/bench.ts so that its
 * CPU time and memory are its own: this plugin behind a test backend with
 * an allow-all permission service, the demo catalog and its users. It takes
 * the Jenkins instance's config as JSON in argv[2], answers `ready` with
 * its port and V8 heap limit, and then answers `stats` messages (CPU, RSS; after a full GC if asked).
 *
 * Self-contained (no test utilities of src/), so the same file runs on an
 * older revision of the plugin.
 */
import {
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { loadDemoWorld } from '@internal/jenkins-demo-world/node';
import { JsonObject } from '@backstage/types';
import { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import { jenkinsPlugin } from '../../src/plugin';

const world = loadDemoWorld();

function stats(collect: boolean) {
  if (collect) {
    (globalThis as { gc?: () => void }).gc?.();
  }
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    cpuMicros: cpu.user + cpu.system,
    rss: memory.rss,
    // What the program holds (V8 heap, buffers), apart from what the
    // allocators keep mapped after a GC.
    heapUsed: memory.heapUsed + memory.arrayBuffers,
    // RSS outside the V8 heap (native allocations, mapped code and data).
    rssOutsideHeap: memory.rss - memory.heapTotal,
  };
}

async function main() {
  const instance = JSON.parse(process.argv[2]) as JsonObject;
  const backend = await startTestBackend({
    features: [
      jenkinsPlugin,
      mockServices.rootConfig.factory({
        data: { jenkins: { instances: [instance] } },
      }),
      mockServices.rootLogger.factory({ level: 'error' }),
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
  process.on(
    'message',
    (message: { type: string; gc?: boolean; id?: number }) => {
      if (message.type === 'stats') {
        process.send!({
          type: 'stats',
          id: message.id,
          ...stats(message.gc === true),
        });
      } else if (message.type === 'stop') {
        backend.stop().finally(() => process.exit(0));
      }
    },
  );
  process.send!({
    type: 'ready',
    port,
    heapLimit: v8.getHeapStatistics().heap_size_limit,
  });
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
