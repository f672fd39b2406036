/** `FreeStyleBuild` and `WorkflowRun`. */
import type { Build, JobItem } from '../../model/types';
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

const buildCommon: Prop<Build>[] = [
  property('actions', b => buildActions(b)),
  property('artifacts', () => []),
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
  property('changeSets', () => []),
  property('culprits', () => []),
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
