import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  JenkinsInstanceConfig,
  JenkinsPluginConfig,
} from '../config/JenkinsConfig';
import { basicAuthorization } from '../identity/basicAuthorization';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { CircuitBreaker } from './CircuitBreaker';
import { isCrumbRejection, mapJenkinsError } from './JenkinsErrorMapper';
import { JenkinsBadResponseError, JenkinsTimeoutError } from './JenkinsErrors';
import {
  JenkinsGateway,
  JenkinsLogChunk,
  JenkinsRequestContext,
} from './JenkinsGateway';
import { JenkinsHttpError } from './JenkinsHttpError';
import { jobPath, JenkinsTransport } from './JenkinsTransport';

/** Options of {@link HttpJenkinsGateway}. @public */
export interface HttpJenkinsGatewayOptions {
  config: JenkinsPluginConfig;
  strategies: IdentityStrategies;
  logger: LoggerService;
  now?: () => number;
}

type CallKind = 'read' | 'write';

/**
 * The {@link JenkinsGateway} over HTTP: the `jenkins` npm client where it
 * fits, `fetch` with the same identity and deadline where it does not.
 *
 * @public
 */
export class HttpJenkinsGateway implements JenkinsGateway {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly now: () => number;

  constructor(private readonly options: HttpJenkinsGatewayOptions) {
    this.now = options.now ?? Date.now;
    for (const instance of options.config.instances.values()) {
      this.breakers.set(
        instance.name,
        new CircuitBreaker(instance.name, instance.circuitBreaker, this.now),
      );
    }
  }

  getJob(ctx: JenkinsRequestContext, fullName: string, tree: string) {
    return this.call(ctx, 'read', `read job ${fullName}`, async t =>
      requireObject(await t.client.job.get({ name: fullName, tree })),
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
        requireObject(
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
        optional(() =>
          t.getJson(`${jobPath(fullName)}/${buildNumber}/wfapi/describe`),
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
        if (inputs === undefined) {
          return [];
        }
        if (!Array.isArray(inputs)) {
          throw new JenkinsBadResponseError(
            'pendingInputActions is not a list',
          );
        }
        return inputs;
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
        optional(() =>
          t.getJson(`${jobPath(fullName)}/${buildNumber}/testReport/api/json`, {
            tree,
          }),
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
      async t => {
        const res = await t.get(
          `${jobPath(fullName)}/${buildNumber}/logText/progressiveText`,
          { start: String(start) },
        );
        const size = Number(res.headers.get('x-text-size'));
        return {
          text: res.text,
          nextStart: Number.isFinite(size) && size >= 0 ? size : start,
          more: res.headers.get('x-more-data') === 'true',
        };
      },
    );
  }

  getQueueItem(ctx: JenkinsRequestContext, queueId: number) {
    return this.call(ctx, 'read', `read queue item ${queueId}`, async t =>
      requireObject(await t.client.queue.item({ number: queueId })),
    );
  }

  triggerBuild(
    ctx: JenkinsRequestContext,
    fullName: string,
    parameters?: Record<string, string>,
  ): Promise<{ queueId: number; alreadyQueued: boolean }> {
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
        return { queueId, alreadyQueued: false };
      } catch (error) {
        // 303: an identical item is already queued; the client treats it as an error.
        const res = (error as { res?: any }).res;
        if (res?.statusCode === 303) {
          return {
            queueId: queueIdFromLocation(res.headers?.location),
            alreadyQueued: true,
          };
        }
        throw error;
      }
    });
  }

  stopBuild(ctx: JenkinsRequestContext, fullName: string, buildNumber: number) {
    return this.call(
      ctx,
      'write',
      `stop ${fullName} #${buildNumber}`,
      async t => {
        await t.client.build.stop({ name: fullName, number: buildNumber });
      },
    );
  }

