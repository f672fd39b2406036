import { BranchSummary, JobSummary } from '@internal/plugin-jenkins-common';

/**
 * What an action is aimed at: a job, or one branch of a multibranch job.
 * A branch is a job of its own in Jenkins (its `id` is a job id) but it
 * inherits its parent's parameters, capabilities and environment.
 */
export interface JobTarget {
  job: JobSummary;
  branch?: BranchSummary;
}

/** The job id to send to the backend for a target. */
export function targetJobId(target: JobTarget): string {
  return target.branch?.id ?? target.job.id;
}

/** The full name in Jenkins of a target. */
export function targetFullName(target: JobTarget): string {
  return target.branch?.fullName ?? target.job.fullName;
}

/** The branch shown first: the one asked for, else main or master, else the first. */
export function defaultBranch(
  job: JobSummary,
  preferred?: string,
): BranchSummary | undefined {
  const branches = job.branches ?? [];
  return (
    branches.find(b => b.id === preferred || b.name === preferred) ??
    branches.find(b => b.name === 'main') ??
    branches.find(b => b.name === 'master') ??
    branches[0]
  );
}

/** Resolves a job and optional branch id into a target. */
export function resolveTarget(job: JobSummary, branchId?: string): JobTarget {
  if (job.kind !== 'multibranch' || !job.branches?.length) {
    return { job };
  }
  return { job, branch: defaultBranch(job, branchId) };
}
