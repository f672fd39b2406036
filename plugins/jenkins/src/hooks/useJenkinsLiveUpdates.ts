import { CompoundEntityRef } from '@backstage/catalog-model';
import { decodeJobId } from '@internal/plugin-jenkins-common';
import { useRef } from 'react';
import { LiveRefreshOptions, useLiveRefresh } from './useLiveRefresh';
import { useJenkinsSignals } from './useJenkinsSignals';

/**
 * Whether a signal about `signalJobId` concerns a view of `viewJobId`: the
 * same job, or a multibranch job and one of its branches (a branch's build
 * is news to the job's view and the other way round).
 */
export function signalConcernsJob(
  signalJobId: string,
  viewJobId: string,
): boolean {
  if (signalJobId === viewJobId) {
    return true;
  }
  const signal = decodeJobId(signalJobId);
  const view = decodeJobId(viewJobId);
  if (!signal || !view || signal.instance !== view.instance) {
    return false;
  }
  return (
    signal.fullName.startsWith(`${view.fullName}/`) ||
    view.fullName.startsWith(`${signal.fullName}/`)
  );
}

/** What a view shows, for {@link useJenkinsLiveUpdates}. */
export interface LiveUpdatesOptions {
  /** The job (or branch) the view shows; every job of the entity if unset. */
  jobId?: string;
  /** The build the view shows; only its signals refresh it, if set. */
  buildNumber?: number;
  /** Whether something shown is queued or running (polling fallback). */
  live: boolean;
  /** Reads the view again. */
  refresh: () => void;
  /** How the fallback polls. */
  poll?: LiveRefreshOptions;
  /**
   * Poll while `live` even when signals arrive, for what changes without a
   * build event (a running build's stages and pending inputs).
   */
  pollWhileLive?: boolean;
}

/**
 * Keeps a view of an entity's Jenkins jobs current: it reads again as soon
 * as the backend signals a build transition of the view's job, and polls
 * while something is live only where signals are not available. Returns
 * whether signals are available.
 */
export function useJenkinsLiveUpdates(
  entityRef: CompoundEntityRef,
  options: LiveUpdatesOptions,
): boolean {
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const signalsAvailable = useJenkinsSignals(entityRef, signal => {
    const { jobId, buildNumber, refresh } = optionsRef.current;
    if (jobId !== undefined && !signalConcernsJob(signal.jobId, jobId)) {
      return;
    }
    if (buildNumber !== undefined && signal.buildNumber !== buildNumber) {
      return;
    }
    refresh();
  });
  useLiveRefresh(
    options.live && (!signalsAvailable || Boolean(options.pollWhileLive)),
    options.refresh,
    options.poll,
  );
  return signalsAvailable;
}
