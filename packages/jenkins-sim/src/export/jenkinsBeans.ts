/**
 * The exported shapes of Jenkins' model classes: property names, order
 * (superclass first, then alphabetical), visibility and `_class` values.
 */
import { causeClass, causeDescription } from '../model/causeDescription';
import type { QueueItem } from '../model/SimEngine';
import type {
  Build,
  BuildCause,
  FolderItem,
  Item,
  JobItem,
  ParameterDef,
  ParameterValue,
} from '../model/types';
import type { ExportContext } from './ExportContext';
import {
  Bean,
  BeanType,
  ExportedProperty,
  LazyList,
  UNEXPORTABLE,
} from './exportModel';
import { fullDisplayName, itemPath } from './urls';

type C = ExportContext;
type Prop<T> = ExportedProperty<T, C>;
const p = <T>(
  name: string,
  get: (t: T, c: C) => unknown,
  visibility = 1,
  inline = false,
): Prop<T> => ({ name, get, visibility, inline });

const marker = (cls: string) =>
  new Bean(new BeanType<unknown, C>(cls, []), null);

// ---------- parameters ----------

const VALUE_CLASS: Record<ParameterDef['type'], string> = {
  string: 'hudson.model.StringParameterValue',
  text: 'hudson.model.TextParameterValue',
  boolean: 'hudson.model.BooleanParameterValue',
  // ChoiceParameterDefinition.createValue returns a StringParameterValue.
  choice: 'hudson.model.StringParameterValue',
  password: 'hudson.model.PasswordParameterValue',
};

const DEF_CLASS: Record<ParameterDef['type'], string> = {
  string: 'StringParameterDefinition',
  text: 'TextParameterDefinition',
  boolean: 'BooleanParameterDefinition',
  choice: 'ChoiceParameterDefinition',
  password: 'PasswordParameterDefinition',
};

const parameterValueType = new BeanType<ParameterValue, C>(
  v => VALUE_CLASS[v.type],
  [
    p('name', v => v.name, 3),
    // A password value's secret is not exported.
    p('value', v => (v.type === 'password' ? undefined : v.value), 3),
  ],
);

/** A parameter value bean. */
export const parameterValueBean = (v: ParameterValue) =>
  new Bean(parameterValueType, v);

const parameterDefinitionType = new BeanType<ParameterDef, C>(
  d => `hudson.model.${DEF_CLASS[d.type]}`,
  [
    p(
      'defaultParameterValue',
      d =>
        parameterValueBean({
          name: d.name,
          type: d.type,
          value: d.defaultValue,
        }),
      3,
    ),
    p('description', d => d.description, 3),
    p('name', d => d.name, 3),
    p('type', d => DEF_CLASS[d.type], 3),
    p('choices', d => (d.type === 'choice' ? d.choices ?? [] : undefined), 3),
  ],
);

const parametersDefinitionPropertyType = new BeanType<ParameterDef[], C>(
  'hudson.model.ParametersDefinitionProperty',
  [
    p(
      'parameterDefinitions',
      defs => defs.map(d => new Bean(parameterDefinitionType, d)),
      2,
    ),
  ],
);

// ---------- actions ----------

const causeType = new BeanType<BuildCause, C>(
  c => causeClass(c),
  [
    p('shortDescription', c => causeDescription(c), 3),
    p('userId', c => (c.kind === 'user' ? c.userId : undefined), 3),
    p('userName', c => (c.kind === 'user' ? c.userName : undefined), 3),
  ],
);

const causeActionType = new BeanType<BuildCause[], C>(
  'hudson.model.CauseAction',
  [p('causes', causes => causes.map(c => new Bean(causeType, c)), 2)],
);

const parametersActionType = new BeanType<ParameterValue[], C>(
  'hudson.model.ParametersAction',
  [p('parameters', params => params.map(parameterValueBean), 2)],
);

