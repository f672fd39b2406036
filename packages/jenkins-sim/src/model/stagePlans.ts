/**
 * Stage plans with nested content: parallel branches, nested sequential
 * stages and explicit steps. A composite stage's duration, result and log are
 * derived from its content, so the top-level timeline (BuildTimeline) works
 * on every stage alike.
 */
import type {
  StageDefinition,
  StepDefinition,
} from '../scenario/scenarioSchema';
import type { StagePlan, StepPlan } from './types';

type Outcome = StagePlan['result'];

const rank: Record<Outcome, number> = { SUCCESS: 0, UNSTABLE: 1, FAILURE: 2 };

/** The message of a failed `sh` step (`hudson.AbortException`). */
export const DEFAULT_ERROR = 'script returned exit code 1';

function worst(a: Outcome, b: Outcome): Outcome {
  return rank[b] > rank[a] ? b : a;
}

/** Whether a stage holds nested stages (parallel branches or sequential stages). */
export function isComposite(plan: StagePlan): boolean {
  return Boolean(plan.parallel?.length || plan.stages?.length);
}

function toStep(def: StepDefinition): StepPlan {
  return {
    displayName: def.type,
    args: def.name,
    durationMs: Math.round(def.durationSeconds * 1000),
    result: def.result,
    log: def.log,
    error: def.error,
    ...(def.always ? { always: true } : {}),
  };
}

/**
 * The steps that run: in order up to the first failure, then only the
 * `always` (post) steps.
 */
export function stepsThatRun(steps: StepPlan[]): StepPlan[] {
  const ran: StepPlan[] = [];
  let failed = false;
  for (const step of steps) {
    if (failed && !step.always) continue;
    ran.push(step);
    if (step.result === 'FAILURE') failed = true;
  }
  return ran;
}

/** Converts scenario stage definitions, deriving composite stages. */
export function toStagePlans(defs: StageDefinition[]): StagePlan[] {
  return defs.map(def => {
    const plan: StagePlan = {
      name: def.name,
      durationMs: Math.round(def.durationSeconds * 1000),
      result: def.result,
      input: def.input,
      log: def.log,
      agent: def.agent,
      queuedMs:
        def.queuedSeconds === undefined
          ? undefined
          : Math.round(def.queuedSeconds * 1000),
      error: def.error,
    };
    if (def.when === false) plan.skippedWhen = true;
    if (def.steps?.length) plan.steps = def.steps.map(toStep);
    if (def.parallel?.length)
      plan.parallel = toStagePlans(def.parallel as StageDefinition[]);
    if (def.stages?.length)
      plan.stages = toStagePlans(def.stages as StageDefinition[]);
    return derive(plan);
  });
}

/**
 * The steps a stage runs: its explicit steps, or one `sh` step printing its
 * log (what the simulator always modelled), none for a composite stage.
 */
export function stepsOf(plan: StagePlan): StepPlan[] {
  if (isComposite(plan) || plan.skippedWhen || plan.skippedForRestart)
    return [];
  if (plan.steps?.length) return plan.steps;
  return [
    {
      displayName: 'Shell Script',
      args: `./${plan.name.toLowerCase()}.sh`,
      durationMs: plan.durationMs,
      result: plan.result,
      log: plan.log,
      error: plan.result === 'FAILURE' ? plan.error : undefined,
    },
  ];
}

/** Run time of a list of steps: after a failure only `always` steps run. */
function stepsDuration(steps: StepPlan[]): { ms: number; result: Outcome } {
  let ms = 0;
  let result: Outcome = 'SUCCESS';
  for (const s of stepsThatRun(steps)) {
    ms += s.durationMs;
    result = worst(result, s.result);
  }
  return { ms, result };
}

/** Run time and outcome of a sequence of stages: a failure skips the rest. */
function sequenceDuration(stages: StagePlan[]): {
  ms: number;
  result: Outcome;
} {
  let ms = 0;
  let result: Outcome = 'SUCCESS';
  for (const s of stages) {
    if (s.skippedWhen) continue;
    ms += s.durationMs;
    result = worst(result, s.result);
    if (s.result === 'FAILURE') break;
  }
  return { ms, result };
}

/** The failing step's message within a stage, if any. */
export function failureMessage(plan: StagePlan): string | undefined {
  if (plan.parallel?.length) {
    for (const b of plan.parallel) {
      const m = failureMessage(b);
      if (m) return m;
    }
    return undefined;
  }
  if (plan.stages?.length) {
    for (const s of plan.stages) {
      if (s.skippedWhen) continue;
      const m = failureMessage(s);
      if (m) return m;
      if (s.result === 'FAILURE') break;
    }
    return undefined;
  }
  if (plan.result !== 'FAILURE') return undefined;
  const failing = plan.steps?.find(s => s.result === 'FAILURE');
  return failing?.error ?? plan.error ?? DEFAULT_ERROR;
}

