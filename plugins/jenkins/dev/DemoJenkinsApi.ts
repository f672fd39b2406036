import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ActionResponse,
  ActivityPage,
  BranchesPage,
  BuildArtifacts,
  BuildCauses,
  BuildChanges,
  BuildDetail,
  BuildGraph,
  BuildsPage,
  BuildSummary,
  encodeJobId,
  JENKINS_JOB_FULL_NAME_ANNOTATION,
  JenkinsJobReference,
  JobsResponse,
  JobSummary,
  LogChunk,
  OverviewResponse,
  parseJobAnnotation,
  PauseState,
  QueueState,
  ReplayInfo,
  RestartInfo,
  StageSteps,
  StartedBuildResponse,
  TriggerResponse,
  ChangeRecord,
} from '@internal/plugin-jenkins-common';
import { JenkinsApi, JenkinsOverviewOptions } from '../src';

const minute = 60 * 1000;

/** Who starts the demo builds: a user of the demo world. */
interface DemoUser {
  userId: string;
  userName: string;
}

function demoBuild(
  number: number,
  user: DemoUser,
  overrides: Partial<BuildSummary> = {},
): BuildSummary {
  return {
    number,
    displayName: `#${number}`,
    url: `https://jenkins.example.com/job/payments/job/payments-service/${number}/`,
    status: number % 5 === 0 ? 'failure' : 'success',
    startedAt: Date.now() - number * 37 * minute,
    durationMs: (3 + (number % 4)) * minute,
    estimatedDurationMs: 4 * minute,
    progress: null,
    branch: 'main',
    commit: `${number}f3c9a1b2d4e5f60718293a4b5c6d7e8f9012345`.slice(0, 40),
    causes: [
      {
        kind: 'user',
        description: `Started by user ${user.userName}`,
        userId: user.userId,
        userName: user.userName,
      },
    ],
    tests: {
      total: 120,
      passed: number % 5 === 0 ? 117 : 120,
      failed: number % 5 === 0 ? 3 : 0,
      skipped: 0,
    },
    ...overrides,
  };
}

/**
 * An in-memory Jenkins for `yarn start` in this package, for an entity and
 * a user of the demo world: the jobs the entity's annotation names, a
 * running build whose log grows, a queue item that starts after a few
 * seconds and a production deploy waiting for approval.
 */
export class DemoJenkinsApi implements JenkinsApi {
  #started = Date.now();
  #nextBuild = 43;
  readonly #entityRef: string;
  readonly #refs: JenkinsJobReference[];
  readonly #user: DemoUser;

