import {
  Artifact,
  BuildCauseDetail,
  ChangeCommit,
  MAX_ARTIFACTS,
  MAX_CHANGES,
} from '@internal/plugin-jenkins-common';
import {
  RawBuildArtifacts,
  RawBuildCauses,
  RawBuildChanges,
  RawCauseDetail,
} from '../jenkins/JenkinsBuildViewsJson';

/** The change sets of a build, newest commits kept when there are too many. */
export function toChangeSets(
  raw: RawBuildChanges,
  userRefOf: (email: string | null) => string | null,
): {
  changeSets: Array<{ kind: string | null; commits: ChangeCommit[] }>;
  truncated: boolean;
} {
  const sets = raw.changeSets ?? (raw.changeSet ? [raw.changeSet] : []);
  let left = MAX_CHANGES;
  let truncated = false;
  const changeSets = sets.map(set => {
    const items = set.items ?? [];
    // Jenkins lists a change set oldest first: keep the newest.
    const kept = items.slice(Math.max(0, items.length - left));
    if (kept.length < items.length) truncated = true;
    left -= kept.length;
    return {
      kind: set.kind ?? null,
      commits: kept.map(item => {
        const email = item.authorEmail?.trim() || null;
        const paths =
          item.paths && item.paths.length > 0
            ? item.paths.map(p => ({
                path: p.file ?? '',
                editType: p.editType ?? null,
              }))
            : (item.affectedPaths ?? []).map(path => ({
                path,
                editType: null,
              }));
        return {
          id: item.commitId ?? item.id ?? '',
          message: item.msg ?? item.comment ?? '',
          author: {
            name: item.author?.fullName ?? email ?? '',
            email,
            userRef: userRefOf(email),
          },
          timestamp:
            typeof item.timestamp === 'number' && item.timestamp > 0
              ? item.timestamp
              : null,
          paths,
        };
      }),
    };
  });
  return { changeSets, truncated };
}

/** The distinct authors' e-mails of a build's changes. */
export function authorEmailsOf(raw: RawBuildChanges): string[] {
  const sets = raw.changeSets ?? (raw.changeSet ? [raw.changeSet] : []);
  const emails = new Set<string>();
  for (const set of sets) {
    for (const item of set.items ?? []) {
      const email = item.authorEmail?.trim();
      if (email) emails.add(email.toLocaleLowerCase('en-US'));
    }
  }
  return [...emails];
}

/** A build's artifacts, at most {@link MAX_ARTIFACTS}. */
export function toArtifacts(raw: RawBuildArtifacts): {
  artifacts: Artifact[];
  truncated: boolean;
} {
  const all = (raw.artifacts ?? []).filter(
    a => typeof a.relativePath === 'string' && a.relativePath !== '',
  );
  return {
    artifacts: all.slice(0, MAX_ARTIFACTS).map(a => ({
      path: a.relativePath!,
      fileName: a.fileName ?? a.relativePath!.split('/').pop()!,
      displayPath: a.displayPath ?? a.relativePath!,
    })),
    truncated: all.length > MAX_ARTIFACTS,
  };
}

/** "Restarted from build #41, stage Deploy" (`RestartedDeclarativePipelineCause.ShortDescription`). */
const RESTART_DESCRIPTION = /^Restarted from build #(\d+), stage (.*)$/;
/** "Replayed #41" / "Rebuilt #41" (workflow-cps `ReplayCause`). */
const REPLAY_DESCRIPTION = /^(Replayed|Rebuilt) #(\d+)$/;

/** One cause, typed by its Jenkins class. */
export function toCauseDetail(
  cause: RawCauseDetail,
  depth = 0,
): BuildCauseDetail {
  const jenkinsClass = cause._class ?? '';
  const description = cause.shortDescription ?? '';
  if (/RestartDeclarativePipelineCause$/.test(jenkinsClass)) {
    const match = RESTART_DESCRIPTION.exec(description);
    return {
      kind: 'restart',
      description,
      originBuild: match ? Number(match[1]) : null,
      stage: match ? match[2] : null,
    };
  }
  if (/replay\.ReplayCause$/.test(jenkinsClass)) {
    const match = REPLAY_DESCRIPTION.exec(description);
    return {
      kind: 'replay',
      description,
      originBuild: match ? Number(match[2]) : null,
      sameScript: match?.[1] === 'Rebuilt',
    };
  }
  if (/Cause\$UserIdCause$/.test(jenkinsClass)) {
    return {
      kind: 'user',
      description,
      userId: cause.userId ?? null,
      userName: cause.userName ?? null,
    };
  }
  if (/Cause\$UpstreamCause$|UpstreamCause$/.test(jenkinsClass)) {
    return {
      kind: 'upstream',
      description,
      project: cause.upstreamProject ?? null,
      build:
        typeof cause.upstreamBuild === 'number' ? cause.upstreamBuild : null,
      url: cause.upstreamUrl ?? null,
      causes:
        depth < 3
          ? (cause.upstreamCauses ?? []).map(c => toCauseDetail(c, depth + 1))
          : [],
    };
  }
  if (/TimerTrigger\$TimerTriggerCause$/.test(jenkinsClass)) {
    return { kind: 'timer', description };
  }
  if (
    /SCMTrigger\$SCMTriggerCause$|GitHubPushCause$|SCMEvent/.test(jenkinsClass)
  ) {
    return { kind: 'scm', description };
  }
  if (/BranchIndexingCause$|BranchEventCause$/.test(jenkinsClass)) {
    return { kind: 'branch', description };
  }
  if (/Cause\$RemoteCause$/.test(jenkinsClass)) {
    return {
      kind: 'remote',
      description,
      address: cause.addr ?? null,
      note: cause.note ?? null,
    };
  }
  return { kind: 'other', description, jenkinsClass: jenkinsClass || null };
}

/** Every cause of a build, in the order Jenkins lists them. */
export function toCauseDetails(raw: RawBuildCauses): BuildCauseDetail[] {
  return (raw.actions ?? []).flatMap(action =>
    (action?.causes ?? []).map(cause => toCauseDetail(cause)),
  );
}
