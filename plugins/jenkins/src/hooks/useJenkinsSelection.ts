import { useAppSearchParams } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';

/**
 * What the Jenkins tab shows, kept in the URL (`?job=&branch=&build=`) so a
 * build view can be linked to, bookmarked and reached with the back button.
 * Works in both frontend systems.
 */
export function useJenkinsSelection() {
  const [params, setParams] = useAppSearchParams();
  const jobId = params.get('job') ?? undefined;
  const branchId = params.get('branch') ?? undefined;
  const buildParam = Number(params.get('build'));
  const buildNumber =
    Number.isInteger(buildParam) && buildParam > 0 ? buildParam : undefined;

  const update = useCallback(
    (next: { job?: string; branch?: string; build?: number }) => {
      setParams(previous => {
        const result = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(next)) {
          if (value === undefined || value === '') {
            result.delete(key);
          } else {
            result.set(key, String(value));
          }
        }
        return result;
      });
    },
    [setParams],
  );

  const selectJob = useCallback(
    (job: string) => update({ job, branch: undefined, build: undefined }),
    [update],
  );
  const selectBranch = useCallback(
    (branch: string) => update({ branch, build: undefined }),
    [update],
  );
  const selectJobBranch = useCallback(
    (job: string, branch: string) => update({ job, branch, build: undefined }),
    [update],
  );
  const openBuild = useCallback(
    (job: string, build: number, branch?: string) =>
      update({ job, branch, build }),
    [update],
  );
  const closeBuild = useCallback(() => update({ build: undefined }), [update]);

  return {
    jobId,
    branchId,
    buildNumber,
    selectJob,
    selectBranch,
    selectJobBranch,
    openBuild,
    closeBuild,
  };
}

/** The query string that opens a build in the Jenkins tab. */
export function buildViewQuery(
  jobId: string,
  buildNumber: number,
  branchId?: string,
): string {
  const query = new URLSearchParams({ job: jobId });
  if (branchId) {
    query.set('branch', branchId);
  }
  query.set('build', String(buildNumber));
  return `?${query.toString()}`;
}
