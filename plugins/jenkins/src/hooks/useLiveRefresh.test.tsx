import { act, renderHook } from '@testing-library/react';
import { useLiveRefresh } from './useLiveRefresh';

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('useLiveRefresh', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    setVisibility('visible');
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('refreshes on an interval that backs off while something is live', () => {
    const refresh = jest.fn();
    renderHook(() =>
      useLiveRefresh(true, refresh, {
        initialMs: 1000,
        factor: 2,
        maxMs: 4000,
      }),
    );
    act(() => jest.advanceTimersByTime(999));
    expect(refresh).toHaveBeenCalledTimes(0);
    act(() => jest.advanceTimersByTime(1));
    expect(refresh).toHaveBeenCalledTimes(1);
    act(() => jest.advanceTimersByTime(2000));
    expect(refresh).toHaveBeenCalledTimes(2);
    act(() => jest.advanceTimersByTime(4000));
    expect(refresh).toHaveBeenCalledTimes(3);
    // Capped at maxMs.
    act(() => jest.advanceTimersByTime(4000));
    expect(refresh).toHaveBeenCalledTimes(4);
  });

  it('does not refresh when nothing is live', () => {
    const refresh = jest.fn();
    renderHook(() => useLiveRefresh(false, refresh));
    act(() => jest.advanceTimersByTime(60000));
    expect(refresh).not.toHaveBeenCalled();
  });

  it('stops when the live build finishes', () => {
    const refresh = jest.fn();
    const { rerender } = renderHook(
      ({ active }) => useLiveRefresh(active, refresh, { initialMs: 1000 }),
      { initialProps: { active: true } },
    );
    act(() => jest.advanceTimersByTime(1000));
    expect(refresh).toHaveBeenCalledTimes(1);
    rerender({ active: false });
    act(() => jest.advanceTimersByTime(60000));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('pauses while the browser tab is hidden and refreshes at once when it is back', () => {
    const refresh = jest.fn();
    renderHook(() => useLiveRefresh(true, refresh, { initialMs: 1000 }));
    act(() => setVisibility('hidden'));
    act(() => jest.advanceTimersByTime(60000));
    expect(refresh).not.toHaveBeenCalled();
    act(() => setVisibility('visible'));
    expect(refresh).toHaveBeenCalledTimes(1);
    act(() => jest.advanceTimersByTime(1000));
    expect(refresh).toHaveBeenCalledTimes(2);
  });
});
