import {
  BuildDetail,
  BuildWaitResult,
  decodeJobId,
  JenkinsBuildEvent,
  JobTarget,
  QueueState,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { BuildReader } from './FailureSummaryService';

/** Reads a queue item after the permission check (`AuthorizedWriteService.queueState`). */
export type QueueReader = (
  caller: Caller,
  target: JobTarget,
  queueId: number,
) => Promise<QueueState>;

/** How often a wait looks again without an event: from the first to the last interval. */
export const WAIT_INTERVALS_MS = { first: 1000, max: 10_000, factor: 1.5 };

const UNFINISHED = new Set(['queued', 'running', 'paused']);

function jobKey(instance: string, fullName: string): string {
  return `${instance}\u0000${fullName.toLowerCase()}`;
}

/**
 * Wakes the waits on a job when one of its build events arrives (Backstage's
 * events service, topic `jenkins`): a wait re-reads at once instead of at its
 * next interval. Events that never come (no webhook, another replica handled
 * them) only make a wait slower, never wrong.
 */
export class BuildWakeups {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Called for every build event. */
  notify(event: Pick<JenkinsBuildEvent, 'instance' | 'jobFullName'>): void {
    const wakers = this.waiting.get(jobKey(event.instance, event.jobFullName));
    for (const wake of [...(wakers ?? [])]) {
      wake();
    }
  }

  /** Resolves after `ms`, or sooner when an event of the job arrives. */
  sleep(instance: string, fullName: string, ms: number): Promise<void> {
    const key = jobKey(instance, fullName);
    return new Promise(resolve => {
      const wakers = this.waiting.get(key) ?? new Set();
      this.waiting.set(key, wakers);
      const timers: { timer?: ReturnType<typeof setTimeout> } = {};
      const done = () => {
        clearTimeout(timers.timer);
        wakers.delete(done);
        if (wakers.size === 0) {
          this.waiting.delete(key);
        }
        resolve();
      };
      timers.timer = setTimeout(done, ms);
      wakers.add(done);
    });
  }

  /** How many waits are asleep (for tests). */
  get sleeping(): number {
    return [...this.waiting.values()].reduce((n, set) => n + set.size, 0);
  }
}

/** Options of {@link BuildWaiter}. */
export interface BuildWaiterOptions {
  readQueue: QueueReader;
  readBuild: BuildReader;
  wakeups: BuildWakeups;
  now?: () => number;
}

/**
 * Waits, for a bounded time, until a queue item has started and its build
 * has finished, reading them through the same permission-checked services
 * as the HTTP API (`jenkins.job.read`). It sleeps between reads (growing
 * intervals, cut short by build events), so a wait costs a handful of
 * cached reads, not a polling loop.
 */
export class BuildWaiter {
  private readonly now: () => number;

  constructor(private readonly options: BuildWaiterOptions) {
    this.now = options.now ?? Date.now;
  }

  async wait(
    caller: Caller,
    target: JobTarget,
    what: { queueId?: number; buildNumber?: number },
    timeoutMs: number,
  ): Promise<BuildWaitResult> {
    const started = this.now();
    const deadline = started + timeoutMs;
    const decoded = decodeJobId(target.jobId);
    const sleep = (ms: number) =>
      decoded
        ? this.options.wakeups.sleep(decoded.instance, decoded.fullName, ms)
        : new Promise<void>(resolve => setTimeout(resolve, ms));
    let interval = WAIT_INTERVALS_MS.first;
    const pause = async () => {
      await sleep(Math.max(0, Math.min(interval, deadline - this.now())));
      interval = Math.min(
        WAIT_INTERVALS_MS.max,
        interval * WAIT_INTERVALS_MS.factor,
      );
    };
    const result = (
      fields: Omit<BuildWaitResult, 'waitedMs'>,
    ): BuildWaitResult => ({ ...fields, waitedMs: this.now() - started });

    const queueId = what.queueId ?? null;
    let buildNumber = what.buildNumber ?? null;
    while (buildNumber === null) {
      const queue = await this.options.readQueue(caller, target, queueId!);
      if (queue.state === 'cancelled') {
        return result({
          state: 'cancelled',
          timedOut: false,
          queueId,
          buildNumber: null,
          status: null,
          url: null,
          why: queue.why,
        });
      }
      if (queue.buildNumber !== null) {
        buildNumber = queue.buildNumber;
        break;
      }
      if (this.now() >= deadline) {
        return result({
          state: 'queued',
          timedOut: true,
          queueId,
          buildNumber: null,
          status: 'queued',
          url: null,
          why: queue.why,
        });
      }
      await pause();
    }

    for (;;) {
      const build: BuildDetail = await this.options.readBuild(
        caller,
        target.entityRef,
        target.jobId,
        buildNumber,
      );
      const finished = !UNFINISHED.has(build.status);
      if (finished || this.now() >= deadline) {
        return result({
          state: finished ? 'finished' : 'running',
          timedOut: !finished,
          queueId: queueId ?? build.queueId,
          buildNumber,
          status: build.status,
          url: build.url,
          why: null,
        });
      }
      await pause();
    }
  }
}