/**
 * Derives a stage's duration and result from its content: steps run in
 * order, nested stages in sequence, parallel branches side by side (the
 * stage lasts as long as the longest branch; failFast off).
 */
export function derive(plan: StagePlan): StagePlan {
  if (plan.skippedForRestart) {
    return { ...plan, durationMs: 0, result: 'SUCCESS' };
  }
  if (plan.skippedWhen) {
    return {
      ...plan,
      durationMs: 0,
      result: 'SUCCESS',
      // pipeline-model-definition model/Messages: SkippedStageReason.WHEN.Message
      log: [`Stage "${plan.name}" skipped due to when conditional`],
    };
  }
  const queued = plan.queuedMs ?? 0;
  if (plan.parallel?.length) {
    let ms = 0;
    let result: Outcome = 'SUCCESS';
    for (const b of plan.parallel) {
      if (b.skippedWhen) continue;
      ms = Math.max(ms, b.durationMs);
      result = worst(result, b.result);
    }
    return {
      ...plan,
      durationMs: queued + ms,
      result,
      error: failureMessage({ ...plan, result }),
    };
  }
  if (plan.stages?.length) {
    const { ms, result } = sequenceDuration(plan.stages);
    return {
      ...plan,
      durationMs: queued + ms,
      result,
      error: failureMessage({ ...plan, result }),
    };
  }
  if (plan.steps?.length) {
    const { ms, result } = stepsDuration(plan.steps);
    const failing = plan.steps.find(s => s.result === 'FAILURE');
    return {
      ...plan,
      durationMs: queued + ms,
      result,
      error: failing ? failing.error ?? DEFAULT_ERROR : plan.error,
      log: stepsThatRun(plan.steps).flatMap(s => s.log),
    };
  }
  return plan;
}

/** Scales every duration of a stage (history builds vary their timing). */
export function scalePlan(plan: StagePlan, factor: number): StagePlan {
  const scaled: StagePlan = {
    ...plan,
    durationMs: Math.round(plan.durationMs * factor),
  };
  if (plan.queuedMs !== undefined)
    scaled.queuedMs = Math.round(plan.queuedMs * factor);
  if (plan.steps)
    scaled.steps = plan.steps.map(s => ({
      ...s,
      durationMs: Math.round(s.durationMs * factor),
    }));
  if (plan.parallel)
    scaled.parallel = plan.parallel.map(b => scalePlan(b, factor));
  if (plan.stages) scaled.stages = plan.stages.map(s => scalePlan(s, factor));
  return isComposite(scaled) || scaled.steps ? derive(scaled) : scaled;
}

function resetOutcome(plan: StagePlan): StagePlan {
  const copy: StagePlan = { ...plan, result: 'SUCCESS', error: undefined };
  if (plan.steps)
    copy.steps = plan.steps.map(s => ({
      ...s,
      result: 'SUCCESS',
      error: undefined,
    }));
  if (plan.parallel) copy.parallel = plan.parallel.map(resetOutcome);
  if (plan.stages) copy.stages = plan.stages.map(resetOutcome);
  return copy;
}

/**
 * Makes a stage end with `result`: a composite stage passes it to one of its
 * nested stages (`pick` chooses which, deterministically), a stage with steps
 * to its last step.
 */
export function withOutcome(
  plan: StagePlan,
  result: Outcome,
  pick = 0,
  error?: string,
  extraLog: string[] = [],
): StagePlan {
  const base = resetOutcome(plan);
  if (result === 'SUCCESS') return derive(base);
  const nested = base.parallel ?? base.stages;
  if (nested?.length) {
    const candidates = nested.filter(s => !s.skippedWhen);
    const target = candidates[pick % candidates.length];
    const replaced = nested.map(s =>
      s === target ? withOutcome(s, result, pick, error, extraLog) : s,
    );
    return derive(
      base.parallel
        ? { ...base, parallel: replaced }
        : { ...base, stages: replaced },
    );
  }
  if (base.steps?.length) {
    // The last step of the stage's body fails; its `post` steps still run.
    const body = base.steps.filter(s => !s.always);
    const failing = body.length
      ? base.steps.indexOf(body[body.length - 1])
      : base.steps.length - 1;
    const steps = base.steps.map((s, i) =>
      i === failing
        ? {
            ...s,
            result,
            error: result === 'FAILURE' ? error ?? DEFAULT_ERROR : undefined,
            log: [...s.log, ...extraLog],
          }
        : s,
    );
    return derive({ ...base, steps });
  }
  return {
    ...base,
    result,
    error: result === 'FAILURE' ? error : undefined,
    log: [...base.log, ...extraLog],
  };
}

