import { useEffect, useRef, useState } from 'react';

/** How often live views refresh: first after `initialMs`, then slower. */
export interface LiveRefreshOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
}

export const LIVE_REFRESH_DEFAULTS = {
  initialMs: 3000,
  maxMs: 30000,
  factor: 1.5,
} as const;

function isDocumentVisible(): boolean {
  return (
    typeof document === 'undefined' || document.visibilityState !== 'hidden'
  );
}

/** Whether the browser tab is visible, following visibility changes. */
export function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(isDocumentVisible);
  useEffect(() => {
    const onChange = () => setVisible(isDocumentVisible());
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return visible;
}

/**
 * Calls `refresh` while `active` (something shown is queued or running):
 * first after `initialMs`, then backing off by `factor` up to `maxMs`. Stops
 * while the browser tab is hidden and refreshes at once when it comes back,
 * so nobody polls Jenkins for a page nobody looks at.
 */
export function useLiveRefresh(
  active: boolean,
  refresh: () => void,
  options?: LiveRefreshOptions,
): void {
  const visible = useDocumentVisible();
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const wasHidden = useRef(!visible);
  const initialMs = options?.initialMs ?? LIVE_REFRESH_DEFAULTS.initialMs;
  const maxMs = options?.maxMs ?? LIVE_REFRESH_DEFAULTS.maxMs;
  const factor = options?.factor ?? LIVE_REFRESH_DEFAULTS.factor;

  useEffect(() => {
    if (!visible) {
      wasHidden.current = true;
      return undefined;
    }
    if (!active) {
      return undefined;
    }
    if (wasHidden.current) {
      wasHidden.current = false;
      refreshRef.current();
    }
    let delay = initialMs;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      refreshRef.current();
      delay = Math.min(maxMs, delay * factor);
      timer = setTimeout(tick, delay);
    };
    timer = setTimeout(tick, delay);
    return () => clearTimeout(timer);
  }, [active, visible, initialMs, maxMs, factor]);
}
