import { renderHook } from '@testing-library/react';
import { useRefreshOnChange } from './useRefreshOnChange';

describe('useRefreshOnChange', () => {
  it('refreshes when the version changes, not on the first render or a re-render', () => {
    const refresh = jest.fn();
    const { rerender } = renderHook(
      ({ version }) => useRefreshOnChange(version, refresh),
      { initialProps: { version: '41:running' } },
    );
    rerender({ version: '41:running' });
    expect(refresh).not.toHaveBeenCalled();
    rerender({ version: '41:success' });
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
