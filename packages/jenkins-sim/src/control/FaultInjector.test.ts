import { FaultInjector } from './FaultInjector';

describe('FaultInjector', () => {
  it('matches by path regex and method', () => {
    const faults = new FaultInjector();
    faults.add({
      path: '^/job/a/',
      method: 'post',
      kind: 'status',
      status: 500,
    });
    expect(faults.take('GET', '/job/a/build')).toBeUndefined();
    expect(faults.take('POST', '/job/b/build')).toBeUndefined();
    expect(faults.take('POST', '/job/a/build')).toMatchObject({
      kind: 'status',
      hits: 1,
    });
  });

  it('removes a fault after `times` uses', () => {
    const faults = new FaultInjector();
    faults.add({ path: '.', kind: 'latency', latencyMs: 1, times: 2 });
    expect(faults.take('GET', '/')).toBeDefined();
    expect(faults.take('GET', '/')).toBeDefined();
    expect(faults.take('GET', '/')).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it('rejects unknown kinds and status faults without a status', () => {
    const faults = new FaultInjector();
    expect(() => faults.add({ path: '.', kind: 'explode' as any })).toThrow(
      /Unknown fault kind/,
    );
    expect(() => faults.add({ path: '.', kind: 'status' })).toThrow(
      /needs a status/,
    );
  });
});