  cancelQueueItem(ctx: JenkinsRequestContext, queueId: number) {
    return this.call(ctx, 'write', `cancel queue item ${queueId}`, async t => {
      await t.post('/queue/cancelItem', { query: { id: String(queueId) } });
    });
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
  ) {
    const base = `${jobPath(
      fullName,
    )}/${buildNumber}/input/${encodeURIComponent(inputId)}`;
    return this.call(
      ctx,
      'write',
      `${answer.action} input ${inputId} of ${fullName} #${buildNumber}`,
      async t => {
        if (answer.action === 'reject') {
          await t.post(`${base}/abort`);
        } else if (
          !answer.parameters ||
          Object.keys(answer.parameters).length === 0
        ) {
          await t.post(`${base}/proceedEmpty`);
        } else {
          await t.post(`${base}/submit`, {
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
      },
    );
  }

  setBuildDescription(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    description: string,
  ) {
    return this.call(
      ctx,
      'write',
      `set the description of ${fullName} #${buildNumber}`,
      async t => {
        await t.post(`${jobPath(fullName)}/${buildNumber}/submitDescription`, {
          form: { description },
        });
      },
    );
  }

  private instance(name: string): JenkinsInstanceConfig {
    const instance = this.options.config.instances.get(name);
    if (!instance) {
      throw new NotFoundError(`Unknown Jenkins instance '${name}'`);
    }
    return instance;
  }

  /** Headers for the call: shared read credentials or the person's identity. */
  private async authFor(
    ctx: JenkinsRequestContext,
    instance: JenkinsInstanceConfig,
  ): Promise<{
    headers: Record<string, string>;
    needsCrumb: boolean;
    jenkinsUser: string;
  }> {
    if (
      ctx.purpose === 'read' &&
      instance.reads === 'shared' &&
      instance.readCredentials
    ) {
      return {
        headers: {
          Authorization: basicAuthorization(instance.readCredentials),
        },
        needsCrumb: false,
        jenkinsUser: instance.readCredentials.user,
      };
    }
    const strategy = this.options.strategies.forInstance(instance.name);
    return {
      headers: await strategy.headersFor(ctx.principal),
      needsCrumb: strategy.needsCrumb,
      jenkinsUser: strategy.describe(ctx.principal).jenkinsUser,
    };
  }

  /**
   * Runs one gateway operation within the instance's timeout budget: reads
   * are retried with exponential backoff while budget remains, writes only
   * once after a crumb rejection (a fresh crumb and session are fetched).
   */
  private async call<T>(
    ctx: JenkinsRequestContext,
    kind: CallKind,
    action: string,
    operation: (transport: JenkinsTransport) => Promise<T>,
  ): Promise<T> {
    const instance = this.instance(ctx.instance);
    const breaker = this.breakers.get(instance.name)!;
    const deadline = this.now() + instance.requestTimeoutMs;
    let crumbRetried = false;
    for (let attempt = 1; ; attempt++) {
      breaker.check();
      const remaining = deadline - this.now();
      if (remaining <= 0) {
        throw new JenkinsTimeoutError(
          `Jenkins instance '${instance.name}' did not answer ${action} within ${instance.requestTimeoutMs} ms`,
        );
      }
      const auth = await this.authFor(ctx, instance);
      try {
        const transport = new JenkinsTransport(
          instance.baseUrl,
          auth.headers,
          auth.needsCrumb,
          remaining,
        );
        const result = await operation(transport);
        breaker.recordSuccess();
        return result;
      } catch (error) {
        if (kind === 'write' && !crumbRetried && isCrumbRejection(error)) {
          crumbRetried = true;
          this.options.logger.info(
            `Jenkins instance '${instance.name}' rejected the crumb to ${action}; retrying once with a fresh crumb`,
          );
          continue;
        }
        const mapped = mapJenkinsError(error, {
          instance: instance.name,
          action,
          jenkinsUser: auth.jenkinsUser,
          timeoutMs: instance.requestTimeoutMs,
        });
        if (mapped.instanceFailure) {
          breaker.recordFailure();
        } else {
          breaker.recordSuccess();
        }
        const backoff = instance.retries.backoffMs * 2 ** (attempt - 1);
        if (
          kind === 'read' &&
          mapped.retryable &&
          attempt < instance.retries.maxAttempts &&
          deadline - this.now() > backoff
        ) {
          await new Promise(resolve => setTimeout(resolve, backoff));
          continue;
        }
        throw mapped.error;
      }
    }
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

function requireObject(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) {
    throw new JenkinsBadResponseError('expected a JSON object');
  }
  return value;
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