interface Revision {
  sha: string;
  branch: string;
}
const branchType = new BeanType<Revision, C>(undefined, [
  p('SHA1', r => r.sha, 999),
  p('name', r => `refs/remotes/origin/${r.branch}`, 999),
]);
const revisionType = new BeanType<Revision, C>(undefined, [
  p('SHA1', r => r.sha, 999),
  p('branch', r => [new Bean(branchType, r)], 999),
]);
const gitBuildType = new BeanType<Build, C>('hudson.plugins.git.util.Build', [
  p('buildNumber', b => b.number, 999),
  p('buildResult', () => null, 999),
  p('marked', b => new Bean(revisionType, b.git!), 999),
  p('revision', b => new Bean(revisionType, b.git!), 999),
]);
const buildDataType = new BeanType<Build, C>(
  'hudson.plugins.git.util.BuildData',
  [
    p(
      'buildsByBranchName',
      b => ({
        [`refs/remotes/origin/${b.git!.branch}`]: new Bean(gitBuildType, b),
      }),
      999,
    ),
    p('lastBuiltRevision', b => new Bean(revisionType, b.git!), 999),
    p('remoteUrls', b => [b.git!.remote], 999),
    p('scmName', () => '', 999),
  ],
);

const testResultActionType = new BeanType<Build, C>(
  'hudson.tasks.junit.TestResultAction',
  [
    p('failCount', b => b.tests!.failed.length, 2),
    p('skipCount', b => b.tests!.skip, 2),
    p('totalCount', b => b.tests!.total, 2),
    p('urlName', () => 'testReport', 2),
  ],
);

const RUN_DISPLAY = marker(
  'org.jenkinsci.plugins.displayurlapi.actions.RunDisplayAction',
);
const PIPELINE_MARKERS = [
  marker('org.jenkinsci.plugins.workflow.cps.EnvActionImpl'),
  UNEXPORTABLE,
  RUN_DISPLAY,
  marker(
    'org.jenkinsci.plugins.pipeline.modeldefinition.actions.RestartDeclarativePipelineAction',
  ),
  UNEXPORTABLE,
  marker('org.jenkinsci.plugins.workflow.job.views.FlowGraphAction'),
];

// A finished build's actions never change, so they are built once.
const finishedActions = new WeakMap<Build, unknown[]>();

function buildActions(b: Build): unknown[] {
  const cached = finishedActions.get(b);
  if (cached) return cached;
  const actions: unknown[] = [];
  if (b.parameters.length > 0)
    actions.push(new Bean(parametersActionType, b.parameters));
  actions.push(new Bean(causeActionType, b.causes));
  actions.push(UNEXPORTABLE);
  if (b.git) actions.push(new Bean(buildDataType, b));
  actions.push(UNEXPORTABLE);
  if (b.tests && b.result !== null)
    actions.push(new Bean(testResultActionType, b));
  if (b.job.kind === 'pipeline') {
    actions.push(...PIPELINE_MARKERS);
  } else {
    actions.push(RUN_DISPLAY);
  }
  if (b.result !== null) finishedActions.set(b, actions);
  return actions;
}

// ---------- builds ----------

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
    p('currentExecutable', b => buildBean(b)),
    p('idle', () => false),
    p('likelyStuck', () => false),
    p('number', () => 0),
    p('progress', (b, c) => {
      const est = estimatedDuration(b.job);
      return est <= 0
        ? -1
        : Math.min(99, Math.floor(((c.now - b.startTime) * 100) / est));
    }),
  ],
);

const buildCommon: Prop<Build>[] = [
  p('actions', b => buildActions(b)),
  p('artifacts', () => []),
  p('building', b => b.result === null),
  p('description', b => b.description),
  p('displayName', b => `#${b.number}`),
  p('duration', b =>
    b.result === null || b.endTime === null ? 0 : b.endTime - b.startTime,
  ),
  p('estimatedDuration', b => estimatedDuration(b.job)),
  p('executor', b => (b.result === null ? new Bean(executorType, b) : null)),
  p('fullDisplayName', b => `${fullDisplayName(b.job)} #${b.number}`),
  p('id', b => String(b.number)),
  p('inProgress', b => b.result === null),
  p('keepLog', () => false),
  p('number', b => b.number, 2),
  p('queueId', b => b.queueId),
  p('result', b => b.result),
  p('timestamp', b => b.startTime),
  p('url', (b, c) => `${c.baseUrl}/${itemPath(b.job)}${b.number}/`, 2),
];

const freestyleBuildType = new BeanType<Build, C>(BUILD_CLASS.freestyle, [
  ...buildCommon,
  p('builtOn', () => ''),
  p('changeSet', () => ({
    _class: 'hudson.scm.EmptyChangeLogSet',
    items: [],
    kind: null,
  })),
  p('culprits', () => []),
]);

const pipelineBuildType = new BeanType<Build, C>(BUILD_CLASS.pipeline, [
  ...buildCommon,
  p('changeSets', () => []),
  p('culprits', () => []),
  p('nextBuild', b => buildBean(b.job.builds.get(b.number + 1))),
  p('previousBuild', b => buildBean(b.job.builds.get(b.number - 1))),
]);

