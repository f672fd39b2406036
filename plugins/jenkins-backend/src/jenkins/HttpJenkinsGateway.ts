import { LoggerService } from '@backstage/backend-plugin-api';
import { JenkinsPluginConfig } from '../config/JenkinsConfig';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { JenkinsCallKind, JenkinsCallRunner } from './JenkinsCallRunner';
import { JenkinsBadResponseError } from './JenkinsErrors';
import { BuildCalls } from './BuildCalls';
import {
  JenkinsGateway,
  JenkinsLogChunk,
  JenkinsLogStream,
  JenkinsRequestContext,
  JenkinsTriggerResult,
  JenkinsWriteResult,
} from './JenkinsGateway';
import { JenkinsHttpError } from './JenkinsHttpError';
import * as answers from './JenkinsJson';
import { openConsoleText, readLogChunk } from './JenkinsLogReads';
import { jobPath, JenkinsTransport } from './JenkinsTransport';

/** Options of {@link HttpJenkinsGateway}. @public */
export interface HttpJenkinsGatewayOptions {
  config: JenkinsPluginConfig;
  strategies: IdentityStrategies;
  logger: LoggerService;
  now?: () => number;
}

/**
 * The {@link JenkinsGateway} over HTTP: the `jenkins` npm client where it
 * fits, plain requests with the same identity and deadline where it does
 * not, both over one pool of keep-alive connections per instance. Write
 * results carry the status Jenkins really answered; errors carry it too
 * (see `jenkinsAnswerOf`).
 *
 * @public
 */
export class HttpJenkinsGateway extends BuildCalls implements JenkinsGateway {
  private readonly runner: JenkinsCallRunner;

  constructor(options: HttpJenkinsGatewayOptions) {
    super();
    this.runner = new JenkinsCallRunner({
      config: options.config,
      strategies: options.strategies,
      logger: options.logger,
      now: options.now ?? Date.now,
    });
  }

  /** Closes the pooled connections; call on plugin shutdown. */
  close(): Promise<void> {
    return this.runner.close();
  }

  getJob(ctx: JenkinsRequestContext, fullName: string, tree: string) {
    return this.call(ctx, 'read', `read job ${fullName}`, async t =>
      answers.parseJob(await t.client.job.get({ name: fullName, tree })),
    );
  }

  getBuild(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    tree: string,
  ) {
    return this.call(
      ctx,
      'read',
      `read build ${fullName} #${buildNumber}`,
      async t =>
        answers.parseBuild(
          await t.client.build.get({
            name: fullName,
            number: buildNumber,
            tree,
          }),
        ),
    );
  }

  getRunDescription(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ) {
    return this.call(
      ctx,
      'read',
      `read stages of ${fullName} #${buildNumber}`,
      async t =>
        answers.parseRunDescription(
          await optional(() =>
            t.getJson(`${jobPath(fullName)}/${buildNumber}/wfapi/describe`),
          ),
        ),
    );
  }

  async getPendingInputs(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ): Promise<unknown[]> {
    return this.call(
      ctx,
      'read',
      `read pending inputs of ${fullName} #${buildNumber}`,
      async t => {
        const inputs = await optional(() =>
          t.getJson(
            `${jobPath(fullName)}/${buildNumber}/wfapi/pendingInputActions`,
          ),
        );
        return inputs === undefined ? [] : answers.parsePendingInputs(inputs);
      },
    );
  }

  getTestReport(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    tree: string,
  ) {
    return this.call(
      ctx,
      'read',
      `read the test report of ${fullName} #${buildNumber}`,
      async t =>
        answers.parseTestReport(
          await optional(() =>
            t.getJson(
              `${jobPath(fullName)}/${buildNumber}/testReport/api/json`,
              { tree },
            ),
          ),
        ),
    );
  }

  getLog(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    start: number,
  ): Promise<JenkinsLogChunk> {
    // A GET, unlike the client's POST: a read needs no crumb round trip.
    return this.call(
      ctx,
      'read',
      `read the log of ${fullName} #${buildNumber}`,
      t => readLogChunk(t, fullName, buildNumber, start),
    );
  }

  streamLog(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ): Promise<JenkinsLogStream> {
    return this.call(
      ctx,
      'read',
      `download the log of ${fullName} #${buildNumber}`,
      t => openConsoleText(t, fullName, buildNumber),
    );
  }

  getQueueItem(ctx: JenkinsRequestContext, queueId: number) {
    return this.call(ctx, 'read', `read queue item ${queueId}`, async t =>
      answers.parseQueueItem(await t.client.queue.item({ number: queueId })),
    );
  }

