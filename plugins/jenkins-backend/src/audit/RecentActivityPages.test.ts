import { RecentActivityPages } from './RecentActivityPages';
import { AuditPage } from './types';

function page(label: string): AuditPage {
  return { items: [], nextCursor: label };
}

describe('RecentActivityPages', () => {
  let now: number;
  let pages: RecentActivityPages;
  beforeEach(() => {
    now = 0;
    pages = new RecentActivityPages(1000, () => now);
  });

  it('loads a page once per second, shared by concurrent and later reads', async () => {
    const load = jest.fn(async () => page('first'));
    const reads = await Promise.all(
      Array.from({ length: 200 }, () => pages.read('10|e', load)),
    );
    now = 999;
    reads.push(await pages.read('10|e', load));
    expect(load).toHaveBeenCalledTimes(1);
    expect(new Set(reads.map(r => r.nextCursor))).toEqual(new Set(['first']));

    now = 1000;
    load.mockImplementation(async () => page('second'));
    expect((await pages.read('10|e', load)).nextCursor).toBe('second');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps each key apart', async () => {
    const load = jest.fn(async () => page('p'));
    await pages.read('10|a', load);
    await pages.read('10|b', load);
    await pages.read('20|a', load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('forgets every page once something is written', async () => {
    const load = jest.fn(async () => page('before'));
    await pages.read('10|e', load);
    pages.changed();
    load.mockImplementation(async () => page('after'));
    expect((await pages.read('10|e', load)).nextCursor).toBe('after');
  });

  it('does not serve a read that began before a write once it lands', async () => {
    let finish: (p: AuditPage) => void = () => {};
    const slow = pages.read(
      '10|e',
      () => new Promise<AuditPage>(resolve => (finish = resolve)),
    );
    pages.changed();
    finish(page('stale'));
    expect((await slow).nextCursor).toBe('stale');
    const fresh = jest.fn(async () => page('fresh'));
    expect((await pages.read('10|e', fresh)).nextCursor).toBe('fresh');
    expect(fresh).toHaveBeenCalledTimes(1);
  });

  it('does not keep a failed read', async () => {
    await expect(
      pages.read('10|e', async () => {
        throw new Error('database down');
      }),
    ).rejects.toThrow('database down');
    const load = jest.fn(async () => page('ok'));
    expect((await pages.read('10|e', load)).nextCursor).toBe('ok');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps at most 500 entities, dropping the oldest', async () => {
    const load = jest.fn(async () => page('p'));
    for (let i = 0; i <= 500; i++) {
      await pages.read(`10|e${i}`, load);
    }
    await pages.read('10|e500', load);
    expect(load).toHaveBeenCalledTimes(501);
    await pages.read('10|e0', load);
    expect(load).toHaveBeenCalledTimes(502);
  });
});
