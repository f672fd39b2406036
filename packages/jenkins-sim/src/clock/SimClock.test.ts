import { ScaledRealClock, VirtualClock } from './SimClock';

describe('clocks', () => {
  it('moves a virtual clock only when advanced', () => {
    const clock = new VirtualClock(1000);
    expect(clock.now()).toBe(1000);
    clock.advance(500);
    expect(clock.now()).toBe(1500);
    expect(() => clock.advance(-1)).toThrow();
  });

  it('scales wall time by the speed factor', () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(10_000);
    const clock = new ScaledRealClock(0, 10);
    now.mockReturnValue(10_100);
    expect(clock.now()).toBe(1000);
    clock.advance(5);
    expect(clock.now()).toBe(1005);
    now.mockRestore();
  });
});