  constructor(entity: Entity, user: Entity) {
    this.#entityRef = stringifyEntityRef(entity);
    this.#refs = parseJobAnnotation(
      entity.metadata.annotations?.[JENKINS_JOB_FULL_NAME_ANNOTATION],
    );
    const profile = (
      user.spec as { profile?: { displayName?: string } } | undefined
    )?.profile;
    this.#user = {
      userId: user.metadata.name,
      userName: profile?.displayName ?? user.metadata.name,
    };
  }

  #jobs(): JobSummary[] {
    return this.#refs.map(ref => this.#job(ref));
  }

  #job({ instance, fullName }: JenkinsJobReference): JobSummary {
    const user = this.#user;
    const allowed = { allowed: true };
    const common = {
      id: encodeJobId(instance, fullName),
      instance,
      fullName,
      displayName: fullName.split('/').pop()!,
      url: `https://jenkins.example.com/job/${fullName
        .split('/')
        .join('/job/')}/`,
      kind: 'pipeline' as const,
      buildable: true,
      branches: null,
      identity: { strategy: 'jwt' as const, jenkinsUser: user.userId },
    };
    if (fullName.endsWith('/deploy-production')) {
      return {
        ...common,
        environment: 'production',
        status: 'paused',
        lastBuild: demoBuild(7, user, {
          status: 'paused',
          durationMs: null,
          progress: null,
        }),
        parameters: [],
        capabilities: {
          trigger: {
            allowed: false,
            reason:
              'Only release-managers may run production jobs (jenkins.job.trigger)',
          },
          rebuild: {
            allowed: false,
            reason:
              'Only release-managers may rebuild production jobs (jenkins.build.rebuild)',
          },
          abort: allowed,
          approve: allowed,
          readLogs: allowed,
        },
      };
    }
    if (fullName !== this.#refs[0]?.fullName) {
      return {
        ...common,
        environment: fullName.endsWith('/deploy-staging') ? 'staging' : null,
        status: 'success',
        lastBuild: demoBuild(12, user, { status: 'success' }),
        parameters: [],
        capabilities: {
          trigger: allowed,
          rebuild: allowed,
          abort: allowed,
          approve: allowed,
          readLogs: allowed,
        },
      };
    }
    const running = demoBuild(42, user, {
      status: 'running',
      startedAt: this.#started - minute,
      durationMs: null,
      progress: Math.min(
        0.99,
        (Date.now() - this.#started + minute) / (4 * minute),
      ),
      tests: null,
    });
    return {
      ...common,
      environment: 'staging',
      status: 'running',
      lastBuild: running,
      parameters: [
        {
          type: 'string',
          name: 'VERSION',
          description: 'Version to build',
          defaultValue: '1.4.0',
        },
        {
          type: 'text',
          name: 'NOTES',
          description: 'Release notes',
          defaultValue: '',
        },
        {
          type: 'boolean',
          name: 'RUN_E2E',
          description: 'Run the browser tests too',
          defaultValue: true,
        },
        {
          type: 'choice',
          name: 'REGION',
          description: null,
          choices: ['eu-west-1', 'us-east-1'],
          defaultValue: null,
        },
        {
          type: 'password',
          name: 'SIGNING_KEY',
          description: null,
          hasDefault: false,
        },
        {
          type: 'string',
          name: 'BACKSTAGE_USER',
          description: null,
          defaultValue: '',
        },
      ],
      capabilities: {
        trigger: allowed,
        rebuild: allowed,
        abort: allowed,
        approve: allowed,
        readLogs: allowed,
      },
    };
  }

  async getOverview(
    entity: CompoundEntityRef,
    options: JenkinsOverviewOptions = {},
  ): Promise<OverviewResponse> {
    const jobs = await this.getJobs();
    const jobId = options.job ?? jobs.jobs[0]?.id;
    // In memory, so the page and the trend are simply read twice.
    const page = (limit: number) => this.getBuilds(entity, jobId!, { limit });
    return {
      jobs,
      selected: jobId
        ? {
            jobId,
            builds: await page(options.limit ?? 10),
            trend: (await page(options.trend ?? 20)).items,
          }
        : null,
      activity: await this.getActivity(),
    };
  }

  async getJobs(): Promise<JobsResponse> {
    return {
      entityRef: this.#entityRef,
      jobs: this.#jobs(),
    };
  }

  /** The demo jobs have no branches: every search finds none. */
  async searchBranches(): Promise<BranchesPage> {
    return { items: [], total: 0, nextCursor: null };
  }

  async getBuilds(
    _e: CompoundEntityRef,
    jobId: string,
    options?: { limit?: number; cursor?: string },
  ): Promise<BuildsPage> {
    const job = this.#jobs().find(j => j.id === jobId);
    const limit = options?.limit ?? 10;
    const from = Number(options?.cursor ?? job?.lastBuild?.number ?? 1);
    const items: BuildSummary[] = [];
    for (let n = from; n > 0 && items.length < limit; n--) {
      items.push(
        n === job?.lastBuild?.number ? job.lastBuild : demoBuild(n, this.#user),
      );
    }
    const next = from - limit;
    return { items, nextCursor: next > 0 ? String(next) : null };
  }

  async getBuild(
    e: CompoundEntityRef,
    jobId: string,
    n: number,
  ): Promise<BuildDetail> {
    const summary = (
      await this.getBuilds(e, jobId, { cursor: String(n), limit: 1 })
    ).items[0];
    return {
      ...summary,
      description: null,
      queueId: 1,
      parameters: [
        { name: 'VERSION', value: '1.4.0', masked: false },
        { name: 'SIGNING_KEY', value: null, masked: true },
      ],
      stages: [
        {
          id: '1',
          name: 'Checkout',
          status: 'success',
          startedAt: null,
          durationMs: 4000,
          error: null,
        },
        {
          id: '2',
          name: 'Build',
          status: 'success',
          startedAt: null,
          durationMs: 95000,
          error: null,
        },
        {
          id: '3',
          name: 'Test',
          status: summary.status === 'failure' ? 'failure' : 'success',
          startedAt: null,
          durationMs: 62000,
          error: summary.status === 'failure' ? '3 tests failed' : null,
        },
        {
          id: '4',
          name: 'Deploy',
          status: summary.status === 'paused' ? 'paused' : 'success',
          startedAt: null,
          durationMs: null,
          error: null,
        },
      ],
      failedTests:
        summary.status === 'failure'
          ? [
              {
                name: 'refunds are idempotent',
                className: 'payments.RefundTest',
                errorDetails: 'expected 1 refund, got 2',
              },
            ]
          : [],
      pendingInputs:
        summary.status === 'paused'
          ? [
              {
                id: 'deploy',
                message: 'Deploy 1.4.0 to production?',
                proceedText: 'Deploy',
                abortText: 'Abort',
                parameters: [],
                canAnswer: { allowed: true },
              },
            ]
          : [],
      canReadLogs: { allowed: true },
    };
  }

  async getBuildLog(
    _e: CompoundEntityRef,
    _j: string,
    _n: number,
    start: number,
  ): Promise<LogChunk> {
    const lines = Math.floor((Date.now() - this.#started) / 1000);
    const text = Array.from({ length: lines }, (_, i) =>
      i % 7 === 6
        ? `\u001b[32m[ok]\u001b[0m step ${i} done`
        : `[Pipeline] step ${i}`,
    ).join('\n');
    return {
      text: text.slice(start),
      nextStart: text.length,
      more: lines < 120,
      hasMore: false,
    };
  }

  async getChangeRecord(
    e: CompoundEntityRef,
    jobId: string,
    n: number,
  ): Promise<ChangeRecord> {
    const build = await this.getBuild(e, jobId, n);
    return {
      schemaVersion: 1,
      generatedAt: new Date().toISOString(),
      entity: {
        ref: `${e.kind}:${e.namespace}/${e.name}`.toLocaleLowerCase('en-US'),
        title: null,
        owner: 'group:default/team-payments',
        system: null,
      },
      job: {
        instance: 'default',
        fullName: 'payments/deploy-production',
        environment: 'production',
        url: null,
      },
      build: {
        number: n,
        url: null,
        result: build.status === 'success' ? 'SUCCESS' : null,
        building: build.status === 'running' || build.status === 'paused',
        startedAt: build.startedAt
          ? new Date(build.startedAt).toISOString()
          : null,
        durationMs: build.durationMs,
        revision: null,
        commits: [],
      },
      requester: {
        userRef: 'user:default/bob',
        jenkinsUser: 'bob',
        via: 'portal',
        source: 'audit',
        time: new Date().toISOString(),
        requestId: 'demo-request',
        decision: 'allow',
        jenkinsStatus: 201,
      },
      parameters: build.parameters,
      steps: [],
      approvedBy: [],
      separationOfDuties: 'not-applicable',
      digest: { algorithm: 'sha256', value: '0'.repeat(64) },
    };
  }

  async downloadBuildLog(): Promise<Blob> {
    const chunk = await this.getBuildLog(
      undefined as unknown as CompoundEntityRef,
      '',
      0,
      0,
    );
    return new Blob([chunk.text], { type: 'text/plain' });
  }

  async getActivity(): Promise<ActivityPage> {
    return { items: [], nextCursor: null };
  }

  async getQueueItem(
    _e: CompoundEntityRef,
    _j: string,
    queueId: number,
  ): Promise<QueueState> {
    const started = Date.now() - queueId > 5000;
    return started
      ? {
          queueId,
          state: 'started',
          why: null,
          buildNumber: this.#nextBuild,
          buildUrl: null,
        }
      : {
          queueId,
          state: 'waiting',
          why: 'In the quiet period. Expires in 4.9 sec',
          buildNumber: null,
          buildUrl: null,
        };
  }

  async triggerBuild(): Promise<TriggerResponse> {
    const queueId = Date.now();
    return {
      requestId: 'demo',
      queue: {
        queueId,
        state: 'waiting',
        why: 'In the quiet period. Expires in 4.9 sec',
        buildNumber: null,
        buildUrl: null,
      },
    };
  }

  rebuild(): Promise<TriggerResponse> {
    return this.triggerBuild();
  }

  async abortBuild(): Promise<ActionResponse> {
    return { requestId: 'demo', status: 'done', message: 'Aborted' };
  }

  cancelQueueItem(): Promise<ActionResponse> {
    return this.abortBuild();
  }

  answerInput(): Promise<ActionResponse> {
    return this.abortBuild();
  }

  async getBuildGraph(
    e: CompoundEntityRef,
    jobId: string,
    n: number,
  ): Promise<BuildGraph> {
    const build = await this.getBuild(e, jobId, n);
    const node = (
      id: string,
      name: string,
      state: BuildGraph['stages'][number]['state'],
      type: 'stage' | 'parallel' = 'stage',
    ) => ({
      id,
      name,
      type,
      state,
      startedAt: build.startedAt,
      durationMs: 30000,
      pauseDurationMs: 0,
      agent: 'linux',
      waitingReason: null,
      error: state === 'failure' ? 'script returned exit code 1' : null,
      children: [],
    });
    const failed = build.status === 'failure';
    return {
      source: 'pipeline-graph-view',
      complete: !['running', 'paused', 'queued'].includes(build.status),
      canReadLogs: { allowed: true },
      stages: [
        node('1', 'Checkout', 'success'),
        node('2', 'Build', 'success'),
        {
          ...node('3', 'Test', failed ? 'failure' : 'success'),
          error: null,
          children: [
            node('31', 'unit', 'success', 'parallel'),
            node('32', 'integration', 'success', 'parallel'),
            node('33', 'contract', failed ? 'failure' : 'success', 'parallel'),
          ],
        },
        node('4', 'Deploy', failed ? 'skipped' : 'success'),
      ],
    };
  }

  async getStageSteps(
    _e: CompoundEntityRef,
    _j: string,
    _n: number,
    stageId: string,
  ): Promise<StageSteps> {
    return {
      source: 'pipeline-graph-view',
      stageId,
      complete: true,
      steps: [
        {
          id: `${stageId}1`,
          name: 'Shell Script',
          title: './gradlew check',
          state: 'success',
          startedAt: null,
          durationMs: 12000,
          input: null,
        },
      ],
    };
  }

  async getNodeLog(): Promise<LogChunk> {
    return {
      text: '+ ./gradlew check\nBUILD SUCCESSFUL\n',
      nextStart: 34,
      more: false,
      hasMore: false,
    };
  }

  async getBuildChanges(): Promise<BuildChanges> {
    return {
      truncated: false,
      changeSets: [
        {
          kind: 'git',
          commits: [
            {
              id: '9f2c1e0d4b3a29f2c1e0d4b3a29f2c1e0d4b3a2',
              message: 'Make refunds idempotent',
              author: {
                name: this.#user.userName,
                email: null,
                userRef: `user:default/${this.#user.userId}`,
              },
              timestamp: Date.now() - 3 * 60 * minute,
              paths: [{ path: 'src/refunds.ts', editType: 'edit' }],
            },
          ],
        },
      ],
    };
  }

  async getBuildArtifacts(): Promise<BuildArtifacts> {
    return {
      truncated: false,
      canDownload: { allowed: true },
      artifacts: [
        {
          path: 'build/libs/payments-service.jar',
          fileName: 'payments-service.jar',
          displayPath: 'payments-service.jar',
        },
      ],
    };
  }

  async downloadArtifact(): Promise<Blob> {
    return new Blob(['demo artifact'], { type: 'application/octet-stream' });
  }

  async getBuildCauses(
    e: CompoundEntityRef,
    jobId: string,
    n: number,
  ): Promise<BuildCauses> {
    const build = await this.getBuild(e, jobId, n);
    return {
      causes: build.causes.map(c => ({
        kind: 'user' as const,
        description: c.description,
        userId: c.userId,
        userName: c.userName,
      })),
    };
  }

  async getRestartInfo(): Promise<RestartInfo> {
    return {
      restartEnabled: true,
      restartableStages: ['Checkout', 'Build', 'Test'],
      capability: { allowed: true },
    };
  }

  async restartBuild(): Promise<StartedBuildResponse> {
    const { queue } = await this.triggerBuild();
    return { requestId: 'demo', queue, message: 'Restart requested.' };
  }

  async getReplayInfo(): Promise<ReplayInfo> {
    return {
      main: "pipeline {\n  agent any\n  stages {\n    stage('Test') {\n      steps { sh './gradlew check' }\n    }\n  }\n}\n",
      loaded: {},
      sha256: '0'.repeat(64),
      canReplay: { allowed: true },
      canEditScript: { allowed: true },
    };
  }

  async replayBuild(): Promise<StartedBuildResponse> {
    const { queue } = await this.triggerBuild();
    return { requestId: 'demo', queue, message: 'Replay requested.' };
  }

  async getPauseState(): Promise<PauseState> {
    return {
      supported: true,
      paused: false,
      building: true,
      capability: { allowed: true },
    };
  }

  pauseBuild(): Promise<ActionResponse> {
    return this.abortBuild();
  }

  resumeBuild(): Promise<ActionResponse> {
    return this.abortBuild();
  }
}