/** A build bean (or null). */
export function buildBean(b: Build | undefined): Bean | null {
  if (!b) return null;
  return new Bean(
    b.job.kind === 'pipeline' ? pipelineBuildType : freestyleBuildType,
    b,
  );
}

// ---------- permalinks ----------

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

// ---------- jobs ----------

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
  p('description', i => i.description),
  p('displayName', i => i.displayName),
  p('displayNameOrNull', i =>
    i.displayName === i.name ? null : i.displayName,
  ),
  p('fullDisplayName', i => fullDisplayName(i)),
  p('fullName', i => i.fullName),
  p('name', i => i.name, 2),
  p('url', (i, c) => `${c.baseUrl}/${itemPath(i)}`, 2),
];

const permalinkProp = (name: string) =>
  p<JobItem>(name, j => buildBean(resolvePermalink(j, name)));

const JOB_ACTIONS = [
  UNEXPORTABLE,
  UNEXPORTABLE,
  marker('org.jenkinsci.plugins.displayurlapi.actions.JobDisplayAction'),
  marker('com.cloudbees.plugins.credentials.ViewCredentialsAction'),
];

const jobCommon: Prop<JobItem>[] = [
  p('actions', () => JOB_ACTIONS),
  ...itemCommon<JobItem>(),
  // Job.getBuilds() is exported only on request (visibility -2), via tree=allBuilds[…].
  p(
    'allBuilds',
    j => {
      const last = j.builds.lastNumber;
      return new LazyList(last, i => buildBean(j.builds.get(last - i)));
    },
    -2,
  ),
  p('buildable', j => !j.disabled),
  p('builds', j => {
    const last = j.builds.lastNumber;
    return new LazyList(Math.min(100, last), i =>
      buildBean(j.builds.get(last - i)),
    );
  }),
  p('color', j => jobColor(j), 2),
  p('firstBuild', j => buildBean(j.builds.get(1))),
  p('healthReport', j => healthReport(j)),
  p('inQueue', (j, c) => c.engine.queueItemOf(j) !== undefined),
  p('keepDependencies', () => false),
  permalinkProp('lastBuild'),
  permalinkProp('lastCompletedBuild'),
  permalinkProp('lastFailedBuild'),
  permalinkProp('lastStableBuild'),
  permalinkProp('lastSuccessfulBuild'),
  permalinkProp('lastUnstableBuild'),
  permalinkProp('lastUnsuccessfulBuild'),
  p('nextBuildNumber', j => j.builds.lastNumber + 1),
  p(
    'property',
    j =>
      j.parameters.length > 0
        ? [new Bean(parametersDefinitionPropertyType, j.parameters)]
        : [],
    1,
    true,
  ),
  p('queueItem', (j, c) => {
    const item = c.engine.queueItemOf(j);
    return item ? queueItemBean(item) : null;
  }),
];

const freestyleJobType = new BeanType<JobItem, C>(JOB_CLASS.freestyle, [
  ...jobCommon,
  p('concurrentBuild', j => j.concurrentBuild),
  p('disabled', j => j.disabled),
  p('downstreamProjects', () => []),
  p('labelExpression', () => null),
  p('scm', () => ({ _class: 'hudson.scm.NullSCM' })),
  p('upstreamProjects', () => []),
]);

const pipelineJobType = new BeanType<JobItem, C>(JOB_CLASS.pipeline, [
  ...jobCommon,
  p('concurrentBuild', j => j.concurrentBuild),
  p('disabled', j => j.disabled),
  p('resumeBlocked', () => false),
]);

const FOLDER_CLASS = {
  folder: 'com.cloudbees.hudson.plugins.folder.Folder',
  multibranch:
    'org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject',
};

const allView = (url: string) => ({
  _class: 'hudson.model.AllView',
  name: 'All',
  url,
});

const folderType = new BeanType<FolderItem, C>(
  f => FOLDER_CLASS[f.kind as 'folder' | 'multibranch'],
  [
    p('actions', () => [
      UNEXPORTABLE,
      UNEXPORTABLE,
      marker('com.cloudbees.plugins.credentials.ViewCredentialsAction'),
    ]),
    ...itemCommon<FolderItem>(),
    p('healthReport', () => []),
    p('jobs', (f, c) => visibleChildren(f, c).map(itemBean)),
    p('primaryView', (f, c) => allView(`${c.baseUrl}/${itemPath(f)}`)),
    p('views', (f, c) => [allView(`${c.baseUrl}/${itemPath(f)}`)]),
  ],
);

