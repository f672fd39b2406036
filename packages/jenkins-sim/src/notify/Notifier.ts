import type { SimEngine } from '../model/SimEngine';
import type { Build, BuildResult, JobItem } from '../model/types';
import { buildEnvironment, expandVariables } from './buildEnvironment';
import type { NotificationEndpoint } from './endpointSchema';
import { sendNotification } from './httpNotify';
import {
  jobState,
  NotificationPhase,
  PhaseSnapshot,
  serializeJobState,
} from './jobState';
import type { NotificationLog } from './NotificationLog';

/** How the notifier reaches the rest of the simulator. */
export interface NotifierContext {
  /** The controller's global environment variables. */
  environment(): Record<string, string>;
  /** `Jenkins#getRootUrl` without the trailing slash, once listening. */
  rootUrl(): string | undefined;
  log: NotificationLog;
}

/** Real-clock builds end while nobody asks; this often the engine catches up. */
const PUMP_INTERVAL_MS = 250;

/**
 * The Notification plugin's `JobListener` (a `RunListener`) and
 * `Phase#handle`: QUEUED then STARTED in `onStarted`, COMPLETED in
 * `onCompleted`, FINALIZED in `onFinalized`; each endpoint whose event
 * matches is sent the phase's JobState, one after another, with the
 * plugin's retry loop. A build's notifications go out in phase order (the
 * plugin sends synchronously on the build's thread); different builds' do
 * not wait for each other.
 */
export class Notifier {
  private readonly endpoints = new Map<JobItem, NotificationEndpoint[]>();
  private readonly chains = new Map<Build, Promise<void>>();
  private pump?: ReturnType<typeof setInterval>;
  private disposed = false;

  constructor(
    private readonly engine: SimEngine,
    private readonly context: NotifierContext,
  ) {
    engine.runListener = {
      onStarted: build => this.onStarted(build),
      onCompleted: build => this.onCompleted(build),
    };
  }

  /** Sets a job's endpoints (replacing earlier ones); none removes the property. */
  setEndpoints(job: JobItem, endpoints: NotificationEndpoint[]) {
    if (endpoints.length === 0) this.endpoints.delete(job);
    else this.endpoints.set(job, endpoints);
    if (this.endpoints.size > 0 && !this.engine.clock.virtual && !this.pump) {
      this.pump = setInterval(() => this.engine.tick(), PUMP_INTERVAL_MS);
      this.pump.unref?.();
    }
  }

  endpointsOf(job: JobItem): NotificationEndpoint[] {
    return this.endpoints.get(job) ?? [];
  }

  configuredJobs(): JobItem[] {
    return [...this.endpoints.keys()];
  }

  /** Resolves once every notification handed out so far was attempted. */
  async settled(): Promise<void> {
    while (this.chains.size > 0) {
      await Promise.all([...this.chains.values()]);
    }
  }

  get pending(): number {
    return this.chains.size;
  }

  dispose() {
    this.disposed = true;
    if (this.pump) clearInterval(this.pump);
  }

  /** `JobListener#onStarted`: QUEUED stamped `now - timeSpentInQueue`, then STARTED at `Run#getTimeInMillis`. */
  private onStarted(build: Build) {
    this.handle(build, {
      phase: 'QUEUED',
      timestamp: build.startTime - build.queueDurationMs,
    });
    this.handle(build, { phase: 'STARTED', timestamp: build.startTime });
  }

  /** `onCompleted` at start + duration, then `onFinalized` (`System.currentTimeMillis()`). */
  private onCompleted(build: Build) {
    const end = build.endTime ?? build.startTime;
    this.handle(build, { phase: 'COMPLETED', timestamp: end });
    this.handle(build, { phase: 'FINALIZED', timestamp: end });
  }