/**
 * Applies an outcome at a stage path (`Test/contract`): the named nested
 * stage ends with `result`; everything else succeeds.
 */
export function withOutcomeAt(
  stages: StagePlan[],
  path: string[],
  result: Outcome,
  error?: string,
  extraLog: string[] = [],
): StagePlan[] {
  const [head, ...rest] = path;
  const index = stages.findIndex(s => s.name === head);
  if (index === -1) {
    throw new Error(
      `No stage '${head}' (stages: ${stages.map(s => s.name).join(', ')})`,
    );
  }
  return stages.map((s, i) => {
    if (i !== index) return s;
    if (rest.length === 0) return withOutcome(s, result, 0, error, extraLog);
    const nested = s.parallel ?? s.stages;
    if (!nested) throw new Error(`Stage '${head}' has no nested stages`);
    const replaced = withOutcomeAt(nested, rest, result, error, extraLog);
    return derive(
      s.parallel ? { ...s, parallel: replaced } : { ...s, stages: replaced },
    );
  });
}

function quote(s: string) {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Step function names by display name (`StepDescriptor.getFunctionName`). */
const STEP_FUNCTIONS: Record<string, string> = {
  'Shell Script': 'sh',
  'Print Message': 'echo',
  'Windows Batch Script': 'bat',
  'Archive JUnit-formatted test results': 'junit',
  'Archive the artifacts': 'archiveArtifacts',
};

/** The step's function name (`sh`, `junit`…), or a squashed display name. */
export function stepFunction(displayName: string): string {
  return (
    STEP_FUNCTIONS[displayName] ??
    displayName.toLowerCase().replace(/[^a-z0-9]+/g, '')
  );
}

function stepLine(step: StepPlan): string {
  const fn = STEP_FUNCTIONS[step.displayName];
  return fn
    ? `${fn} ${quote(step.args)}`
    : `// ${step.displayName}: ${step.args}`;
}

function stageBlock(plan: StagePlan, indent: string): string[] {
  const i2 = `${indent}    `;
  const lines = [`${indent}stage(${quote(plan.name)}) {`];
  if (plan.agent) lines.push(`${i2}agent { label ${quote(plan.agent)} }`);
  if (plan.skippedWhen) lines.push(`${i2}when { expression { false } }`);
  if (plan.parallel?.length) {
    lines.push(`${i2}parallel {`);
    for (const b of plan.parallel) lines.push(...stageBlock(b, `${i2}    `));
    lines.push(`${i2}}`);
  } else if (plan.stages?.length) {
    lines.push(`${i2}stages {`);
    for (const s of plan.stages) lines.push(...stageBlock(s, `${i2}    `));
    lines.push(`${i2}}`);
  } else {
    lines.push(`${i2}steps {`);
    if (plan.input) {
      const submitter = plan.input.submitter
        ? `, submitter: ${quote(plan.input.submitter)}`
        : '';
      lines.push(
        `${i2}    input message: ${quote(plan.input.message)}, ok: ${quote(
          plan.input.ok,
        )}${submitter}`,
      );
    }
    let steps: StepPlan[] = [];
    if (plan.steps?.length) steps = plan.steps;
    else if (plan.log.length > 0 || !plan.input) {
      steps = stepsOf({ ...plan, skippedWhen: false });
    }
    for (const step of steps.filter(x => !x.always)) {
      lines.push(`${i2}    ${stepLine(step)}`);
    }
    lines.push(`${i2}}`);
    const post = steps.filter(x => x.always);
    if (post.length) {
      lines.push(`${i2}post {`, `${i2}    always {`);
      for (const step of post) lines.push(`${i2}        ${stepLine(step)}`);
      lines.push(`${i2}    }`, `${i2}}`);
    }
  }
  lines.push(`${indent}}`);
  return lines;
}

/** A Declarative Jenkinsfile equivalent to a stage plan (the job's default script). */
export function jenkinsfileFor(stages: StagePlan[]): string {
  const lines = ['pipeline {', '    agent any', '    stages {'];
  for (const s of stages) lines.push(...stageBlock(s, '        '));
  lines.push('    }', '}', '');
  return lines.join('\n');
}
