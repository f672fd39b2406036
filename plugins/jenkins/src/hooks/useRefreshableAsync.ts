import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

/** The state of a read that can be refreshed in the background. */
export interface RefreshableAsync<T> {
  /** The latest value; kept while a refresh runs so the view never blanks. */
  value?: T;
  /** The latest failure; with a value it came from a background refresh. */
  error?: Error;
  loading: boolean;
  /** Reads again, keeping the current value on screen meanwhile. */
  refresh: () => void;
}

/**
 * Like react-use's `useAsyncRetry`, but a change of `deps` starts from a
 * clean slate (no stale value of another job on screen) while `refresh`
 * keeps the current value, and answers that arrive late are dropped.
 */
export function useRefreshableAsync<T>(
  fn: () => Promise<T>,
  deps: DependencyList,
  /**
   * A value already at hand (e.g. from the overview): shown at once, and
   * the first read is skipped; a change of `deps` reads as usual.
   */
  initial?: T,
): RefreshableAsync<T> {
  const [state, setState] = useState<Omit<RefreshableAsync<T>, 'refresh'>>(() =>
    initial !== undefined
      ? { value: initial, loading: false }
      : { loading: true },
  );
  const skipFirstRead = useRef(initial !== undefined);
  const generation = useRef(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  const load = useCallback((reset: boolean): (() => void) => {
    const id = ++generation.current;
    setState(previous =>
      reset ? { loading: true } : { ...previous, loading: true },
    );
    fnRef.current().then(
      value => {
        if (id === generation.current) {
          setState({ value, loading: false });
        }
      },
      error => {
        if (id === generation.current) {
          setState(previous => ({
            value: reset ? undefined : previous.value,
            error,
            loading: false,
          }));
        }
      },
    );
    // Drops this read's answer, e.g. when the view unmounts or deps change.
    return () => {
      if (generation.current === id) {
        generation.current++;
      }
    };
  }, []);

  useEffect(() => {
    if (skipFirstRead.current) {
      skipFirstRead.current = false;
      return undefined;
    }
    return load(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const refresh = useCallback(() => {
    load(false);
  }, [load]);
  return { ...state, refresh };
}
