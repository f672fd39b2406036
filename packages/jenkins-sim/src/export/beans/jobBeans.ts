/** Jobs, folders and multibranch projects. */
import type { Build, FolderItem, Item, JobItem } from '../../model/types';
import { Bean, BeanType, LazyList, UNEXPORTABLE } from '../exportModel';
import { fullDisplayName, itemPath } from '../urls';
import { C, markerBean, Prop, property } from './beanProperty';
import { buildBean } from './buildBeans';
import { parametersDefinitionPropertyType } from './parameterBeans';
import { resolvePermalink } from './permalinks';
import { queueItemBean } from './queueBeans';

const COLOR: Record<string, string> = {
  SUCCESS: 'blue',
  UNSTABLE: 'yellow',
  FAILURE: 'red',
  ABORTED: 'aborted',
  NOT_BUILT: 'notbuilt',
};

/** `BallColor` of a job. */
export function jobColor(job: JobItem): string {
  if (job.disabled) return 'disabled';
  const last = job.builds.get(job.builds.lastNumber);
  if (!last) return 'notbuilt';
  const done =
    last.result === null ? resolvePermalink(job, 'lastCompletedBuild') : last;
  const base = done ? COLOR[done.result!] : 'notbuilt';
  return last.result === null ? `${base}_anime` : base;
}

function healthBucket(score: number): string {
  if (score > 80) return '80plus';
  if (score > 60) return '60to79';
  if (score > 40) return '40to59';
  if (score > 20) return '20to39';
  return '00to19';
}

function healthReport(job: JobItem) {
  const recent: Build[] = [];
  for (let n = job.builds.lastNumber; n >= 1 && recent.length < 5; n--) {
    const b = job.builds.get(n);
    if (b && b.result !== null) recent.push(b);
  }
  if (recent.length === 0) return [];
  const failed = recent.filter(b => b.result === 'FAILURE').length;
  const score = Math.round(((recent.length - failed) * 100) / recent.length);
  const bucket = healthBucket(score);
  return [
    {
      description:
        failed === 0
          ? 'Build stability: No recent builds failed.'
          : `Build stability: ${failed} out of the last ${recent.length} builds failed.`,
      iconClassName: `icon-health-${bucket}`,
      iconUrl: `health-${bucket}.png`,
      score,
    },
  ];
}

const JOB_CLASS = {
  freestyle: 'hudson.model.FreeStyleProject',
  pipeline: 'org.jenkinsci.plugins.workflow.job.WorkflowJob',
};

const itemCommon = <T extends Item>(): Prop<T>[] => [
  property('description', i => i.description),
  property('displayName', i => i.displayName),
  property('displayNameOrNull', i =>
    i.displayName === i.name ? null : i.displayName,
  ),
  property('fullDisplayName', i => fullDisplayName(i)),
  property('fullName', i => i.fullName),
  property('name', i => i.name, 2),
  // AbstractItem.getAbsoluteUrl → getUrl: the request's spelling for an ancestor of the request.
  property('url', (i, c) => `${c.baseUrl}/${itemPath(i, c.ancestors)}`, 2),
];

const permalinkProp = (name: string) =>
  property<JobItem>(name, j => buildBean(resolvePermalink(j, name)));

const JOB_ACTIONS = [
  UNEXPORTABLE,
  UNEXPORTABLE,
  markerBean('org.jenkinsci.plugins.displayurlapi.actions.JobDisplayAction'),
  markerBean('com.cloudbees.plugins.credentials.ViewCredentialsAction'),
];

const jobCommon: Prop<JobItem>[] = [
  property('actions', () => JOB_ACTIONS),
  ...itemCommon<JobItem>(),
  // Job.getBuilds() is exported only on request (visibility -2), via tree=allBuilds[…].
  property(
    'allBuilds',
    j => {
      const last = j.builds.lastNumber;
      return new LazyList(last, i => buildBean(j.builds.get(last - i)));
    },
    -2,
  ),
  property('buildable', j => !j.disabled),
  property('builds', j => {
    const last = j.builds.lastNumber;
    return new LazyList(Math.min(100, last), i =>
      buildBean(j.builds.get(last - i)),
    );
  }),
  property('color', j => jobColor(j), 2),
  property('firstBuild', j => buildBean(j.builds.get(1))),
  property('healthReport', j => healthReport(j)),
  property('inQueue', (j, c) => c.engine.queueItemOf(j) !== undefined),
  property('keepDependencies', () => false),
  permalinkProp('lastBuild'),
  permalinkProp('lastCompletedBuild'),
  permalinkProp('lastFailedBuild'),
  permalinkProp('lastStableBuild'),
  permalinkProp('lastSuccessfulBuild'),
  permalinkProp('lastUnstableBuild'),
  permalinkProp('lastUnsuccessfulBuild'),
  property('nextBuildNumber', j => j.builds.lastNumber + 1),
  property(
    'property',
    j =>
      j.parameters.length > 0
        ? [new Bean(parametersDefinitionPropertyType, j.parameters)]
        : [],
    1,
    true,
  ),
  property('queueItem', (j, c) => {
    const item = c.engine.queueItemOf(j);
    return item ? queueItemBean(item) : null;
  }),
];

const freestyleJobType = new BeanType<JobItem, C>(JOB_CLASS.freestyle, [
  ...jobCommon,
  property('concurrentBuild', j => j.concurrentBuild),
  property('disabled', j => j.disabled),
  property('downstreamProjects', () => []),
  property('labelExpression', () => null),
  property('scm', () => ({ _class: 'hudson.scm.NullSCM' })),
  property('upstreamProjects', () => []),
]);

const pipelineJobType = new BeanType<JobItem, C>(JOB_CLASS.pipeline, [
  ...jobCommon,
  property('concurrentBuild', j => j.concurrentBuild),
  property('disabled', j => j.disabled),
  property('resumeBlocked', () => false),
]);

const FOLDER_CLASS = {
  folder: 'com.cloudbees.hudson.plugins.folder.Folder',
  multibranch:
    'org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject',
};

/** `hudson.model.AllView`, the only view. */
export const allView = (url: string) => ({
  _class: 'hudson.model.AllView',
  name: 'All',
  url,
});

const folderType = new BeanType<FolderItem, C>(
  f => FOLDER_CLASS[f.kind as 'folder' | 'multibranch'],
  [
    property('actions', () => [
      UNEXPORTABLE,
      UNEXPORTABLE,
      markerBean('com.cloudbees.plugins.credentials.ViewCredentialsAction'),
    ]),
    ...itemCommon<FolderItem>(),
    property('healthReport', () => []),
    property('jobs', (f, c) => visibleChildren(f, c).map(itemBean)),
    property('primaryView', (f, c) =>
      allView(`${c.baseUrl}/${itemPath(f, c.ancestors)}`),
    ),
    property('views', (f, c) => [
      allView(`${c.baseUrl}/${itemPath(f, c.ancestors)}`),
    ]),
  ],
);

/** Child items the caller may read, as `getItems()` filters them. */
export function visibleChildren(f: FolderItem, c: C): Item[] {
  return [...f.children.values()].filter(i => c.canRead(i));
}

/** The bean of any item. */
export function itemBean(item: Item): Bean {
  if (item.kind === 'folder' || item.kind === 'multibranch') {
    return new Bean(folderType, item);
  }
  const job = item as JobItem;
  return new Bean(
    job.kind === 'pipeline' ? pipelineJobType : freestyleJobType,
    job,
  );
}
