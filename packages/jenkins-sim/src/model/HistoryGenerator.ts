import type {
  HistoryDefinition,
  PinnedBuildDefinition,
} from '../scenario/scenarioSchema';
import { buildProgress } from './BuildTimeline';
import { SeededRandom } from './SeededRandom';
import {
  isComposite,
  scalePlan,
  withOutcome,
  withOutcomeAt,
} from './stagePlans';
import type {
  ArtifactEntry,
  Build,
  BuildCause,
  BuildStore,
  ChangeEntry,
  JobItem,
  ParameterValue,
  StagePlan,
  TestResults,
} from './types';

/** Looks up display names for `user:<id>` causes and input approvers. */
export type UserNameLookup = (id: string) => string;

/** Looks up a scenario user (for commit authors). */
export type UserDirectory = (
  id: string,
) => { id: string; name: string; email?: string } | undefined;

/** Expands `${BUILD_NUMBER}` in artifact content. */
export function jobArtifacts(job: JobItem, number: number): ArtifactEntry[] {
  return job.artifacts.map(a => ({
    relativePath: a.path,
    content: Buffer.from(
      a.content.replace(/\$\{BUILD_NUMBER\}|\$BUILD_NUMBER\b/g, String(number)),
    ),
    onlyIfSuccessful: a.onlyIfSuccessful,
  }));
}

/** Deterministic filler text of `size` characters for an artifact given only a size. */
export function fillerContent(path: string, size: number): string {
  const line = `${path}\n`;
  return line.repeat(Math.ceil(size / line.length)).slice(0, size);
}

/** `Util.rawEncode`d job URL path (`job/a/job/b/`) of a full name. */
function jobUrlOf(fullName: string): string {
  return fullName
    .split('/')
    .map(part => `job/${encodeURIComponent(part)}/`)
    .join('');
}

/** Picks the junit outcome of one build. */
export function testResultsFor(
  job: JobItem,
  random: SeededRandom,
  failing: boolean,
): TestResults | undefined {
  if (!job.tests) {
    return undefined;
  }
  const { total, suite, failingCases } = job.tests;
  const failed = [];
  if (failing && failingCases.length > 0) {
    const count = random.int(1, Math.min(3, failingCases.length));
    const start = random.int(0, failingCases.length - 1);
    for (let i = 0; i < count; i++) {
      const name = failingCases[(start + i) % failingCases.length];
      const hash = name.indexOf('#');
      failed.push({
        className: hash === -1 ? suite : name.slice(0, hash),
        name: hash === -1 ? name : name.slice(hash + 1),
        errorDetails: `expected:<200> but was:<500>`,
      });
    }
  }
  return {
    total: total + random.int(0, 3),
    skip: random.int(0, 2),
    suite,
    failed,
  };
}

function stageResult(
  index: number,
  failIndex: number,
  unstableIndex: number,
): StagePlan['result'] {
  if (index === failIndex) return 'FAILURE';
  if (index === unstableIndex) return 'UNSTABLE';
  return 'SUCCESS';
}

/** Parses `timer`, `scm`, `branch-indexing`, `user:<id>`, `upstream:<job>#<n>`. */
export function parseCause(spec: string, userName: UserNameLookup): BuildCause {
  const upstream = /^upstream:(.+)#(\d+)$/.exec(spec);
  if (upstream) {
    return {
      kind: 'upstream',
      upstreamProject: upstream[1],
      upstreamBuild: Number(upstream[2]),
      upstreamUrl: jobUrlOf(upstream[1]),
    };
  }
  if (spec.startsWith('user:')) {
    const id = spec.slice(5);
    return { kind: 'user', userId: id, userName: userName(id) };
  }
  if (spec === 'timer') return { kind: 'timer' };
  if (spec === 'branch-indexing') return { kind: 'branch-indexing' };
  return { kind: 'scm' };
}

/**
 * A build store whose first `history.count` builds are generated on demand
 * from a seed, ending just before `endTime`: deterministic and cheap even for
 * 10,000 builds.
 */
export class GeneratedBuildStore implements BuildStore {
  private readonly builds = new Map<number, Build>();
  lastNumber: number;
  revision = 0;

  constructor(
    private readonly job: JobItem,
    private readonly history: HistoryDefinition | undefined,
    private readonly endTime: number,
    private readonly userName: UserNameLookup,
    private readonly extras: {
      pins?: PinnedBuildDefinition[];
      users?: UserDirectory;
    } = {},
  ) {
    this.lastNumber = history?.count ?? 0;
  }

  get(number: number): Build | undefined {
    if (!Number.isInteger(number) || number < 1 || number > this.lastNumber) {
      return undefined;
    }
    let build = this.builds.get(number);
    if (!build && this.history && number <= this.history.count) {
      build = this.generate(number, this.history);
      this.builds.set(number, build);
    }
    return build;
  }

  add(build: Build) {
    this.builds.set(build.number, build);
    this.lastNumber = Math.max(this.lastNumber, build.number);
    this.revision++;
  }

