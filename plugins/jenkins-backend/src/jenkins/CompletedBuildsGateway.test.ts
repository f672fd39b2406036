import { CacheService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import {
  COMPLETED_BUILD_TTL_MS,
  CompletedBuildsGateway,
} from './CompletedBuildsGateway';
import { JenkinsGateway, JenkinsRequestContext } from './JenkinsGateway';

/** Backstage's cache contract over a Map, recording the TTLs asked for. */
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

function config(cacheTtlSeconds: number) {
  return readJenkinsConfig(
    new ConfigReader({
      jenkins: {
        instances: [
          {
            name: 'default',
            baseUrl: 'http://jenkins',
            identity: { strategy: 'jwt' },
            cacheTtlSeconds,
          },
        ],
      },
    }),
  );
}

const ctx: JenkinsRequestContext = {
  instance: 'default',
  principal: { userRef: 'user:default/jane', jenkinsUser: 'jane', groups: [] },
  purpose: 'read',
} as unknown as JenkinsRequestContext;

function innerGateway(run: { status: string }, build: object) {
  return {
    getRunDescription: jest.fn(async () => run),
    getTestReport: jest.fn(async () => ({ failCount: 1, suites: [] })),
    getBuild: jest.fn(async () => build),
  } as unknown as jest.Mocked<JenkinsGateway>;
}

describe('CompletedBuildsGateway', () => {
  it('keeps an ended run’s stages for a day: Jenkins is asked once', async () => {
    const inner = innerGateway({ status: 'SUCCESS' }, {});
    const { cache, ttls } = memoryCache();
    const gateway = new CompletedBuildsGateway(inner, cache, config(10));
    const first = await gateway.getRunDescription(ctx, 'app/main', 40);
    const second = await gateway.getRunDescription(ctx, 'app/main', 40);
    expect(second).toEqual(first);
    expect(inner.getRunDescription).toHaveBeenCalledTimes(1);
    expect(ttls).toEqual([COMPLETED_BUILD_TTL_MS]);
  });

  it('never keeps a running or paused run', async () => {
    for (const status of ['IN_PROGRESS', 'PAUSED_PENDING_INPUT']) {
      const inner = innerGateway({ status }, {});
      const gateway = new CompletedBuildsGateway(
        inner,
        memoryCache().cache,
        config(10),
      );
      await gateway.getRunDescription(ctx, 'app/main', 41);
      await gateway.getRunDescription(ctx, 'app/main', 41);
      expect(inner.getRunDescription).toHaveBeenCalledTimes(2);
    }
  });

  it('keeps a test report only once its build was seen completed', async () => {
    const inner = innerGateway(
      { status: 'SUCCESS' },
      { building: false, result: 'UNSTABLE' },
    );
    const gateway = new CompletedBuildsGateway(
      inner,
      memoryCache().cache,
      config(10),
    );
    await gateway.getTestReport(ctx, 'app/main', 40, 'failCount');
    await gateway.getTestReport(ctx, 'app/main', 40, 'failCount');
    expect(inner.getTestReport).toHaveBeenCalledTimes(2);
    await gateway.getBuild(ctx, 'app/main', 40, 'building,result');
    await gateway.getTestReport(ctx, 'app/main', 40, 'failCount');
    await gateway.getTestReport(ctx, 'app/main', 40, 'failCount');
    expect(inner.getTestReport).toHaveBeenCalledTimes(3);
  });

  it('does not keep a running build’s test report', async () => {
    const inner = innerGateway(
      { status: 'IN_PROGRESS' },
      { building: true, result: null },
    );
    const gateway = new CompletedBuildsGateway(
      inner,
      memoryCache().cache,
      config(10),
    );
    await gateway.getBuild(ctx, 'app/main', 41, 'building,result');
    await gateway.getTestReport(ctx, 'app/main', 41, 'failCount');
    await gateway.getTestReport(ctx, 'app/main', 41, 'failCount');
    expect(inner.getTestReport).toHaveBeenCalledTimes(2);
  });

  it('keeps nothing when the instance’s cache is off', async () => {
    const inner = innerGateway({ status: 'SUCCESS' }, {});
    const gateway = new CompletedBuildsGateway(
      inner,
      memoryCache().cache,
      config(0),
    );
    await gateway.getRunDescription(ctx, 'app/main', 40);
    await gateway.getRunDescription(ctx, 'app/main', 40);
    expect(inner.getRunDescription).toHaveBeenCalledTimes(2);
  });
});
