import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ActionResponse,
  ActivityPage,
  BuildDetail,
  BuildsPage,
  BuildSummary,
  JobsResponse,
  JobSummary,
  LogChunk,
  QueueState,
  TriggerResponse,
} from '@internal/plugin-jenkins-common';
import { JenkinsApi } from '../src';

const minute = 60 * 1000;

function demoBuild(
  number: number,
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
        description: 'Started by user Alice',
        userId: 'alice',
        userName: 'Alice',
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
 * An in-memory Jenkins for `yarn start` in this package: a few jobs, a
 * running build whose log grows, a queue item that starts after a few
 * seconds and a production deploy waiting for approval.
 */
export class DemoJenkinsApi implements JenkinsApi {
  #started = Date.now();
  #nextBuild = 43;

  #jobs(): JobSummary[] {
    const running = demoBuild(42, {
      status: 'running',
      startedAt: this.#started - minute,
      durationMs: null,
      progress: Math.min(
        0.99,
        (Date.now() - this.#started + minute) / (4 * minute),
      ),
      tests: null,
    });
    const allowed = { allowed: true };
    return [
      {
        id: 'demo-service',
        instance: 'default',
        fullName: 'payments/payments-service',
        displayName: 'payments-service',
        url: 'https://jenkins.example.com/job/payments/job/payments-service/',
        kind: 'pipeline',
        environment: 'staging',
        status: 'running',
        buildable: true,
        lastBuild: running,
        branches: null,
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
        identity: { strategy: 'jwt', jenkinsUser: 'alice' },
      },
      {
        id: 'demo-deploy',
        instance: 'release',
        fullName: 'payments/deploy-production',
        displayName: 'deploy-production',
        url: 'https://jenkins.example.com/job/payments/job/deploy-production/',
        kind: 'pipeline',
        environment: 'production',
        status: 'paused',
        buildable: true,
        lastBuild: demoBuild(7, {
          status: 'paused',
          durationMs: null,
          progress: null,
        }),
        branches: null,
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
        identity: {
          strategy: 'service-account',
          jenkinsUser: 'ci-bot',
          notice: 'Jenkins sees the service account ci-bot',
        },
      },
    ];
  }

  async getJobs(): Promise<JobsResponse> {
    return {
      entityRef: 'component:default/payments-service',
      jobs: this.#jobs(),
    };
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
      items.push(n === job?.lastBuild?.number ? job.lastBuild : demoBuild(n));
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
    };
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
}