  /** `Phase#handle` for one phase: snapshots the payloads now, sends them in order. */
  private handle(build: Build, snapshot: PhaseSnapshot) {
    const endpoints = this.endpoints.get(build.job);
    if (!endpoints || this.disposed) return;
    const rootUrl = this.context.rootUrl();
    const env = buildEnvironment(build, this.context.environment(), rootUrl);
    const sends: Array<() => Promise<void>> = [];
    for (const endpoint of endpoints) {
      if (!this.isRun(endpoint, snapshot.phase, build)) continue;
      const entry = {
        time: snapshot.timestamp,
        job: build.job.fullName,
        number: build.number,
        phase: snapshot.phase,
      };
      const url = expandVariables(endpoint.url, env);
      if (url.includes('$')) {
        this.context.log.add({
          ...entry,
          url,
          outcome: 'skipped',
          reason: `Ignoring sending notification due to unresolved variable: url '${url}'`,
        });
        continue;
      }
      const branchName = env.BRANCH_NAME;
      const branchOk =
        branchName !== undefined
          ? new RegExp(`^(?:${endpoint.branch})$`).test(branchName)
          : endpoint.branch === '.*';
      if (!branchOk) {
        this.context.log.add({
          ...entry,
          url,
          outcome: 'skipped',
          reason: `Branch ${
            branchName ?? '(no BRANCH_NAME)'
          } does not match configured branch filter ${endpoint.branch}`,
        });
        continue;
      }
      const payload = jobState(build, snapshot, {
        rootUrl,
        loglines: endpoint.loglines,
      });
      sends.push(() => this.deliver(entry, url, endpoint, payload));
    }
    if (sends.length === 0) return;
    const previous = this.chains.get(build) ?? Promise.resolve();
    const next = previous.then(async () => {
      for (const send of sends) await send();
    });
    this.chains.set(build, next);
    next
      .finally(() => {
        if (this.chains.get(build) === next) this.chains.delete(build);
      })
      .catch(() => {});
  }

  /**
   * The plugin's retry loop, verbatim: `failed` is never reset, so once an
   * attempt failed every remaining try is made, even after one succeeded —
   * the receiver may get the same phase more than once.
   */
  private async deliver(
    entry: { time: number; job: string; number: number; phase: string },
    url: string,
    endpoint: NotificationEndpoint,
    payload: Record<string, unknown>,
  ) {
    const body = serializeJobState(payload);
    let triesRemaining = endpoint.retries;
    let failed = false;
    let attempt = 0;
    do {
      if (this.disposed) return;
      attempt++;
      try {
        const sent = await sendNotification(url, body, endpoint.timeout);
        this.context.log.add({
          ...entry,
          url: sent.url,
          attempt,
          outcome: 'delivered',
          status: sent.status,
          sent: { authorization: sent.authorization },
          body: payload,
        });
      } catch (error) {
        failed = true;
        this.context.log.add({
          ...entry,
          url: url.replace(/\/\/[^/?#]*@/, '//'),
          attempt,
          outcome: 'failed',
          error: (error as Error).message || String(error),
          body: payload,
        });
      }
    } while (failed && --triesRemaining >= 0);
  }

  /** `Phase#isRun`. */
  private isRun(
    endpoint: NotificationEndpoint,
    phase: NotificationPhase,
    build: Build,
  ): boolean {
    const result = build.result;
    switch (endpoint.event) {
      case 'all':
        return true;
      case 'failed':
        return phase === 'FINALIZED' && result === 'FAILURE';
      case 'failedAndFirstSuccess':
        if (result === null || phase !== 'FINALIZED') return false;
        if (result === 'FAILURE') return true;
        return result === 'SUCCESS' && this.previousResult(build) === 'FAILURE';
      case 'manual':
        return false;
      default:
        return endpoint.event === phase.toLowerCase();
    }
  }

  /** `Phase#findLastBuildThatFinished`: skips running, aborted and not-built runs. */
  private previousResult(build: Build): BuildResult | undefined {
    for (let n = build.number - 1; n >= 1; n--) {
      const result = build.job.builds.get(n)?.result;
      if (result === 'SUCCESS' || result === 'FAILURE' || result === 'UNSTABLE')
        return result;
    }
    return undefined;
  }
}
