import {
  FairRequestLimiter,
  ReleaseSlot,
  SlotRequest,
} from './FairRequestLimiter';

const timeout = () => new Error('timed out');

function ask(
  limiter: FairRequestLimiter,
  granted: string[],
  name: string,
  request: Partial<SlotRequest> = {},
) {
  const [person, job = 'job'] = name.split(':');
  const slot = limiter
    .acquire({
      kind: 'read',
      person,
      job,
      waitMs: 60_000,
      timeoutError: timeout,
      ...request,
    })
    .then(release => {
      granted.push(name);
      return release;
    });
  // Requests a test leaves queued time out after `waitMs`, long after the
  // test ended; handle that here so the rejection is not reported against
  // whichever suite the worker runs next.
  slot.catch(() => undefined);
  return slot;
}

async function flush() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('FairRequestLimiter', () => {
  afterEach(() => jest.useRealTimers());

  it('gives another person’s single read the next free slot', async () => {
    const limiter = new FairRequestLimiter(2);
    const granted: string[] = [];
    const held = [
      await ask(limiter, granted, 'alice:a'),
      await ask(limiter, granted, 'alice:a'),
    ];
    const alice = Array.from({ length: 100 }, () =>
      ask(limiter, granted, 'alice:a'),
    );
    const bob = ask(limiter, granted, 'bob:a');
    granted.length = 0;
    held[0]();
    await flush();
    expect(granted).toEqual(['bob:a']);
    (await bob)();
    held[1]();
    await flush();
    expect(granted).toEqual(['bob:a', 'alice:a', 'alice:a']);
    expect(limiter.active).toBe(2);
    void alice;
  });

  it('takes turns between one person’s jobs, so a slow job cannot starve the rest', async () => {
    const limiter = new FairRequestLimiter(1);
    const granted: string[] = [];
    const first = await ask(limiter, granted, 'carol:x');
    const waits = [
      ...Array.from({ length: 5 }, () => ask(limiter, granted, 'alice:slow')),
      ask(limiter, granted, 'alice:fast'),
    ];
    granted.length = 0;
    first();
    (await waits[0])();
    await flush();
    expect(granted).toEqual(['alice:slow', 'alice:fast']);
  });

  it('never holds more slots than the limit', async () => {
    const limiter = new FairRequestLimiter(3);
    const granted: string[] = [];
    const waits = Array.from({ length: 20 }, (_, i) =>
      ask(limiter, granted, `p${i % 4}:j${i}`),
    );
    await flush();
    expect(granted).toHaveLength(3);
    let max = 0;
    for (const wait of waits) {
      const release: ReleaseSlot = await wait;
      max = Math.max(max, limiter.active);
      release();
      await flush();
    }
    expect(max).toBe(3);
    expect(granted).toHaveLength(20);
    expect(limiter.active).toBe(0);
  });

  it('gives a waiting write the next free slot before any read', async () => {
    const limiter = new FairRequestLimiter(1);
    const granted: string[] = [];
    const first = await ask(limiter, granted, 'alice:a');
    for (let i = 0; i < 10; i++) void ask(limiter, granted, `p${i}:a`);
    const write = ask(limiter, granted, 'zoe:w', { kind: 'write' });
    granted.length = 0;
    first();
    await flush();
    expect(granted).toEqual(['zoe:w']);
    await write;
  });

  it('lets a shared read that many people wait for overtake a cold burst of access checks', async () => {
    const limiter = new FairRequestLimiter(1);
    const granted: string[] = [];
    const holder = await ask(limiter, granted, 'p0:check');
    // 200 people's access checks, then the one shared read they all need.
    for (let i = 1; i <= 200; i++) void ask(limiter, granted, `p${i}:check`);
    const data = ask(limiter, granted, 'p1:data', { shared: true });
    granted.length = 0;
    holder();
    await flush();
    // The lanes take turns: the shared read is granted first, not 201st.
    expect(granted).toEqual(['p1:data']);
    (await data)();
    await flush();
    expect(granted).toEqual(['p1:data', 'p1:check']);
  });

  it('does not starve people’s reads behind a burst of shared reads, and takes shared jobs in turn', async () => {
    const limiter = new FairRequestLimiter(1);
    const granted: string[] = [];
    const releases: ReleaseSlot[] = [];
    // The requests still queued when the test ends time out a minute later:
    // the chained promise must handle that too, or its rejection is charged
    // to whatever test the worker runs then (as "timed out" from another
    // realm, with no stack).
    const hold = (name: string, request: Partial<SlotRequest> = {}) =>
      void ask(limiter, granted, name, request).then(
        r => releases.push(r),
        () => undefined,
      );
    hold('p0:x');
    await flush();
    for (let i = 0; i < 5; i++) hold('p0:slow', { shared: true });
    hold('p0:fast', { shared: true });
    hold('bob:check');
    granted.length = 0;
    for (let turn = 0; turn < 4; turn++) {
      releases.shift()!();
      await flush();
    }
    expect(granted).toEqual(['p0:slow', 'bob:check', 'p0:fast', 'p0:slow']);
  });

  it('fails a wait at the caller’s deadline and forgets it', async () => {
    jest.useFakeTimers();
    const limiter = new FairRequestLimiter(1);
    const granted: string[] = [];
    const first = await ask(limiter, granted, 'alice:a');
    const late = ask(limiter, granted, 'bob:a', { waitMs: 100 });
    const outcome = late.then(
      () => 'granted',
      (e: Error) => e.message,
    );
    jest.advanceTimersByTime(99);
    await flush();
    expect(granted).toEqual(['alice:a']);
    jest.advanceTimersByTime(1);
    await expect(outcome).resolves.toBe('timed out');
    first();
    await flush();
    expect(granted).toEqual(['alice:a']);
    expect(limiter.active).toBe(0);
  });

  it('fails at once a wait with no budget left', async () => {
    const limiter = new FairRequestLimiter(1);
    await ask(limiter, [], 'alice:a');
    await expect(ask(limiter, [], 'bob:a', { waitMs: 0 })).rejects.toThrow(
      'timed out',
    );
  });
});
