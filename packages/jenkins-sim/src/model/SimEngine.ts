import type { SimClock } from '../clock/SimClock';
import type { Scenario } from '../scenario/scenarioSchema';
import { buildProgress } from './BuildTimeline';
import { formatTimeSpan } from './formatTimeSpan';
import { jobArtifacts, testResultsFor } from './HistoryGenerator';
import { JobTree } from './JobTree';
import { SeededRandom } from './SeededRandom';
import type {
  Build,
  BuildCause,
  Identity,
  FolderItem,
  InputState,
  Item,
  JobItem,
  ParameterValue,
} from './types';
import { isJob } from './types';

/** A queue item from scheduling until 5 minutes after it left the queue. */
export interface QueueItem {
  id: number;
  job: JobItem;
  causes: BuildCause[];
  parameters: ParameterValue[];
  inQueueSince: number;
  /** End of the quiet period (Jenkins' `timestamp`). */
  quietUntil: number;
  buildableSince?: number;
  leftAt?: number;
  cancelled: boolean;
  build?: Build;
  /** The script the run executes (replay), else the job's. */
  script?: string;
  /** Declarative restart: the origin run and the stage to restart at. */
  restart?: { number: number; stage: string };
}

/** `RunListener`: told when a build starts and when it completes, in simulated time order. */
export interface RunListener {
  onStarted(build: Build): void;
  onCompleted(build: Build): void;
}

/** How long a left item stays retrievable (`Queue.leftItems`). */
export const LEFT_ITEM_RETENTION_MS = 5 * 60 * 1000;

/** The outcome of scheduling: a new item (201) or an identical one (303). */
export interface ScheduleResult {
  item: QueueItem;
  created: boolean;
}

/**
 * The moving parts of the simulated controller: the queue with its quiet
 * period, executors, running builds and input steps. Time advances lazily:
 * every observation first replays the events due up to the clock's "now".
 */
export class SimEngine {
  readonly tree: JobTree;
  private readonly queue: QueueItem[] = [];
  private readonly left = new Map<number, QueueItem>();
  private readonly running = new Set<Build>();
  private nextQueueId: number;
  private readonly random: SeededRandom;
  readonly executors: number;
  readonly quietPeriodMs: number;
  private readonly nextTrigger = new Map<JobItem, number>();
  runListener?: RunListener;

  constructor(readonly scenario: Scenario, readonly clock: SimClock) {
    const loadTime = clock.now();
    const names = new Map(scenario.users.map(u => [u.id, u.name ?? u.id]));
    this.tree = new JobTree(scenario, loadTime, id => names.get(id) ?? id);
    this.executors = scenario.queue.executors;
    this.quietPeriodMs = scenario.queue.quietPeriodSeconds * 1000;
    this.random = new SeededRandom(`${scenario.name}:engine`);
    this.nextQueueId = 1000;
    if (!clock.virtual) {
      this.collectTriggers(this.tree.root.children.values(), loadTime);
    }
  }

  private collectTriggers(items: Iterable<Item>, loadTime: number) {
    for (const item of items) {
      if (!isJob(item)) {
        this.collectTriggers((item as FolderItem).children.values(), loadTime);
      } else if (item.trigger) {
        // Spread first runs over the interval so jobs do not start together.
        const offset = new SeededRandom(item.fullName).int(
          0,
          item.trigger.everyMs,
        );
        this.nextTrigger.set(item, loadTime + offset);
      }
    }
  }

  now(): number {
    this.tick();
    return this.clock.now();
  }

  /** Replays queue and executor events up to now, in time order. */
  tick() {
    const now = this.clock.now();
    for (;;) {
      let next = Infinity;
      for (const build of this.running) {
        next = Math.min(next, buildProgress(build, Infinity).endTime);
      }
      for (const item of this.queue) {
        if (item.buildableSince !== undefined || item.quietUntil > now)
          continue;
        next = Math.min(next, item.quietUntil);
      }
      for (const due of this.nextTrigger.values()) {
        next = Math.min(next, due);
      }
      if (next > now) {
        this.startBuildable(now);
        break;
      }
      for (const build of [...this.running]) {
        const outcome = buildProgress(build, Infinity);
        if (outcome.endTime <= next) {
          build.result = outcome.result;
          build.endTime = outcome.endTime;
          this.running.delete(build);
          build.job.builds.revision++;
          this.runListener?.onCompleted(build);
        }
      }
      this.fireTriggers(next);
      this.startBuildable(next);
    }
    for (const [id, item] of this.left) {
      if ((item.leftAt ?? 0) + LEFT_ITEM_RETENTION_MS <= now) {
        this.left.delete(id);
      }
    }
  }

