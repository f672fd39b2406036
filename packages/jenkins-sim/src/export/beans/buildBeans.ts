/** `FreeStyleBuild` and `WorkflowRun`. */
import { visibleArtifacts, displayPaths } from '../../model/artifacts';
import type { Build, ChangeEntry, JobItem } from '../../model/types';
import { Bean, BeanType } from '../exportModel';
import { fullDisplayName, itemPath } from '../urls';
import { buildActions } from './actionBeans';
import { C, Prop, property } from './beanProperty';

const BUILD_CLASS = {
  freestyle: 'hudson.model.FreeStyleBuild',
  pipeline: 'org.jenkinsci.plugins.workflow.job.WorkflowRun',
};

const estimateCache = new WeakMap<
  JobItem,
  { revision: number; value: number }
>();

/** `Job.getEstimatedDuration`: mean of up to 3 recent successful (then unstable, failed) builds. */
export function estimatedDuration(job: JobItem): number {
  const cached = estimateCache.get(job);
  if (cached && cached.revision === job.builds.revision) return cached.value;
  const value = computeEstimatedDuration(job);
  estimateCache.set(job, { revision: job.builds.revision, value });
  return value;
}

function computeEstimatedDuration(job: JobItem): number {
  const picks: number[] = [];
  const fallback: number[] = [];
  for (
    let n = job.builds.lastNumber;
    n >= 1 && picks.length < 3 && n > job.builds.lastNumber - 50;
    n--
  ) {
    const b = job.builds.get(n);
    if (!b || b.result === null || b.endTime === null) continue;
    if (b.result === 'SUCCESS') picks.push(b.endTime - b.startTime);
    else if (b.result === 'UNSTABLE' || b.result === 'FAILURE')
      fallback.push(b.endTime - b.startTime);
  }
  const all = [...picks, ...fallback].slice(0, 3);
  return all.length === 0
    ? -1
    : Math.round(all.reduce((a, x) => a + x, 0) / all.length);
}

const executorType = new BeanType<Build, C>(
  b =>
    b.job.kind === 'pipeline'
      ? 'hudson.model.OneOffExecutor'
      : 'hudson.model.Executor',
  [
    property('currentExecutable', b => buildBean(b)),
    property('idle', () => false),
    property('likelyStuck', () => false),
    property('number', () => 0),
    property('progress', (b, c) => {
      const est = estimatedDuration(b.job);
      return est <= 0
        ? -1
        : Math.min(99, Math.floor(((c.now - b.startTime) * 100) / est));
    }),
  ],
);

/** `Run.Artifact` (final class: no `_class`); fields `@Exported(visibility=3)`. */
const artifactType = new BeanType<
  { relativePath: string; displayPath: string },
  C
>(undefined, [
  property('displayPath', a => a.displayPath, 3),
  property(
    'fileName',
    a => a.relativePath.slice(a.relativePath.lastIndexOf('/') + 1),
    3,
  ),
  property('relativePath', a => a.relativePath, 3),
]);

/** `hudson.model.User` as a commit author or culprit (`User.get(fullName)`). */
const userType = new BeanType<{ id: string; name: string }, C>(undefined, [
  property(
    'absoluteUrl',
    (u, c) => `${c.baseUrl}/user/${encodeURIComponent(u.id.toLowerCase())}`,
    999,
  ),
  property('description', () => null),
  property('fullName', u => u.name, 999),
  property('id', u => u.id, 999),
  property('property', () => [], 1, true),
]);

/** git-plugin `GitChangeSet.Path` (`@ExportedBean(defaultVisibility=999)`). */
const pathType = new BeanType<ChangeEntry['paths'][number], C>(undefined, [
  property('editType', p => p.editType, 999),
  property('file', p => p.file, 999),
]);

function gitDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(
    d.getUTCDate(),
  )} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(
    d.getUTCSeconds(),
  )} +0000`;
}

/**
 * git-plugin `GitChangeSet` (`ChangeLogSet.Entry` properties first, then its
 * own, each alphabetical): `msg` is the first line, `comment` the message.
 */
const changeEntryType = new BeanType<ChangeEntry, C>(
  'hudson.plugins.git.GitChangeSet',
  [
    property('affectedPaths', e => e.paths.map(p => p.file), 999),
    property(
      'author',
      e => new Bean(userType, { id: e.authorId, name: e.authorName }),
      999,
    ),
    property('commitId', e => e.commitId, 999),
    property('msg', e => e.message.split('\n')[0], 999),
    property('timestamp', e => e.timestamp, 999),
    property('authorEmail', e => e.authorEmail, 999),
    property('comment', e => e.message, 999),
    property('date', e => gitDate(e.timestamp), 999),
    property('id', e => e.commitId, 999),
    property('paths', e => e.paths.map(p => new Bean(pathType, p)), 999),
  ],
);

/** git-plugin `GitChangeSetList` (`ChangeLogSet`, `defaultVisibility=999`). */
const changeSetListType = new BeanType<ChangeEntry[], C>(
  'hudson.plugins.git.GitChangeSetList',
  [
    property(
      'items',
      items => items.map(e => new Bean(changeEntryType, e)),
      999,
    ),
    property('kind', () => 'git', 999),
  ],
);

/** `RunWithSCM.getCulprits`: here, the authors of the run's own changes. */
function culprits(b: Build) {
  const seen = new Map<string, { id: string; name: string }>();
  for (const e of b.changes ?? []) {
    if (!seen.has(e.authorId))
      seen.set(e.authorId, { id: e.authorId, name: e.authorName });
  }
  return [...seen.values()].map(u => new Bean(userType, u));
}

const buildCommon: Prop<Build>[] = [
  property('actions', b => buildActions(b)),
  property('artifacts', b => {
    const paths = displayPaths(visibleArtifacts(b));
    return visibleArtifacts(b).map(
      a =>
        new Bean(artifactType, {
          relativePath: a.relativePath,
          displayPath: paths.get(a.relativePath)!,
        }),
    );
  }),
  property('building', b => b.result === null),
  property('description', b => b.description),
  property('displayName', b => `#${b.number}`),
  property('duration', b =>
    b.result === null || b.endTime === null ? 0 : b.endTime - b.startTime,
  ),
  property('estimatedDuration', b => estimatedDuration(b.job)),
  property('executor', b =>
    b.result === null ? new Bean(executorType, b) : null,
  ),
  property('fullDisplayName', b => `${fullDisplayName(b.job)} #${b.number}`),
  property('id', b => String(b.number)),
  property('inProgress', b => b.result === null),
  property('keepLog', () => false),
  property('number', b => b.number, 2),
  property('queueId', b => b.queueId),
  property('result', b => b.result),
  property('timestamp', b => b.startTime),
  // Run.getAbsoluteUrl: the job's url (as the request spelled it) plus the number, never a permalink.
  property(
    'url',
    (b, c) => `${c.baseUrl}/${itemPath(b.job, c.ancestors)}${b.number}/`,
    2,
  ),
];

const freestyleBuildType = new BeanType<Build, C>(BUILD_CLASS.freestyle, [
  ...buildCommon,
  property('builtOn', () => ''),
  property('changeSet', () => ({
    _class: 'hudson.scm.EmptyChangeLogSet',
    items: [],
    kind: null,
  })),
  property('culprits', () => []),
]);

const pipelineBuildType = new BeanType<Build, C>(BUILD_CLASS.pipeline, [
  ...buildCommon,
  property('changeSets', b =>
    b.changes?.length ? [new Bean(changeSetListType, b.changes)] : [],
  ),
  property('culprits', b => culprits(b)),
  property('nextBuild', b => buildBean(b.job.builds.get(b.number + 1))),
  property('previousBuild', b => buildBean(b.job.builds.get(b.number - 1))),
]);

/** A build bean (or null). */
export function buildBean(b: Build | undefined): Bean | null {
  if (!b) return null;
  return new Bean(
    b.job.kind === 'pipeline' ? pipelineBuildType : freestyleBuildType,
    b,
  );
}
