import type { Build, JobItem } from '../../model/types';

type Predicate = (b: Build) => boolean;
const completed: Predicate = b => b.result !== null;
/** Permalinks (`Job.getDynamic`), each the newest build matching a predicate. */
export const PERMALINKS: Record<string, Predicate> = {
  lastBuild: () => true,
  lastCompletedBuild: completed,
  lastFailedBuild: b => b.result === 'FAILURE',
  lastStableBuild: b => b.result === 'SUCCESS',
  lastSuccessfulBuild: b => b.result === 'SUCCESS' || b.result === 'UNSTABLE',
  lastUnstableBuild: b => b.result === 'UNSTABLE',
  lastUnsuccessfulBuild: b => b.result !== null && b.result !== 'SUCCESS',
};

/** Resolves a permalink by scanning from the newest build. */
export function resolvePermalink(
  job: JobItem,
  name: string,
): Build | undefined {
  const predicate = PERMALINKS[name];
  if (!predicate) return undefined;
  for (let n = job.builds.lastNumber; n >= 1; n--) {
    const b = job.builds.get(n);
    if (b && predicate(b)) return b;
  }
  return undefined;
}