  private fireTriggers(at: number) {
    for (const [job, due] of this.nextTrigger) {
      if (due > at || !job.trigger) continue;
      this.nextTrigger.set(job, due + job.trigger.everyMs);
      // A waiting item of the job absorbs the trigger, as Queue.schedule2 folds duplicates.
      if (job.disabled || this.queue.some(i => i.job === job)) continue;
      const parameters = job.parameters.map(p => ({
        name: p.name,
        type: p.type,
        value: p.defaultValue,
      }));
      this.enqueue(
        job,
        parameters,
        { kind: job.trigger.cause },
        this.quietPeriodMs,
        due,
      );
    }
  }

  private startBuildable(at: number) {
    for (const item of this.queue) {
      if (item.quietUntil <= at) item.buildableSince ??= item.quietUntil;
    }
    let busy = this.busyExecutors(at);
    for (const item of [...this.queue]) {
      if (item.quietUntil > at) continue;
      if (busy >= this.executors) return;
      if (!item.job.concurrentBuild && this.buildingOf(item.job)) continue;
      this.start(item, Math.max(at, item.quietUntil));
      busy++;
    }
  }

  /** Runs waiting at an input step hold no executor (the input runs outside `node`). */
  private busyExecutors(at: number): number {
    let busy = 0;
    for (const build of this.running) {
      if (buildProgress(build, at).pendingInputIndex === undefined) busy++;
    }
    return busy;
  }

  private buildingOf(job: JobItem): Build | undefined {
    for (const build of this.running) {
      if (build.job === job) return build;
    }
    return undefined;
  }

  private start(item: QueueItem, at: number) {
    const job = item.job;
    const number = job.builds.lastNumber + 1;
    const random = new SeededRandom(
      `${this.random.next()}:${job.fullName}:${number}`,
    );
    const restart = item.restart;
    const restartIndex = restart
      ? job.stages.findIndex(s => s.name === restart.stage)
      : -1;
    // RestartDeclarativePipelineAction: the stages before the restart stage
    // are not run (SkippedStageReason.Restart, NotExecutedNodeAction).
    const stages = job.stages.map((s, i) =>
      i < restartIndex
        ? {
            name: s.name,
            durationMs: 0,
            result: 'SUCCESS' as const,
            log: [
              `Stage "${
                s.name
              }" skipped due to this build restarting at stage "${
                restart!.stage
              }"`,
            ],
            skippedForRestart: restart!.stage,
          }
        : { ...s },
    );
    const failing = stages.some(s => s.result !== 'SUCCESS');
    const build: Build = {
      job,
      number,
      queueId: item.id,
      startTime: at,
      queueDurationMs: at - item.inQueueSince,
      causes: item.causes,
      parameters: item.parameters,
      git: job.git ? { ...job.git, sha: random.sha() } : undefined,
      tests: testResultsFor(job, random, failing),
      stages,
      inputs: [],
      description: null,
      result: null,
      endTime: null,
      script: item.script ?? job.script,
      artifacts: jobArtifacts(job, number),
      restartedFrom: restart,
    };
    stages.forEach((s, i) => {
      if (s.input) build.inputs.push({ plan: s.input, stageIndex: i });
    });
    job.builds.add(build);
    this.running.add(build);
    item.build = build;
    item.leftAt = at;
    this.queue.splice(this.queue.indexOf(item), 1);
    this.left.set(item.id, item);
    this.runListener?.onStarted(build);
  }

  /** Schedules a build, folding into an identical waiting item like `Queue.schedule2`. */
  schedule(
    job: JobItem,
    parameters: ParameterValue[],
    cause: BuildCause,
    quietPeriodMs = this.quietPeriodMs,
  ): ScheduleResult {
    this.tick();
    const now = this.clock.now();
    const same = this.queue.find(
      i =>
        i.job === job &&
        i.parameters.length === parameters.length &&
        i.parameters.every(
          (p, idx) =>
            p.name === parameters[idx].name &&
            p.value === parameters[idx].value,
        ),
    );
    if (same) {
      same.causes.push(cause);
      return { item: same, created: false };
    }
    const item = this.enqueue(job, parameters, cause, quietPeriodMs, now);
    this.tick();
    return { item, created: true };
  }

  /**
   * `ParameterizedJobMixIn.scheduleBuild2(job, 0, actions)` as restart and
   * replay call it: a new item (their flow-factory actions never fold into
   * a waiting one), no quiet period, the given causes in order.
   */
  scheduleRun(
    job: JobItem,
    parameters: ParameterValue[],
    causes: BuildCause[],
    extra: { script?: string; restart?: QueueItem['restart'] } = {},
  ): QueueItem {
    this.tick();
    const now = this.clock.now();
    const item = this.enqueue(job, parameters, causes[0], 0, now);
    item.causes = [...causes];
    item.script = extra.script;
    item.restart = extra.restart;
    this.tick();
    return item;
  }