  private generate(number: number, history: HistoryDefinition): Build {
    const job = this.job;
    const random = new SeededRandom(
      `${history.seed}:${job.fullName}:${number}`,
    );
    const interval = history.intervalMinutes * 60000;
    const startTime =
      this.endTime -
      (history.count - number + 1) * interval +
      random.int(0, Math.floor(interval / 4));
    const roll = random.next();
    let outcome: 'SUCCESS' | 'UNSTABLE' | 'FAILURE' | 'ABORTED' = 'SUCCESS';
    if (roll < history.failureRate) outcome = 'FAILURE';
    else if (roll < history.failureRate + history.unstableRate)
      outcome = 'UNSTABLE';
    else if (
      roll <
      history.failureRate + history.unstableRate + history.abortedRate
    )
      outcome = 'ABORTED';

    const planStages = job.stages;
    const testIndex = planStages.findIndex(s => /test/i.test(s.name));
    let failIndex = -1;
    if (outcome === 'FAILURE') {
      failIndex =
        testIndex >= 0 && random.next() < 0.7
          ? testIndex
          : random.int(0, Math.max(0, planStages.length - 1));
    }
    const unstableIndex = testIndex >= 0 ? testIndex : planStages.length - 1;
    const stages: StagePlan[] = planStages.map((s, i) => {
      const factor = 0.75 + random.next() * 0.5;
      const result = stageResult(
        i,
        failIndex,
        outcome === 'UNSTABLE' ? unstableIndex : -1,
      );
      if (isComposite(s) || s.steps?.length) {
        // The outcome goes to one branch / the last step, chosen by number
        // (no extra draws, so the rest of the history stays as it was).
        return withOutcome(scalePlan(s, factor), result, number);
      }
      return { ...s, durationMs: Math.round(s.durationMs * factor), result };
    });
    const build: Build = {
      job,
      number,
      queueId: number * 7 + random.int(0, 6),
      startTime,
      queueDurationMs: random.int(5, 5200),
      causes: [parseCause(random.pick(history.causes), this.userName)],
      parameters: job.parameters.map((p): ParameterValue => {
        const options = history.parameterValues[p.name];
        return {
          name: p.name,
          type: p.type,
          value: options?.length ? random.pick(options) : p.defaultValue,
        };
      }),
      git: job.git
        ? { remote: job.git.remote, branch: job.git.branch, sha: random.sha() }
        : undefined,
      stages,
      inputs: [],
      description: null,
      result: null,
      endTime: null,
    };
    const failingTests =
      outcome === 'UNSTABLE' ||
      (outcome === 'FAILURE' && failIndex === testIndex);
    const testsRan = failIndex === -1 || failIndex >= testIndex;
    build.tests = testsRan
      ? testResultsFor(job, random, failingTests)
      : undefined;
    stages.forEach((s, i) => {
      if (s.input) {
        const pause = random.int(20000, 600000);
        const offset = stages.slice(0, i).reduce((a, x) => a + x.durationMs, 0);
        build.inputs.push({
          plan: s.input,
          stageIndex: i,
          answeredAt: startTime + offset + pause,
          outcome: 'proceed',
          answeredBy: {
            id: history.inputApprover,
            name: this.userName(history.inputApprover),
          },
        });
      }
    });
    if (outcome === 'ABORTED') {
      const total = stages.reduce((a, s) => a + s.durationMs, 0);
      build.abortedAt = startTime + Math.floor(total / 2);
      build.abortedBy = this.userName(history.inputApprover);
    }
    build.script = job.script;
    build.artifacts = jobArtifacts(job, number);
    const pin = this.extras.pins?.find(p => p.number === number);
    if (pin) this.applyPin(build, pin);
    const outcomeAtEnd = buildProgress(build, Infinity);
    build.result = outcomeAtEnd.result;
    build.endTime = outcomeAtEnd.endTime;
    return build;
  }

  /** Overrides a generated build with a pinned one's outcome, causes, changes and artifacts. */
  private applyPin(build: Build, pin: PinnedBuildDefinition) {
    const job = this.job;
    const random = new SeededRandom(`pin:${job.fullName}:${build.number}`);
    let stages = build.stages.map(s => withOutcome(s, 'SUCCESS'));
    if (pin.unstableAt) {
      stages = withOutcomeAt(stages, pin.unstableAt.split('/'), 'UNSTABLE');
    }
    if (pin.failAt) {
      stages = withOutcomeAt(
        stages,
        pin.failAt.split('/'),
        'FAILURE',
        pin.error,
        pin.failLog,
      );
    }
    build.stages = stages;
    build.abortedAt = undefined;
    build.abortedBy = undefined;
    if (pin.causes?.length) {
      build.causes = pin.causes.map(c => parseCause(c, this.userName));
    }
    const failingTests = Boolean(
      pin.unstableAt || (pin.failAt && /test/i.test(pin.failAt)),
    );
    build.tests = testResultsFor(job, random, failingTests);
    build.changes = pin.changes.map((c): ChangeEntry => {
      const user = this.extras.users?.(c.author);
      return {
        commitId: c.commitId ?? random.sha(),
        message: c.message.endsWith('\n') ? c.message : `${c.message}\n`,
        authorName: user?.name ?? c.author,
        authorEmail: c.email ?? user?.email ?? '',
        authorId: user?.id ?? c.author,
        timestamp: build.startTime - Math.round(c.minutesBefore * 60000),
        paths: c.paths.map(p =>
          typeof p === 'string' ? { file: p, editType: 'edit' } : p,
        ),
      };
    });
    if (pin.artifacts.length > 0) {
      build.artifacts = pin.artifacts.map(a => ({
        relativePath: a.path,
        content: Buffer.from(
          (a.content ?? fillerContent(a.path, a.size ?? 0)).replace(
            /\$\{BUILD_NUMBER\}/g,
            String(build.number),
          ),
        ),
        onlyIfSuccessful: a.onlyIfSuccessful,
      }));
    }
    if (pin.script) build.script = pin.script;
  }
}
