import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { JobSummary } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../api';
import { isLiveStatus } from '../components/BuildStatus';
import { useJenkinsLiveUpdates } from './useJenkinsLiveUpdates';
import { useRefreshableAsync } from './useRefreshableAsync';

/** Whether anything a job shows is queued, running or waiting at an input. */
export function isJobLive(job: JobSummary): boolean {
  const live = (b: {
    status: JobSummary['status'];
    lastBuild: { status: JobSummary['status'] } | null;
  }) =>
    isLiveStatus(b.status) ||
    Boolean(b.lastBuild && isLiveStatus(b.lastBuild.status));
  return live(job) || Boolean(job.branches?.some(live));
}

/**
 * The entity's jobs, read again when the backend signals a build of any of
 * them, or (without signals) polled while any of them has a live build.
 */
export function useJobs(entityRef: CompoundEntityRef) {
  const api = useApi(jenkinsApiRef);
  const jobs = useRefreshableAsync(
    () => api.getJobs(entityRef),
    [api, entityRef],
  );
  const live = Boolean(jobs.value?.jobs.some(isJobLive));
  useJenkinsLiveUpdates(entityRef, { live, refresh: jobs.refresh });
  return jobs;
}
