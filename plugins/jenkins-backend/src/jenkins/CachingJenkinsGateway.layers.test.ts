import { CacheService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import { CachingJenkinsGateway } from './CachingJenkinsGateway';
import { JenkinsGateway, JenkinsRequestContext } from './JenkinsGateway';
import { GENERATION_RECHECK_MS } from './LayeredReadCache';

const TTL_MS = 10_000;

/** Backstage's cache contract over a Map shared by "replicas", with spies. */
function sharedStore() {
  const store = new Map<string, unknown>();
  const cache = {
    get: jest.fn(async (key: string) => structuredClone(store.get(key))),
    set: jest.fn(async (key: string, value: unknown) => {
      store.set(key, structuredClone(value));
    }),
    delete: jest.fn(async (key: string) => {
      store.delete(key);
    }),
    withOptions: () => cache,
  };
  return cache as typeof cache & CacheService;
}

const config = (reads: 'perUser' | 'shared') =>
  readJenkinsConfig(
    new ConfigReader({
      jenkins: {
        instances: [
          {
            name: 'default',
            baseUrl: 'http://jenkins',
            identity: { strategy: 'jwt' },
            reads,
            readCredentials: { user: 'reader', apiToken: 't' },
            cacheTtlSeconds: TTL_MS / 1000,
          },
        ],
      },
    }),
  );

const alice: JenkinsRequestContext = {
  instance: 'default',
  principal: { userRef: 'user:default/alice', userName: 'alice', groups: [] },
  purpose: 'read',
};
const bob = { ...alice, principal: { ...alice.principal, userName: 'bob' } };

/** An inner gateway whose reads answer when the test says so. */
function jenkins() {
  const pending: Array<() => void> = [];
  let answers = 0;
  const getJob = jest.fn(
    () =>
      new Promise<{ answer: number }>(resolve => {
        pending.push(() => resolve({ answer: ++answers }));
      }),
  );
  const inner = { getJob } as unknown as JenkinsGateway;
  /** Answers every read asked so far; lets the callers continue. */
  const answerAll = async () => {
    await flush();
    for (const answer of pending.splice(0)) answer();
    await flush();
  };
  return { inner, getJob, answerAll };
}

async function flush() {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function setup(reads: 'perUser' | 'shared' = 'perUser', random = () => 0) {
  const clock = { now: 1_000_000 };
  const cache = sharedStore();
  const j = jenkins();
  const replica = (store = cache) =>
    new CachingJenkinsGateway(j.inner, store, config(reads), {
      now: () => clock.now,
      random,
    });
  return { clock, cache, ...j, gateway: replica(), replica };
}

async function read(gateway: CachingJenkinsGateway, ctx = alice) {
  return gateway.getJob(ctx, 'payments/deploy', 'name');
}

describe('CachingJenkinsGateway in process', () => {
  it('serves a warm read from memory without the cache service', async () => {
    const { gateway, cache, answerAll, getJob } = setup();
    const first = read(gateway);
    await answerAll();
    await expect(first).resolves.toEqual({ answer: 1 });
    const gets = cache.get.mock.calls.length;
    await expect(read(gateway)).resolves.toEqual({ answer: 1 });
    expect(cache.get.mock.calls.length).toBe(gets);
    expect(getJob).toHaveBeenCalledTimes(1);
  });

  it('coalesces cold reads of many people sharing one identity', async () => {
    const { gateway, answerAll, getJob } = setup('shared');
    const reads = [read(gateway, alice), read(gateway, bob)];
    await flush();
    await answerAll();
    await expect(Promise.all(reads)).resolves.toEqual([
      { answer: 1 },
      { answer: 1 },
    ]);
    expect(getJob).toHaveBeenCalledTimes(1);
  });

  it('drops both layers on invalidation, here at once', async () => {
    const { gateway, replica, answerAll, getJob } = setup();
    const first = read(gateway);
    await answerAll();
    await first;
    await gateway.invalidateJob('default', 'payments/deploy');
    const second = read(gateway);
    await flush();
    await answerAll();
    await expect(second).resolves.toEqual({ answer: 2 });
    expect(getJob).toHaveBeenCalledTimes(2);
    // The shared layer moved on too: a fresh replica does not see answer 1.
    const other = read(replica());
    await flush();
    await expect(other).resolves.toEqual({ answer: 2 });
    expect(getJob).toHaveBeenCalledTimes(2);
  });

  it('sees another replica’s invalidation within the recheck bound', async () => {
    const { clock, gateway, cache, replica, answerAll } = setup();
    const writer = replica();
    const first = read(gateway);
    await answerAll();
    await first;
    await writer.invalidateJob('default', 'payments/deploy');
    // Within the bound this replica may still serve what it holds ...
    await expect(read(gateway)).resolves.toEqual({ answer: 1 });
    // ... after it, it asks the shared cache and reads again.
    clock.now += GENERATION_RECHECK_MS;
    const after = read(gateway);
    await flush();
    await answerAll();
    await expect(after).resolves.toEqual({ answer: 2 });
    expect(cache.get).toHaveBeenCalledWith('gen:default:payments/deploy');
  });

  it('serves a stale entry while exactly one refresh runs', async () => {
    const { clock, gateway, answerAll, getJob } = setup();
    const first = read(gateway);
    await answerAll();
    await first;
    clock.now += TTL_MS + 1;
    const stale = await Promise.all(
      Array.from({ length: 10 }, () => read(gateway)),
    );
    expect(stale).toEqual(Array(10).fill({ answer: 1 }));
    expect(getJob).toHaveBeenCalledTimes(2);
    await answerAll();
    await expect(read(gateway)).resolves.toEqual({ answer: 2 });
    expect(getJob).toHaveBeenCalledTimes(2);
  });

  it('does not serve an entry older than twice the TTL', async () => {
    const { clock, gateway, answerAll, getJob } = setup();
    const first = read(gateway);
    await answerAll();
    await first;
    clock.now += 2 * TTL_MS;
    const late = read(gateway);
    await flush();
    await answerAll();
    await expect(late).resolves.toEqual({ answer: 2 });
    expect(getJob).toHaveBeenCalledTimes(2);
  });

  it('jitters the TTL so entries do not expire together', async () => {
    // random() = 1: fresh for 80 % of the TTL only.
    const { clock, gateway, answerAll, getJob } = setup('perUser', () => 1);
    const first = read(gateway);
    await answerAll();
    await first;
    clock.now += 0.79 * TTL_MS;
    await read(gateway);
    expect(getJob).toHaveBeenCalledTimes(1);
    clock.now += 0.02 * TTL_MS;
    await read(gateway);
    expect(getJob).toHaveBeenCalledTimes(2);
  });

  it('ages a shared entry by when Jenkins answered, across replicas', async () => {
    const { clock, gateway, cache, replica, answerAll, getJob } = setup();
    const first = read(gateway);
    await answerAll();
    await first;
    clock.now += 1.5 * TTL_MS;
    // Another replica finds it in the shared cache: stale, so refreshed.
    await expect(read(replica(cache))).resolves.toEqual({ answer: 1 });
    expect(getJob).toHaveBeenCalledTimes(2);
  });

  it('freezes kept values so no reader can change them for others', async () => {
    const { gateway, answerAll } = setup();
    const first = read(gateway);
    await answerAll();
    expect(Object.isFrozen(await first)).toBe(true);
  });
});
