import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEffect, useState } from 'react';
import { jenkinsApiRef } from '../../api';
import { useDocumentVisible } from '../../hooks/useLiveRefresh';

/** How long to wait between reads of a log that is still being written. */
export const LOG_FOLLOW_INTERVAL_MS = 2000;

/**
 * Reads a build log progressively: the first chunk, then, while Jenkins says
 * there is more, the next chunk from the offset it gave, until the build is
 * done. Pauses while the browser tab is hidden.
 */
export function useBuildLog(
  entityRef: CompoundEntityRef,
  jobId: string,
  buildNumber: number,
  enabled: boolean,
) {
  const api = useApi(jenkinsApiRef);
  const visible = useDocumentVisible();
  const [state, setState] = useState<{
    text: string;
    start: number;
    more: boolean;
    loaded: boolean;
    /** Counts reads, so a read that brought nothing new still schedules the next. */
    reads: number;
    error?: Error;
  }>({ text: '', start: 0, more: true, loaded: false, reads: 0 });

  useEffect(() => {
    setState({ text: '', start: 0, more: true, loaded: false, reads: 0 });
  }, [entityRef, jobId, buildNumber]);

  const { start, more, loaded, reads, error } = state;
  useEffect(() => {
    if (!enabled || !more || !visible || error) {
      return undefined;
    }
    let cancelled = false;
    const read = () =>
      api.getBuildLog(entityRef, jobId, buildNumber, start).then(
        chunk => {
          if (!cancelled) {
            setState(previous => ({
              text: previous.text + chunk.text,
              start: chunk.nextStart,
              more: chunk.more,
              loaded: true,
              reads: previous.reads + 1,
            }));
          }
        },
        e => {
          if (!cancelled) {
            setState(previous => ({ ...previous, loaded: true, error: e }));
          }
        },
      );
    // The first chunk comes at once; later ones once Jenkins had time to write.
    const timer = setTimeout(read, loaded ? LOG_FOLLOW_INTERVAL_MS : 0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [
    api,
    entityRef,
    jobId,
    buildNumber,
    start,
    more,
    loaded,
    reads,
    visible,
    enabled,
    error,
  ]);

  return state;
}