  /**
   * `CpsFlowExecution.pause(v)`: while paused the run makes no progress (it
   * keeps its executor); resuming shifts the rest of the run. Returns false
   * when the run is not building.
   */
  setPaused(build: Build, paused: boolean): boolean {
    this.tick();
    if (build.result !== null) return false;
    const now = this.clock.now();
    build.cpsPauses ??= [];
    const open = build.cpsPauses.find(p => p.to === undefined);
    if (paused && !open) build.cpsPauses.push({ from: now });
    if (!paused && open) open.to = now;
    build.job.builds.revision++;
    this.tick();
    return true;
  }

  /** Whether a run is CPS-paused right now. */
  isPaused(build: Build): boolean {
    return (
      build.result === null &&
      (build.cpsPauses ?? []).some(p => p.to === undefined)
    );
  }

  /** The build of a job that left the queue as item `queueId`, if any. */
  buildOfQueueItem(job: JobItem, queueId: number): Build | undefined {
    for (const item of [...this.left.values(), ...this.queue]) {
      if (item.job === job && item.id === queueId) return item.build;
    }
    return undefined;
  }

  private enqueue(
    job: JobItem,
    parameters: ParameterValue[],
    cause: BuildCause,
    quietPeriodMs: number,
    at: number,
  ): QueueItem {
    const item: QueueItem = {
      id: this.nextQueueId++,
      job,
      causes: [cause],
      parameters,
      inQueueSince: at,
      quietUntil: at + quietPeriodMs,
      cancelled: false,
    };
    this.queue.push(item);
    return item;
  }

  /** The items still waiting, oldest first. */
  queuedItems(): QueueItem[] {
    this.tick();
    return [...this.queue];
  }

  /** A waiting item, or a left one within its retention. */
  queueItem(id: number): QueueItem | undefined {
    this.tick();
    return this.queue.find(i => i.id === id) ?? this.left.get(id);
  }

  /** The waiting item of a job, if any. */
  queueItemOf(job: JobItem): QueueItem | undefined {
    return this.queue.find(i => i.job === job);
  }

  /** Cancels a waiting item; false if it already left. */
  cancel(item: QueueItem): boolean {
    this.tick();
    const idx = this.queue.indexOf(item);
    if (idx === -1) return false;
    this.queue.splice(idx, 1);
    item.cancelled = true;
    item.leftAt = this.clock.now();
    this.left.set(item.id, item);
    return true;
  }

  /** Why an item is still waiting, in Jenkins' words. */
  why(item: QueueItem): string | null {
    const now = this.clock.now();
    if (item.leftAt !== undefined) return null;
    if (item.quietUntil > now) {
      return `In the quiet period. Expires in ${formatTimeSpan(
        item.quietUntil - now,
      )}`;
    }
    const blocking = !item.job.concurrentBuild && this.buildingOf(item.job);
    if (blocking) {
      const end = buildProgress(blocking, Infinity).endTime;
      const eta = Number.isFinite(end)
        ? ` (ETA: ${formatTimeSpan(end - now)})`
        : '';
      return `Build #${blocking.number} is already in progress${eta}`;
    }
    return 'Waiting for next available executor';
  }

  /** Whether an item waits because its job is already building. */
  isBlocked(item: QueueItem): boolean {
    return (
      item.leftAt === undefined &&
      item.quietUntil <= this.clock.now() &&
      !item.job.concurrentBuild &&
      this.buildingOf(item.job) !== undefined
    );
  }

  /** Whether a build still runs. */
  isBuilding(build: Build): boolean {
    this.tick();
    return build.result === null;
  }

  /** Aborts a running build (`doStop`); a finished build is left alone. */
  stop(build: Build, by: Identity) {
    this.tick();
    if (build.result !== null) return;
    build.abortedAt = this.clock.now();
    build.abortedBy = by.fullName;
    build.job.builds.revision++;
    this.tick();
  }

  /** The input waiting for an answer right now, by id. */
  pendingInput(build: Build, id?: string): InputState | undefined {
    this.tick();
    if (build.result !== null) return undefined;
    const progress = buildProgress(build, this.clock.now());
    if (progress.pendingInputIndex === undefined) return undefined;
    const input = build.inputs[progress.pendingInputIndex];
    return id === undefined || input.plan.id === id ? input : undefined;
  }

  /** Answers an input step. */
  answerInput(
    input: InputState,
    outcome: 'proceed' | 'abort',
    by: Identity,
    parameters?: Array<{ name: string; value: unknown }>,
  ) {
    input.answeredAt = this.clock.now();
    input.outcome = outcome;
    input.answeredBy = { id: by.id, name: by.fullName };
    input.parameters = parameters;
    this.tick();
  }
}
