import { CacheService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import { CachingJenkinsGateway } from './CachingJenkinsGateway';
import { JenkinsGateway, JenkinsRequestContext } from './JenkinsGateway';

/** Backstage's cache contract over a Map; TTLs do not matter within a test. */
function memoryCache(): CacheService {
  const store = new Map<string, unknown>();
  const cache: CacheService = {
    get: async <T>(key: string) => store.get(key) as T | undefined,
    set: async (key: string, value: unknown) => {
      store.set(key, value);
    },
    delete: async (key: string) => {
      store.delete(key);
    },
    withOptions: () => cache,
  } as CacheService;
  return cache;
}

function configWith(reads: 'perUser' | 'shared') {
  return readJenkinsConfig(
    new ConfigReader({
      jenkins: {
        instances: [
          {
            name: 'default',
            baseUrl: 'http://jenkins',
            identity: { strategy: 'jwt' },
            reads,
            readCredentials: { user: 'reader', apiToken: 't' },
            cacheTtlSeconds: 30,
          },
        ],
      },
    }),
  );
}

function ctxFor(
  userName: string,
  groups: string[] = [],
): JenkinsRequestContext {
  return {
    instance: 'default',
    principal: { userRef: `user:default/${userName}`, userName, groups },
    purpose: 'read',
  };
}

function innerGateway() {
  let calls = 0;
  const inner = {
    getJob: jest.fn(async () => {
      calls += 1;
      await new Promise(resolve => setTimeout(resolve, 20));
      return { call: calls };
    }),
    triggerBuild: jest.fn(async () => ({ queueId: 1, alreadyQueued: false })),
  } as unknown as jest.Mocked<JenkinsGateway>;
  return inner;
}

describe('CachingJenkinsGateway', () => {
  it('coalesces 100 concurrent identical reads into one Jenkins call', async () => {
    const inner = innerGateway();
    const gateway = new CachingJenkinsGateway(
      inner,
      memoryCache(),
      configWith('perUser'),
    );
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        gateway.getJob(ctxFor('alice'), 'payments/deploy', 'name'),
      ),
    );
    expect(inner.getJob).toHaveBeenCalledTimes(1);
    expect(new Set(results.map(r => JSON.stringify(r))).size).toBe(1);
  });

  it('serves repeated reads from the cache within the TTL', async () => {
    const inner = innerGateway();
    const gateway = new CachingJenkinsGateway(
      inner,
      memoryCache(),
      configWith('perUser'),
    );
    await gateway.getJob(ctxFor('alice'), 'payments/deploy', 'name');
    await gateway.getJob(ctxFor('alice'), 'payments/deploy', 'name');
    expect(inner.getJob).toHaveBeenCalledTimes(1);
  });

  it('keeps per-user reads apart, by user and by groups', async () => {
    const inner = innerGateway();
    const gateway = new CachingJenkinsGateway(
      inner,
      memoryCache(),
      configWith('perUser'),
    );
    await gateway.getJob(ctxFor('alice', ['a']), 'payments/deploy', 'name');
    await gateway.getJob(ctxFor('bob', ['a']), 'payments/deploy', 'name');
    await gateway.getJob(ctxFor('alice', ['b']), 'payments/deploy', 'name');
    expect(inner.getJob).toHaveBeenCalledTimes(3);
  });

  it('shares one cache entry for everyone when reads are shared', async () => {
    const inner = innerGateway();
    const gateway = new CachingJenkinsGateway(
      inner,
      memoryCache(),
      configWith('shared'),
    );
    await gateway.getJob(ctxFor('alice'), 'payments/deploy', 'name');
    await gateway.getJob(ctxFor('bob'), 'payments/deploy', 'name');
    expect(inner.getJob).toHaveBeenCalledTimes(1);
  });

  it('forgets a job and its parents after a write to it', async () => {
    const inner = innerGateway();
    const gateway = new CachingJenkinsGateway(
      inner,
      memoryCache(),
      configWith('perUser'),
    );
    const alice = ctxFor('alice');
    await gateway.getJob(alice, 'payments/svc', 'jobs');
    await gateway.getJob(alice, 'payments/svc/main', 'name');
    await gateway.getJob(alice, 'payments/other', 'name');
    await gateway.triggerBuild(
      { ...alice, purpose: 'write' },
      'payments/svc/main',
    );
    await gateway.getJob(alice, 'payments/svc', 'jobs');
    await gateway.getJob(alice, 'payments/svc/main', 'name');
    await gateway.getJob(alice, 'payments/other', 'name');
    expect(inner.getJob).toHaveBeenCalledTimes(5);
  });

  it('closes the inner gateway', async () => {
    const inner = innerGateway();
    inner.close = jest.fn(async () => undefined);
    await new CachingJenkinsGateway(
      inner,
      memoryCache(),
      configWith('perUser'),
    ).close();
    expect(inner.close).toHaveBeenCalledTimes(1);
  });

  it('does not cache failures', async () => {
    const inner = innerGateway();
    inner.getJob.mockRejectedValueOnce(new Error('down'));
    const gateway = new CachingJenkinsGateway(
      inner,
      memoryCache(),
      configWith('perUser'),
    );
    await expect(
      gateway.getJob(ctxFor('alice'), 'payments/deploy', 'name'),
    ).rejects.toThrow('down');
    await expect(
      gateway.getJob(ctxFor('alice'), 'payments/deploy', 'name'),
    ).resolves.toEqual({ call: 1 });
  });
});