function visibleChildren(f: FolderItem, c: C): Item[] {
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

// ---------- queue ----------

function queueClass(item: QueueItem, c: C): string {
  if (item.leftAt !== undefined) return 'hudson.model.Queue$LeftItem';
  if (item.quietUntil > c.now) return 'hudson.model.Queue$WaitingItem';
  if (c.engine.isBlocked(item)) return 'hudson.model.Queue$BlockedItem';
  return 'hudson.model.Queue$BuildableItem';
}

const queueItemType = new BeanType<QueueItem, C>(queueClass, [
  p(
    'actions',
    i => [
      ...(i.parameters.length > 0
        ? [new Bean(parametersActionType, i.parameters)]
        : []),
      new Bean(causeActionType, i.causes),
    ],
    999,
  ),
  p(
    'blocked',
    (i, c) => queueClass(i, c) === 'hudson.model.Queue$BlockedItem',
    999,
  ),
  p(
    'buildable',
    (i, c) => queueClass(i, c) === 'hudson.model.Queue$BuildableItem',
    999,
  ),
  p('id', i => i.id, 999),
  p('inQueueSince', i => i.inQueueSince, 999),
  p(
    'params',
    i =>
      i.parameters
        .map(
          v =>
            `\n${v.name}=${v.type === 'password' ? '****' : String(v.value)}`,
        )
        .join(''),
    999,
  ),
  p('stuck', () => false, 999),
  p('task', i => itemBean(i.job), 999),
  p('url', i => `queue/item/${i.id}/`, 999),
  p('why', (i, c) => c.engine.why(i), 999),
  // Subclass properties: only the class in question has them.
  p(
    'timestamp',
    (i, c) =>
      queueClass(i, c) === 'hudson.model.Queue$WaitingItem'
        ? i.quietUntil
        : undefined,
    999,
  ),
  p(
    'buildableStartMilliseconds',
    (i, c) => {
      const cls = queueClass(i, c);
      return cls === 'hudson.model.Queue$BlockedItem' ||
        cls === 'hudson.model.Queue$BuildableItem'
        ? i.buildableSince ?? i.quietUntil
        : undefined;
    },
    999,
  ),
  p(
    'pending',
    (i, c) =>
      queueClass(i, c) === 'hudson.model.Queue$BuildableItem'
        ? false
        : undefined,
    999,
  ),
  p('cancelled', i => (i.leftAt !== undefined ? i.cancelled : undefined), 999),
  p(
    'executable',
    i => (i.leftAt !== undefined ? buildBean(i.build) : undefined),
    999,
  ),
]);

/** A queue item bean; its `_class` reflects the state at the time of writing. */
export function queueItemBean(item: QueueItem): Bean {
  return new Bean(queueItemType, item);
}

/** `hudson.model.Queue`. */
export const queueType = new BeanType<QueueItem[], C>('hudson.model.Queue', [
  p('discoverableItems', () => []),
  p('items', items => items.map(i => new Bean(queueItemType, i)), 1, true),
]);

// ---------- root ----------

/** `hudson.model.Hudson`, the root object. */
export const rootType = new BeanType<FolderItem, C>('hudson.model.Hudson', [
  p('assignedLabels', () => [{ name: 'built-in' }]),
  p('mode', () => 'NORMAL'),
  p('nodeDescription', () => "the Jenkins controller's built-in node"),
  p('nodeName', () => ''),
  p('numExecutors', (_r, c) => c.engine.executors),
  p('description', () => null),
  p('jobs', (r, c) => visibleChildren(r, c).map(itemBean)),
  p('overallLoad', () => ({})),
  p('primaryView', (_r, c) => allView(`${c.baseUrl}/`)),
  p('quietDownReason', () => null),
  p('quietingDown', () => false),
  p('slaveAgentPort', () => -1),
  p('unlabeledLoad', () => ({
    _class: 'jenkins.model.UnlabeledLoadStatistics',
  })),
  p('url', (_r, c) => `${c.baseUrl}/`),
  p('useCrumbs', (_r, c) => c.useCrumbs),
  p('useSecurity', (_r, c) => c.useSecurity),
  p('views', (_r, c) => [allView(`${c.baseUrl}/`)]),
]);