  getQueue(ctx: JenkinsRequestContext, tree: string) {
    return this.call(ctx, 'read', 'read the queue', async t =>
      answers.parseQueue(await t.getJson('/queue/api/json', { tree })),
    );
  }

  triggerBuild(
    ctx: JenkinsRequestContext,
    fullName: string,
    parameters?: Record<string, string>,
  ): Promise<JenkinsTriggerResult> {
    return this.call(ctx, 'write', `run ${fullName}`, async t => {
      try {
        const queueId = await t.client.job.build(
          parameters ? { name: fullName, parameters } : { name: fullName },
        );
        if (typeof queueId !== 'number' || !Number.isFinite(queueId)) {
          throw new JenkinsBadResponseError(
            'Jenkins accepted the build without a queue item Location',
          );
        }
        return { queueId, alreadyQueued: false, status: t.lastStatus() };
      } catch (error) {
        // 303: an identical item is already queued; the client treats it as an error.
        const res = (error as { res?: any }).res;
        if (res?.statusCode === 303) {
          return {
            queueId: queueIdFromLocation(res.headers?.location),
            alreadyQueued: true,
            status: res.statusCode,
          };
        }
        throw error;
      }
    });
  }

  stopBuild(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ): Promise<JenkinsWriteResult> {
    return this.call(
      ctx,
      'write',
      `stop ${fullName} #${buildNumber}`,
      async t => {
        await t.client.build.stop({ name: fullName, number: buildNumber });
        return { status: t.lastStatus() };
      },
    );
  }

  cancelQueueItem(
    ctx: JenkinsRequestContext,
    queueId: number,
  ): Promise<JenkinsWriteResult> {
    return this.call(
      ctx,
      'write',
      `cancel queue item ${queueId}`,
      async t => {
        const res = await t.post('/queue/cancelItem', {
          query: { id: String(queueId) },
        });
        return { status: res.status };
      },
      // Queue.doCancelItem answers 422 to a person without Item.CANCEL.
      [422],
    );
  }

  answerInput(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    inputId: string,
    answer: {
      action: 'approve' | 'reject';
      parameters?: Record<string, string>;
    },
  ): Promise<JenkinsWriteResult> {
    const base = `${jobPath(
      fullName,
    )}/${buildNumber}/input/${encodeURIComponent(inputId)}`;
    return this.call(
      ctx,
      'write',
      `${answer.action} input ${inputId} of ${fullName} #${buildNumber}`,
      async t => {
        let res;
        if (answer.action === 'reject') {
          res = await t.post(`${base}/abort`);
        } else if (
          !answer.parameters ||
          Object.keys(answer.parameters).length === 0
        ) {
          res = await t.post(`${base}/proceedEmpty`);
        } else {
          res = await t.post(`${base}/submit`, {
            form: {
              proceed: 'Proceed',
              json: JSON.stringify({
                parameter: Object.entries(answer.parameters).map(
                  ([name, value]) => ({ name, value }),
                ),
              }),
            },
          });
        }
        return { status: res.status };
      },
      // InputStepExecution refuses a person who may not settle the input
      // with a hudson.model.Failure: 400, not 403.
      [400],
    );
  }

  setBuildDescription(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    description: string,
  ): Promise<JenkinsWriteResult> {
    return this.call(
      ctx,
      'write',
      `set the description of ${fullName} #${buildNumber}`,
      async t => {
        const res = await t.post(
          `${jobPath(fullName)}/${buildNumber}/submitDescription`,
          { form: { description } },
        );
        return { status: res.status };
      },
    );
  }

  protected call<T>(
    ctx: JenkinsRequestContext,
    kind: JenkinsCallKind,
    action: string,
    operation: (transport: JenkinsTransport) => Promise<T>,
    refusals?: number[],
  ): Promise<T> {
    return this.runner.run(ctx, kind, action, operation, refusals);
  }
}

/** Runs a read whose 404 means "there is none" (not a pipeline, no tests). */
async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof JenkinsHttpError && error.status === 404) {
      return undefined;
    }
    throw error;
  }
}

function queueIdFromLocation(location: unknown): number {
  const match =
    typeof location === 'string'
      ? /\/queue\/item\/(\d+)\/?$/.exec(location)
      : null;
  if (!match) {
    throw new JenkinsBadResponseError(
      'Jenkins answered without a queue item Location',
    );
  }
  return Number(match[1]);
}
