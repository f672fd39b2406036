import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  BuildDetail,
  BuildResult,
  JobTarget,
} from '@internal/plugin-jenkins-common';
import { JenkinsPluginClient } from './JenkinsPluginClient';

/** Where a wait starts: a queue item, or a build that has a number. */
export type WaitStart = { queueId: number } | { buildNumber: number };

/** What a finished (or given-up) wait knows. */
export interface BuildOutcome {
  queueId?: number;
  buildNumber?: number;
  buildUrl?: string;
  /** Jenkins' `hudson.model.Result`; absent while the build has none. */
  result?: BuildResult;
}

/** A wait that ran out of time; the build goes on in Jenkins. */
export class BuildWaitTimeoutError extends Error {
  readonly name = 'BuildWaitTimeoutError';

  constructor(message: string, readonly outcome: BuildOutcome) {
    super(message);
  }
}

const RESULTS: Partial<Record<BuildDetail['status'], BuildResult>> = {
  success: 'SUCCESS',
  unstable: 'UNSTABLE',
  failure: 'FAILURE',
  aborted: 'ABORTED',
  not_built: 'NOT_BUILT',
};

/**
 * Waits, within a bounded time, for a queue item to become a build and for
 * the build to finish, by asking the Jenkins plugin's API as the template's
 * user (so each poll is permission-checked and cached like a portal view).
 */
export class BuildWaiter {
  constructor(
    private readonly client: JenkinsPluginClient,
    private readonly pollIntervalMs: number,
  ) {}

  async wait(options: {
    credentials: BackstageCredentials;
    target: JobTarget;
    jobName: string;
    start: WaitStart;
    timeoutMs: number;
    logger: LoggerService;
    signal?: AbortSignal;
  }): Promise<BuildOutcome> {
    const { credentials, target, jobName, start, timeoutMs, logger, signal } =
      options;
    const deadline = Date.now() + timeoutMs;
    const outcome: BuildOutcome = { ...start };
    const giveUp = (what: string) =>
      new BuildWaitTimeoutError(
        `Timed out after ${Math.round(
          timeoutMs / 1000,
        )} s waiting for ${what}; it goes on in Jenkins${
          outcome.buildUrl ? ` (${outcome.buildUrl})` : ''
        }. Raise timeoutSeconds, or wait for it with jenkins:build:wait.`,
        outcome,
      );

    if (outcome.buildNumber === undefined && outcome.queueId !== undefined) {
      let lastWhy: string | null = null;
      for (;;) {
        const queue = await this.client.queueState(
          credentials,
          target,
          outcome.queueId,
        );
        if (queue.buildNumber !== null) {
          outcome.buildNumber = queue.buildNumber;
          outcome.buildUrl = queue.buildUrl ?? undefined;
          logger.info(
            `${jobName} #${queue.buildNumber} started${
              queue.buildUrl ? `: ${queue.buildUrl}` : ''
            }`,
          );
          break;
        }
        if (queue.state === 'cancelled') {
          outcome.result = 'NOT_BUILT';
          logger.warn(
            `Queue item ${outcome.queueId} of ${jobName} was cancelled before it started`,
          );
          return outcome;
        }
        if (queue.why && queue.why !== lastWhy) {
          logger.info(`${jobName} is queued: ${queue.why}`);
          lastWhy = queue.why;
        }
        if (!(await this.pause(deadline, signal))) {
          throw giveUp(`queue item ${outcome.queueId} of ${jobName} to start`);
        }
      }
    }

    const buildNumber = outcome.buildNumber!;
    let lastStatus: string | undefined;
    for (;;) {
      const build = await this.client.build(credentials, target, buildNumber);
      outcome.buildUrl = build.url;
      outcome.queueId = outcome.queueId ?? build.queueId ?? undefined;
      const result = RESULTS[build.status];
      if (result) {
        outcome.result = result;
        logger.info(`${jobName} #${buildNumber} finished: ${result}`);
        return outcome;
      }
      if (build.status !== lastStatus) {
        logger.info(
          `${jobName} #${buildNumber} is ${
            build.status === 'paused'
              ? `waiting for input${
                  build.pendingInputs.length
                    ? ` (${build.pendingInputs.map(i => i.id).join(', ')})`
                    : ''
                }`
              : build.status
          }`,
        );
        lastStatus = build.status;
      }
      if (!(await this.pause(deadline, signal))) {
        throw giveUp(`${jobName} #${buildNumber} to finish`);
      }
    }
  }

  /** Sleeps one poll interval; false when the deadline is reached first. */
  private async pause(deadline: number, signal?: AbortSignal) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      return false;
    }
    if (signal?.aborted) {
      throw new Error('The task was cancelled');
    }
    await new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('The task was cancelled'));
      };
      timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.min(this.pollIntervalMs, remaining));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return true;
  }
}
