import { CacheService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import {
  COMPLETED_BUILD_TTL_MS,
  CompletedBuildsGateway,
} from './CompletedBuildsGateway';
import { JenkinsGateway, JenkinsRequestContext } from './JenkinsGateway';

/**
 * A completed run's Pipeline Graph View answers never change (the plugin
 * itself answers them `Cache-Control: private, immutable`): they are kept
 * like completed stages; a running run's are never kept.
 */
function memoryCache() {
  const store = new Map<string, unknown>();
  const ttls: number[] = [];
  const cache = {
    get: async (key: string) => store.get(key),
    set: async (key: string, value: unknown, options?: { ttl?: number }) => {
      store.set(key, value);
      ttls.push(Number(options?.ttl));
    },
    delete: async (key: string) => {
      store.delete(key);
    },
    withOptions: () => cache,
  } as unknown as CacheService;
  return { cache, ttls };
}

const config = readJenkinsConfig(
  new ConfigReader({
    jenkins: {
      instances: [
        {
          name: 'default',
          baseUrl: 'http://jenkins',
          identity: { strategy: 'jwt' },
          cacheTtlSeconds: 5,
        },
      ],
    },
  }),
);

const ctx = {
  instance: 'default',
  principal: { userRef: 'user:default/jane', userName: 'jane', groups: [] },
  purpose: 'read',
} as JenkinsRequestContext;

function gatewayAnswering(answers: Record<string, unknown>) {
  const getBuildResource = jest.fn(
    async (_ctx: unknown, _job: string, _n: number, path: string) =>
      answers[path],
  );
  return {
    inner: { getBuildResource } as unknown as JenkinsGateway,
    getBuildResource,
  };
}

describe('CompletedBuildsGateway and the build graph', () => {
  it('keeps a complete stages/tree and allSteps for as long as completed builds are kept', async () => {
    const { cache, ttls } = memoryCache();
    const { inner, getBuildResource } = gatewayAnswering({
      'stages/tree': { status: 'ok', data: { complete: true, stages: [] } },
      'stages/allSteps': {
        status: 'ok',
        data: { runIsComplete: true, steps: [] },
      },
    });
    const gateway = new CompletedBuildsGateway(inner, cache, config);
    for (let i = 0; i < 3; i++) {
      await gateway.getBuildResource(ctx, 'a/b', 7, 'stages/tree');
      await gateway.getBuildResource(ctx, 'a/b', 7, 'stages/allSteps');
    }
    expect(getBuildResource).toHaveBeenCalledTimes(2);
    expect(ttls).toEqual([COMPLETED_BUILD_TTL_MS, COMPLETED_BUILD_TTL_MS]);
  });

  it('never keeps the graph of a running build, nor answers that are not graphs', async () => {
    const { cache, ttls } = memoryCache();
    const { inner, getBuildResource } = gatewayAnswering({
      'stages/tree': { status: 'ok', data: { complete: false, stages: [] } },
      'stages/pauseState': { status: 'ok', data: { paused: false } },
    });
    const gateway = new CompletedBuildsGateway(inner, cache, config);
    for (let i = 0; i < 2; i++) {
      await gateway.getBuildResource(ctx, 'a/b', 8, 'stages/tree');
      await gateway.getBuildResource(ctx, 'a/b', 8, 'stages/pauseState');
    }
    expect(getBuildResource).toHaveBeenCalledTimes(4);
    expect(ttls).toEqual([]);
  });
});
