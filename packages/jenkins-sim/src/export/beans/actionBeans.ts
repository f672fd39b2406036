/** Run actions: parameters, causes, git `BuildData`, junit counts and plugin markers. */
import { causeClass, causeDescription } from '../../model/causeDescription';
import { restartableStages, restartEnabled } from '../../model/declarative';
import type { Build, BuildCause, ParameterValue } from '../../model/types';
import { Bean, BeanType, UNEXPORTABLE } from '../exportModel';
import { C, markerBean, property } from './beanProperty';
import { parameterValueBean } from './parameterBeans';

const causeType = new BeanType<BuildCause, C>(
  c => causeClass(c),
  [
    property('shortDescription', c => causeDescription(c), 3),
    // Cause$UpstreamCause: upstreamBuild, upstreamProject, upstreamUrl (@Exported(visibility=3)).
    property(
      'upstreamBuild',
      c => (c.kind === 'upstream' ? c.upstreamBuild : undefined),
      3,
    ),
    property(
      'upstreamProject',
      c => (c.kind === 'upstream' ? c.upstreamProject : undefined),
      3,
    ),
    property(
      'upstreamUrl',
      c => (c.kind === 'upstream' ? c.upstreamUrl : undefined),
      3,
    ),
    property('userId', c => (c.kind === 'user' ? c.userId : undefined), 3),
    property('userName', c => (c.kind === 'user' ? c.userName : undefined), 3),
  ],
);

/**
 * pipeline-model-definition `RestartDeclarativePipelineAction`
 * (`@ExportedBean`: `restartEnabled`, `restartableStages`); `restartEnabled`
 * depends on the caller's Item.BUILD.
 */
export const restartActionType = new BeanType<Build, C>(
  'org.jenkinsci.plugins.pipeline.modeldefinition.actions.RestartDeclarativePipelineAction',
  [
    property('restartEnabled', (b, c) =>
      restartEnabled(b, c.has?.('Job/Build', b.job) ?? false),
    ),
    property('restartableStages', (b, c) => restartableStages(b, c.now)),
  ],
);

/** `hudson.model.CauseAction`. */
export const causeActionType = new BeanType<BuildCause[], C>(
  'hudson.model.CauseAction',
  [property('causes', causes => causes.map(c => new Bean(causeType, c)), 2)],
);

/** `hudson.model.ParametersAction`. */
export const parametersActionType = new BeanType<ParameterValue[], C>(
  'hudson.model.ParametersAction',
  [property('parameters', params => params.map(parameterValueBean), 2)],
);

interface Revision {
  sha: string;
  branch: string;
}
const branchType = new BeanType<Revision, C>(undefined, [
  property('SHA1', r => r.sha, 999),
  property('name', r => `refs/remotes/origin/${r.branch}`, 999),
]);
const revisionType = new BeanType<Revision, C>(undefined, [
  property('SHA1', r => r.sha, 999),
  property('branch', r => [new Bean(branchType, r)], 999),
]);
const gitBuildType = new BeanType<Build, C>('hudson.plugins.git.util.Build', [
  property('buildNumber', b => b.number, 999),
  property('buildResult', () => null, 999),
  property('marked', b => new Bean(revisionType, b.git!), 999),
  property('revision', b => new Bean(revisionType, b.git!), 999),
]);
const buildDataType = new BeanType<Build, C>(
  'hudson.plugins.git.util.BuildData',
  [
    property(
      'buildsByBranchName',
      b => ({
        [`refs/remotes/origin/${b.git!.branch}`]: new Bean(gitBuildType, b),
      }),
      999,
    ),
    property('lastBuiltRevision', b => new Bean(revisionType, b.git!), 999),
    property('remoteUrls', b => [b.git!.remote], 999),
    property('scmName', () => '', 999),
  ],
);

const testResultActionType = new BeanType<Build, C>(
  'hudson.tasks.junit.TestResultAction',
  [
    property('failCount', b => b.tests!.failed.length, 2),
    property('skipCount', b => b.tests!.skip, 2),
    property('totalCount', b => b.tests!.total, 2),
    property('urlName', () => 'testReport', 2),
  ],
);

const RUN_DISPLAY = markerBean(
  'org.jenkinsci.plugins.displayurlapi.actions.RunDisplayAction',
);
const pipelineMarkers = (b: Build) => [
  markerBean('org.jenkinsci.plugins.workflow.cps.EnvActionImpl'),
  UNEXPORTABLE,
  RUN_DISPLAY,
  new Bean(restartActionType, b),
  UNEXPORTABLE,
  markerBean('org.jenkinsci.plugins.workflow.job.views.FlowGraphAction'),
];

// A finished build's actions never change, so they are built once.
const finishedActions = new WeakMap<Build, unknown[]>();

/** The `actions` of a run, in the order Jenkins lists them. */
export function buildActions(b: Build): unknown[] {
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
    actions.push(...pipelineMarkers(b));
  } else {
    actions.push(RUN_DISPLAY);
  }
  if (b.result !== null) finishedActions.set(b, actions);
  return actions;
}
