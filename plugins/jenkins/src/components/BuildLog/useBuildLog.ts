import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEffect, useState } from 'react';
import { jenkinsApiRef } from '../../api';
import { useDocumentVisible } from '../../hooks/useLiveRefresh';

const INITIAL = {
  text: '',
  start: 0,
  more: true,
  hasMore: false,
  loaded: false,
  reads: 0,
};

/** How long to wait between reads of a log that is still being written. */
export const LOG_FOLLOW_INTERVAL_MS = 2000;

/**
 * Reads a build log progressively: the first chunk, then the next chunk
 * from the offset the backend gave, at once while an answer was cut at its
 * size bound (`hasMore`), every few seconds while the build still writes
 * (`more`), until the build is done. Pauses while the browser tab is hidden.
 */
export function useBuildLog(
  entityRef: CompoundEntityRef,
  jobId: string,
  buildNumber: number,
  enabled: boolean,
  /** A stage or step of the graph: its own log instead of the whole console. */
  nodeId?: string,
) {
  const api = useApi(jenkinsApiRef);
  const visible = useDocumentVisible();
  const [state, setState] = useState<{
    text: string;
    start: number;
    more: boolean;
    /** The last answer stopped at the size bound: read on at once. */
    hasMore: boolean;
    loaded: boolean;
    /** Counts reads, so a read that brought nothing new still schedules the next. */
    reads: number;
    error?: Error;
  }>(INITIAL);

  useEffect(() => {
    setState(INITIAL);
  }, [entityRef, jobId, buildNumber, nodeId]);

  const { start, more, hasMore, loaded, reads, error } = state;
  useEffect(() => {
    if (!enabled || !(more || hasMore) || !visible || error) {
      return undefined;
    }
    let cancelled = false;
    const read = () =>
      (nodeId === undefined
        ? api.getBuildLog(entityRef, jobId, buildNumber, start)
        : api.getNodeLog(entityRef, jobId, buildNumber, nodeId, start)
      ).then(
        chunk => {
          if (!cancelled) {
            setState(previous => ({
              text: previous.text + chunk.text,
              start: chunk.nextStart,
              more: chunk.more,
              hasMore: chunk.hasMore,
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
    // The first chunk, and the rest of a log cut at the size bound, come at
    // once; a running build's next lines once Jenkins had time to write.
    const timer = setTimeout(
      read,
      loaded && !hasMore ? LOG_FOLLOW_INTERVAL_MS : 0,
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [
    api,
    entityRef,
    jobId,
    buildNumber,
    nodeId,
    start,
    more,
    hasMore,
    loaded,
    reads,
    visible,
    enabled,
    error,
  ]);

  return state;
}
