import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
// Only Jest tests import this module, hence a devDependency that reads files.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { loadDemoWorld } from '@internal/jenkins-demo-world/node';
import {
  BuildDetail,
  BuildSummary,
  JobCapabilities,
  JobSummary,
  OverviewResponse,
} from '@internal/plugin-jenkins-common';
import { JenkinsApi, JenkinsOverviewOptions } from '../api';
import { resolveTarget, targetJobId } from '../jobTarget';

/** The demo world of `examples/`, read from the files (these fixtures run under Jest only). */
export const demoWorld = loadDemoWorld();

function demoEntity(ref: string): Entity {
  const entity = demoWorld.entity(ref);
  if (!entity) {
    throw new Error(`examples/ has no entity ${ref}`);
  }
  return entity;
}

/** An entity with the Jenkins annotation, as the catalog would give it: the demo payments-service. */
export const annotatedEntity: Entity = demoEntity(
  'component:default/payments-service',
);

/** An entity without the annotation: the demo docs-site. */
export const plainEntity: Entity = demoEntity('component:default/docs-site');

export const entityRef = getCompoundEntityRef(annotatedEntity);

const allowed = { allowed: true };

export function capabilities(
  overrides: Partial<JobCapabilities> = {},
): JobCapabilities {
  return {
    trigger: allowed,
    rebuild: allowed,
    abort: allowed,
    approve: allowed,
    readLogs: allowed,
    ...overrides,
  };
}

export function build(overrides: Partial<BuildSummary> = {}): BuildSummary {
  const number = overrides.number ?? 42;
  return {
    number,
    displayName: `#${number}`,
    url: `https://jenkins.example.com/job/payments/job/payments-service/${number}/`,
    status: 'success',
    startedAt: Date.now() - 10 * 60 * 1000,
    durationMs: 125000,
    estimatedDurationMs: 130000,
    progress: null,
    branch: 'main',
    commit: '0123456789abcdef0123456789abcdef01234567',
    causes: [
      {
        kind: 'user',
        description: 'Started by user Jane Doe',
        userId: 'jane.doe',
        userName: 'Jane Doe',
      },
    ],
    tests: { total: 120, passed: 118, failed: 2, skipped: 0 },
    ...overrides,
  };
}

export function buildDetail(overrides: Partial<BuildDetail> = {}): BuildDetail {
  return {
    ...build(overrides),
    description: null,
    queueId: 7,
    parameters: [],
    stages: [],
    failedTests: [],
    pendingInputs: [],
    canReadLogs: { allowed: true },
    ...overrides,
  };
}

export function job(overrides: Partial<JobSummary> = {}): JobSummary {
  const fullName = overrides.fullName ?? 'payments/payments-service';
  return {
    id: `id-${fullName.replace(/[^A-Za-z0-9]/g, '-')}`,
    instance: 'default',
    fullName,
    displayName: fullName.split('/').pop()!,
    url: `https://jenkins.example.com/job/${fullName
      .split('/')
      .join('/job/')}/`,
    kind: 'pipeline',
    environment: 'staging',
    status: 'success',
    buildable: true,
    lastBuild: build(),
    branches: null,
    parameters: [],
    capabilities: capabilities(),
    identity: { strategy: 'jwt', jenkinsUser: 'jane.doe' },
    ...overrides,
  };
}

/** A JenkinsApi whose every method is a jest mock that rejects until told otherwise. */
export function fakeJenkinsApi(
  overrides: { [K in keyof JenkinsApi]?: jest.Mock<any, any> } = {},
): jest.Mocked<JenkinsApi> {
  const unexpected = (name: string) =>
    jest.fn(() => Promise.reject(new Error(`unexpected call to ${name}`)));
  const api = {
    getJobs: unexpected('getJobs'),
    searchBranches: unexpected('searchBranches'),
    getBuilds: unexpected('getBuilds'),
    getBuild: unexpected('getBuild'),
    getBuildLog: unexpected('getBuildLog'),
    downloadBuildLog: unexpected('downloadBuildLog'),
    getChangeRecord: unexpected('getChangeRecord'),
    getActivity: jest.fn(async () => ({ items: [], nextCursor: null })),
    getQueueItem: unexpected('getQueueItem'),
    triggerBuild: unexpected('triggerBuild'),
    rebuild: unexpected('rebuild'),
    abortBuild: unexpected('abortBuild'),
    cancelQueueItem: unexpected('cancelQueueItem'),
    answerInput: unexpected('answerInput'),
    getBuildGraph: unexpected('getBuildGraph'),
    getStageSteps: unexpected('getStageSteps'),
    getNodeLog: unexpected('getNodeLog'),
    getBuildChanges: unexpected('getBuildChanges'),
    getBuildArtifacts: unexpected('getBuildArtifacts'),
    downloadArtifact: unexpected('downloadArtifact'),
    getBuildCauses: unexpected('getBuildCauses'),
    getRestartInfo: unexpected('getRestartInfo'),
    restartBuild: unexpected('restartBuild'),
    getReplayInfo: unexpected('getReplayInfo'),
    replayBuild: unexpected('replayBuild'),
    getPauseState: unexpected('getPauseState'),
    pauseBuild: unexpected('pauseBuild'),
    resumeBuild: unexpected('resumeBuild'),
    ...overrides,
  } as jest.Mocked<JenkinsApi>;
  // Unless told otherwise, the overview is made of the other reads, as the
  // backend makes it: tests that script jobs, builds and activity see them
  // on the first paint too.
  if (!overrides.getOverview) {
    api.getOverview = jest.fn((entity, options) =>
      overviewOf(api, entity, options),
    );
  }
  return api;
}

/** The overview the backend would answer, from the api's other reads. */
async function overviewOf(
  api: JenkinsApi,
  entity: CompoundEntityRef,
  options: JenkinsOverviewOptions = {},
): Promise<OverviewResponse> {
  const jobs = await api.getJobs(entity);
  const first = jobs.jobs[0];
  const jobId =
    options.job ?? (first ? targetJobId(resolveTarget(first)) : undefined);
  const selected = jobId
    ? await api.getBuilds(entity, jobId, { limit: options.limit ?? 10 }).then(
        builds => ({ jobId, builds, trend: builds.items }),
        () => null,
      )
    : null;
  const activity = await api
    .getActivity(entity, { limit: options.activityLimit ?? 10 })
    .catch(() => null);
  return { jobs, selected, activity };
}

/** The error the client throws for a backend error answer. */
export function responseError(
  status: number,
  message: string,
  name = 'Error',
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ) as any,
  );
}
