import {
  BuildCause,
  BuildStatus,
  BuildSummary,
  JobStatus,
  TestCounts,
} from '@internal/plugin-jenkins-common';
import { RawAction, RawBuild, RawCause } from '../jenkins/JenkinsJson';

const RESULT_STATUS: Record<string, BuildStatus> = {
  SUCCESS: 'success',
  UNSTABLE: 'unstable',
  FAILURE: 'failure',
  ABORTED: 'aborted',
  NOT_BUILT: 'not_built',
};

/** A build's status from `result` and `building`/`inProgress`. */
export function buildStatusOf(build: RawBuild): BuildStatus {
  if (build.result && RESULT_STATUS[build.result]) {
    return RESULT_STATUS[build.result];
  }
  if (build.building || build.inProgress || build.result === null) {
    return 'running';
  }
  return 'not_built';
}

/** A job's status: disabled, never built, or its last build's. */
export function jobStatusOf(job: {
  color?: string;
  buildable?: boolean;
  lastBuild?: RawBuild | null;
}): JobStatus {
  if (job.color === 'disabled') {
    return 'disabled';
  }
  if (!job.lastBuild) {
    return 'never_built';
  }
  return buildStatusOf(job.lastBuild);
}

function causeKind(jenkinsClass: string | undefined): BuildCause['kind'] {
  const name = jenkinsClass ?? '';
  if (/UserIdCause$|UserCause$/.test(name)) return 'user';
  if (/RemoteCause$/.test(name)) return 'remote';
  if (/TimerTriggerCause$/.test(name)) return 'timer';
  if (/SCMTriggerCause$|SCMEventCause|GitHubPushCause|PushCause$/.test(name)) {
    return 'scm';
  }
  if (/UpstreamCause$/.test(name)) return 'upstream';
  if (/BranchIndexingCause$|BranchEventCause$/.test(name)) return 'branch';
  return 'other';
}

function toCause(cause: RawCause): BuildCause {
  return {
    kind: causeKind(cause._class),
    description: cause.shortDescription ?? '',
    userId: cause.userId ?? null,
    userName: cause.userName ?? null,
  };
}

function actionsOf(build: RawBuild): RawAction[] {
  return (build.actions ?? []).filter(
    (action): action is RawAction => !!action && typeof action === 'object',
  );
}

/** `refs/remotes/origin/main` → `main`. */
function shortBranchName(name: string): string {
  return name.replace(/^refs\/(remotes\/[^/]+|heads)\//, '');
}

function testCountsOf(actions: RawAction[]): TestCounts | null {
  const tests = actions.find(action => typeof action.totalCount === 'number');
  if (!tests) {
    return null;
  }
  const total = tests.totalCount ?? 0;
  const failed = tests.failCount ?? 0;
  const skipped = tests.skipCount ?? 0;
  return {
    total,
    failed,
    skipped,
    passed: Math.max(0, total - failed - skipped),
  };
}

/**
 * Maps a Jenkins build to the API's BuildSummary. `branch` is the branch of
 * a multibranch job, which wins over the git revision's branch.
 */
export function toBuildSummary(
  build: RawBuild,
  options: { branch?: string; now?: number } = {},
): BuildSummary {
  const actions = actionsOf(build);
  const status = buildStatusOf(build);
  const revision = actions.find(
    action => action.lastBuiltRevision,
  )?.lastBuiltRevision;
  const running = status === 'running' || status === 'paused';
  const startedAt =
    typeof build.timestamp === 'number' ? build.timestamp : null;
  const estimate =
    typeof build.estimatedDuration === 'number' && build.estimatedDuration > 0
      ? build.estimatedDuration
      : null;
  const elapsed =
    running && startedAt !== null
      ? Math.max(0, (options.now ?? Date.now()) - startedAt)
      : null;
  const gitBranch = revision?.branch?.[0]?.name;
  return {
    number: build.number ?? 0,
    displayName: build.displayName ?? `#${build.number ?? '?'}`,
    url: build.url ?? '',
    status,
    startedAt,
    durationMs: running ? elapsed : build.duration ?? null,
    estimatedDurationMs: estimate,
    progress:
      running && estimate !== null && elapsed !== null
        ? Math.min(0.99, elapsed / estimate)
        : null,
    branch: options.branch ?? (gitBranch ? shortBranchName(gitBranch) : null),
    commit: revision?.SHA1 ?? null,
    causes: actions.flatMap(action => (action.causes ?? []).map(toCause)),
    tests: testCountsOf(actions),
  };
}
