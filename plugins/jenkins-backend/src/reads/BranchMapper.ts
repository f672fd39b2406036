import {
  BranchSummary,
  decodeJobId,
  JobStatus,
  MAX_SUMMARY_BRANCHES,
} from '@internal/plugin-jenkins-common';
import { RawJob } from '../jenkins/JenkinsJson';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { jobStatusOf, toBuildSummary } from './BuildMapper';

/**
 * A multibranch job's branches as the API shows them: which of thousands a
 * summary lists, their names, statuses and last builds.
 */

/** A branch job of a multibranch job's answer. */
export type RawBranch = NonNullable<RawJob['jobs']>[number];

function startedAtOf(branch: RawBranch): number {
  const timestamp = branch.lastBuild?.timestamp;
  return typeof timestamp === 'number' ? timestamp : -1;
}

/** A multibranch job has no builds of its own: it shows its newest branch build's status. */
export function multibranchStatus(branches: RawBranch[]): JobStatus {
  let newest: RawBranch | undefined;
  for (const branch of branches) {
    if (
      branch.lastBuild &&
      (!newest || startedAtOf(branch) > startedAtOf(newest))
    ) {
      newest = branch;
    }
  }
  return newest ? jobStatusOf(newest) : 'never_built';
}

/** The git name of a branch job, e.g. `feature/fast-refunds`. */
function branchNameOf(parent: ResolvedJob, branch: RawBranch): string {
  const encoded =
    branch.name ?? (branch.fullName ?? '').slice(parent.fullName.length + 1);
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/**
 * Sorted once per Jenkins answer: a cached answer is the same array on
 * every view, so thousands of branches are not sorted per view.
 */
const sortedAnswers = new WeakMap<RawBranch[], RawBranch[]>();

/** The most recently built first (never built last). */
function newestFirst(branches: RawBranch[]): RawBranch[] {
  let sorted = sortedAnswers.get(branches);
  if (!sorted) {
    sorted = [...branches].sort((a, b) => startedAtOf(b) - startedAtOf(a));
    sortedAnswers.set(branches, sorted);
  }
  return sorted;
}

/** Lowercased git names, once per Jenkins answer (see `newestFirst`). */
const searchableAnswers = new WeakMap<RawBranch[], string[]>();

/**
 * The branches whose git name contains `query` (lowercase), ignoring case,
 * in Jenkins' order.
 */
export function branchesMatching(
  parent: ResolvedJob,
  branches: RawBranch[],
  query: string,
): RawBranch[] {
  if (!query) {
    return branches;
  }
  let names = searchableAnswers.get(branches);
  if (!names) {
    names = branches.map(branch =>
      branchNameOf(parent, branch).toLocaleLowerCase('en-US'),
    );
    searchableAnswers.set(branches, names);
  }
  const found = names;
  return branches.filter((_, index) => found[index].includes(query));
}

/**
 * The branches a summary shows: all up to `MAX_SUMMARY_BRANCHES`, else main,
 * master, the one asked for and the most recently built; in Jenkins' order.
 */
export function shownBranches(
  branches: RawBranch[],
  parentFullName: string,
  include?: string,
): RawBranch[] {
  if (branches.length <= MAX_SUMMARY_BRANCHES) {
    return branches;
  }
  const asked = include ? decodeJobId(include)?.fullName.toLowerCase() : '';
  const nameOf = (branch: RawBranch) =>
    (branch.fullName ?? `${parentFullName}/${branch.name}`).toLowerCase();
  const first = (branch: RawBranch) =>
    ['main', 'master'].includes((branch.name ?? '').toLowerCase()) ||
    nameOf(branch) === asked;
  const chosen = new Set(branches.filter(first).slice(0, MAX_SUMMARY_BRANCHES));
  for (const branch of newestFirst(branches)) {
    if (chosen.size >= MAX_SUMMARY_BRANCHES) break;
    chosen.add(branch);
  }
  return branches.filter(branch => chosen.has(branch));
}

/** A branch job of a multibranch job's answer, as the API shows it. */
export function toBranchSummary(
  parent: ResolvedJob,
  branchJob: RawBranch,
  branchOf: (parent: ResolvedJob, branchFullName: string) => ResolvedJob,
  now: number,
): BranchSummary {
  const fullName = branchJob.fullName ?? `${parent.fullName}/${branchJob.name}`;
  const branch = branchOf(parent, fullName);
  const name = branch.branch ?? branchJob.name ?? fullName;
  return {
    id: branch.id,
    name,
    fullName,
    url: branchJob.url ?? '',
    status: jobStatusOf(branchJob),
    lastBuild: branchJob.lastBuild
      ? toBuildSummary(branchJob.lastBuild, { branch: name, now })
      : null,
  };
}
