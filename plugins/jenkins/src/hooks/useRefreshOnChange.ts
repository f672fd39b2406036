import { useEffect, useRef } from 'react';

/**
 * Calls `refresh` whenever `version` changes after the first render, e.g.
 * when a job's last build changed and views derived from it are stale.
 */
export function useRefreshOnChange(
  version: string | undefined,
  refresh: () => void,
): void {
  const previous = useRef(version);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    if (previous.current !== version) {
      previous.current = version;
      refreshRef.current();
    }
  }, [version]);
}
