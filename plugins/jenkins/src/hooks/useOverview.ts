import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { OverviewResponse } from '@internal/plugin-jenkins-common';
import { useRef } from 'react';
import { jenkinsApiRef } from '../api';
import { isJobLive } from './useJobs';
import { useJenkinsLiveUpdates } from './useJenkinsLiveUpdates';
import { RefreshableAsync, useRefreshableAsync } from './useRefreshableAsync';

/**
 * The entity's overview: the tab's first paint in one request (jobs, the
 * job shown first with its builds and trend, the activity). Later, only
 * the jobs are read again — when the backend signals a build, or (without
 * signals) while a build is live; the views under them refresh themselves.
 *
 * @param jobId - the job (or branch) id the tab opens on, if the URL names one
 */
export function useOverview(
  entityRef: CompoundEntityRef,
  jobId?: string,
): RefreshableAsync<OverviewResponse> {
  const api = useApi(jenkinsApiRef);
  const current = useRef<{
    entityRef: CompoundEntityRef;
    value: OverviewResponse;
  }>();
  // The job of the first paint only: choosing another job later is served
  // by the builds route, not by a new overview.
  const firstJobId = useRef(jobId);
  // The job shown now: a branch found by searching stays among its job's
  // branches when the jobs are read again.
  const shownJobId = useRef(jobId);
  shownJobId.current = jobId;
  const overview = useRefreshableAsync(async () => {
    const shown =
      current.current?.entityRef === entityRef
        ? current.current.value
        : undefined;
    const value = shown
      ? {
          ...shown,
          jobs: await (shownJobId.current
            ? api.getJobs(entityRef, { include: shownJobId.current })
            : api.getJobs(entityRef)),
        }
      : await api.getOverview(entityRef, { job: firstJobId.current });
    current.current = { entityRef, value };
    return value;
  }, [api, entityRef]);
  const live = Boolean(overview.value?.jobs.jobs.some(isJobLive));
  useJenkinsLiveUpdates(entityRef, { live, refresh: overview.refresh });
  return overview;
}
