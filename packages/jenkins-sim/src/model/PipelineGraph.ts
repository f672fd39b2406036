/**
 * The flow graph of a pipeline run as Pipeline Graph View and wfapi see it:
 * stages, parallel branches, nested stages and steps, each with a flow-node
 * id, a state, timing and (steps) a log. Derived from the run's stage plan
 * and the top-level timeline (BuildTimeline) at a point in time.
 */
import {
  buildProgress,
  endAfter,
  pausedWithin,
  StageState,
} from './BuildTimeline';
import {
  DEFAULT_ERROR,
  isComposite,
  stepsOf,
  stepsThatRun,
} from './stagePlans';
import type { Build, StagePlan, StepPlan } from './types';

/** Pipeline Graph View's `PipelineState`, lower-cased on the wire. */
export type NodeState =
  | 'queued'
  | 'running'
  | 'paused'
  | 'skipped'
  | 'not_built'
  | 'success'
  | 'unstable'
  | 'failure'
  | 'aborted';

/** A node of the static layout (independent of time). */
export interface LayoutNode {
  id: string;
  kind: 'stage' | 'branch' | 'step';
  /** Stage / branch name; a step's arguments. */
  name: string;
  /** A step's display name (`Shell Script`). */
  displayName?: string;
  /** Work time after the top-level stage's run start (after an input wait). */
  offset: number;
  duration: number;
  queuedMs: number;
  agent?: string;
  result: StagePlan['result'];
  skip?: 'when' | 'failure' | 'restart';
  /** The failing step's message. */
  error?: string;
  log: string[];
  /** An `input` step (its state follows the run's input). */
  input?: StagePlan['input'];
  children: LayoutNode[];
  steps: LayoutNode[];
  /** Enclosing stage / branch id (a step's `stageId`). */
  parentId?: string;
  topIndex: number;
}

/** A node as it is at a point in time. */
export interface NodeView {
  node: LayoutNode;
  state: NodeState;
  startTime: number;
  /** Undefined while queued, running or paused. */
  durationMs?: number;
  /** Wall time so far (running) or total (finished). */
  elapsedMs: number;
  pauseMs: number;
  causeOfBlockage?: string;
  children: NodeView[];
  steps: NodeView[];
  /** A step's visible log (with its error text once failed). */
  log: string;
  /** A failed step's message (`exceptionText`). */
  errorText?: string;
}

interface Allocator {
  next: number;
}

const layoutCache = new WeakMap<StagePlan[], LayoutNode[]>();

function stepNode(
  step: StepPlan,
  id: number,
  offset: number,
  parentId: string,
  topIndex: number,
): LayoutNode {
  return {
    id: String(id),
    kind: 'step',
    name: step.args,
    displayName: step.displayName,
    offset,
    duration: step.durationMs,
    queuedMs: 0,
    result: step.result,
    error: step.result === 'FAILURE' ? step.error ?? DEFAULT_ERROR : undefined,
    log: step.log,
    children: [],
    steps: [],
    parentId,
    topIndex,
  };
}

function contentOf(
  node: LayoutNode,
  plan: StagePlan,
  alloc: Allocator,
  topLevel: boolean,
) {
  const start = node.offset + node.queuedMs;
  if (plan.parallel?.length) {
    alloc.next += 1; // the `parallel` step node
    const branches = plan.parallel.map(b => {
      const child = makeNode(b, 'branch', alloc.next++, start, node);
      return { child, plan: b };
    });
    for (const { child, plan: b } of branches) {
      if (!child.skip) contentOf(child, b, alloc, false);
      node.children.push(child);
    }
    return;
  }
  if (plan.stages?.length) {
    let cursor = start;
    let failed = false;
    for (const s of plan.stages) {
      const child = makeNode(s, 'stage', alloc.next++, cursor, node);
      if (failed && !child.skip) {
        child.skip = 'failure';
        child.duration = 0;
      }
      if (!child.skip) {
        contentOf(child, s, alloc, false);
        cursor += child.duration;
        if (s.result === 'FAILURE') failed = true;
      }
      node.children.push(child);
    }
    return;
  }
  let cursor = start;
  if (plan.input) {
    // The input waits before the run starts (BuildTimeline); its step has no work time.
    const input = stepNode(
      {
        displayName: 'Wait for interactive input',
        args: plan.input.message,
        durationMs: 0,
        result: 'SUCCESS',
        log: [],
      },
      alloc.next++,
      0,
      node.id,
      node.topIndex,
    );
    input.input = plan.input;
    node.steps.push(input);
    if (plan.log.length === 0 && !plan.steps?.length) return;
  }
  for (const step of stepsThatRun(stepsOf(plan))) {
    node.steps.push(
      stepNode(step, alloc.next++, cursor, node.id, node.topIndex),
    );
    cursor += step.durationMs;
  }
  if (topLevel && node.steps.length === 0) alloc.next += 1;
}

function makeNode(
  plan: StagePlan,
  kind: 'stage' | 'branch',
  id: number,
  offset: number,
  parent: LayoutNode | undefined,
  topIndex = parent?.topIndex ?? 0,
): LayoutNode {
  let skip: LayoutNode['skip'];
  if (plan.skippedForRestart) skip = 'restart';
  else if (plan.skippedWhen) skip = 'when';
  return {
    id: String(id),
    kind,
    name: plan.name,
    offset,
    duration: skip ? 0 : plan.durationMs,
    queuedMs: skip ? 0 : plan.queuedMs ?? 0,
    agent: plan.agent,
    result: plan.result,
    skip,
    error: plan.result === 'FAILURE' ? plan.error ?? DEFAULT_ERROR : undefined,
    log: plan.log,
    children: [],
    steps: [],
    parentId: parent?.id,
    topIndex,
  };
}

/**
 * Flow-node ids for a run's plan. A stage with at most three steps keeps the
 * ids the simulator always used (`6 + 9 × index`, its step `+1`); nested
 * stages and branches take the following ids.
 */
export function layoutOf(stages: StagePlan[]): LayoutNode[] {
  const cached = layoutCache.get(stages);
  if (cached) return cached;
  const alloc: Allocator = { next: 6 };
  const out = stages.map((plan, i) => {
    const id = alloc.next;
    const node = makeNode(plan, 'stage', id, 0, undefined, i);
    alloc.next = id + 1;
    if (!node.skip) contentOf(node, plan, alloc, true);
    alloc.next = Math.max(id + 9, alloc.next + 3);
    return node;
  });
  layoutCache.set(stages, out);
  return out;
}

/** Every layout node (stages, branches, steps), depth first. */
export function allNodes(nodes: LayoutNode[]): LayoutNode[] {
  const out: LayoutNode[] = [];
  const walk = (n: LayoutNode) => {
    out.push(n);
    n.steps.forEach(walk);
    n.children.forEach(walk);
  };
  nodes.forEach(walk);
  return out;
}

/** Whether a stage needs the graph model (nested stages or explicit steps). */
export function needsGraph(plan: StagePlan): boolean {
  return isComposite(plan) || Boolean(plan.steps?.length);
}

const FINISHED: Record<string, NodeState> = {
  SUCCESS: 'success',
  UNSTABLE: 'unstable',
  FAILURE: 'failure',
};

interface EvalContext {
  build: Build;
  stage: StageState;
  now: number;
  runStart: number;
  /** Work time done in the stage (CPS pauses excluded). */
  elapsed: number;
  endWall: number;
  topFinished: boolean;
  aborted: boolean;
}

function wallAt(ctx: EvalContext, offset: number): number {
  return endAfter(ctx.runStart, offset, ctx.build.cpsPauses);
}

function visibleLog(node: LayoutNode, ctx: EvalContext, finished: boolean) {
  const seeded = finished ? ctx.build.seededStepLogs?.get(node.id) : undefined;
  if (seeded !== undefined) return seeded;
  const n = node.log.length;
  const lines = node.log.filter(
    (_l, j) =>
      finished ||
      node.offset + Math.floor((node.duration * (j + 1)) / (n + 1)) <=
        ctx.elapsed,
  );
  return lines.map(l => `${l}\n`).join('');
}

function evaluate(node: LayoutNode, ctx: EvalContext): NodeView | undefined {
  const { stage } = ctx;
  const base = {
    node,
    pauseMs: 0,
    children: [] as NodeView[],
    steps: [] as NodeView[],
    log: '',
  };
  if (node.skip) {
    if (!ctx.topFinished && node.offset > ctx.elapsed) return undefined;
    return {
      ...base,
      state: node.skip === 'restart' ? 'not_built' : 'skipped',
      startTime: wallAt(ctx, node.offset),
      durationMs: 0,
      elapsedMs: 0,
    };
  }
  if (node.input) {
    const pending = stage.status === 'PAUSED_PENDING_INPUT';
    const input = ctx.build.inputs.find(i => i.stageIndex === node.topIndex);
    let state: NodeState = 'success';
    if (pending) state = 'paused';
    else if (input?.outcome === 'abort' || (ctx.aborted && !input?.answeredAt))
      state = 'aborted';
    return {
      ...base,
      state,
      startTime: stage.startTime,
      durationMs: pending ? undefined : stage.pauseMs,
      elapsedMs: stage.pauseMs,
      pauseMs: stage.pauseMs,
    };
  }
  const running = stage.status === 'IN_PROGRESS';
  const started =
    ctx.elapsed > node.offset ||
    (ctx.elapsed === node.offset &&
      (running || (ctx.topFinished && !ctx.aborted)));
  if (!started) return undefined;
  const finished =
    (ctx.topFinished && !ctx.aborted) ||
    ctx.elapsed >= node.offset + node.duration;
  const startTime = wallAt(ctx, node.offset);
  const view: NodeView = {
    ...base,
    state: 'running',
    startTime,
    elapsedMs: 0,
  };
  if (finished) {
    view.state = FINISHED[node.result];
    const end = wallAt(ctx, node.offset + node.duration);
    view.durationMs = end - startTime;
    view.elapsedMs = view.durationMs;
  } else if (ctx.aborted) {
    view.state = 'aborted';
    view.durationMs = Math.max(0, ctx.endWall - startTime);
    view.elapsedMs = view.durationMs;
  } else {
    view.elapsedMs = Math.max(0, ctx.now - startTime);
    if (
      node.kind !== 'step' &&
      node.queuedMs > 0 &&
      ctx.elapsed < node.offset + node.queuedMs
    ) {
      view.state = 'queued';
      view.causeOfBlockage = `Waiting for next available executor on \u2018${
        node.agent ?? 'built-in'
      }\u2019`;
    } else if (stage.status === 'PAUSED_PENDING_INPUT') {
      view.state = 'paused';
    }
  }
  if (node.kind === 'step') {
    view.log = visibleLog(node, ctx, finished);
    if (finished && node.result === 'FAILURE') {
      view.errorText = node.error ?? DEFAULT_ERROR;
    }
  }
  for (const s of node.steps) {
    const v = evaluate(s, ctx);
    if (v) view.steps.push(v);
  }
  for (const c of node.children) {
    const v = evaluate(c, ctx);
    if (v) view.children.push(v);
  }
  return view;
}

const TOP_STATE: Record<StageState['status'], NodeState> = {
  SUCCESS: 'success',
  UNSTABLE: 'unstable',
  FAILED: 'failure',
  ABORTED: 'aborted',
  IN_PROGRESS: 'running',
  PAUSED_PENDING_INPUT: 'paused',
};

/** One top-level stage as it is at `now` (nested content included). */
export function stageView(
  build: Build,
  stage: StageState,
  now: number,
): NodeView {
  const layout = layoutOf(build.stages)[stage.index];
  const runStart = stage.startTime + stage.pauseMs;
  const endWall = stage.startTime + stage.durationMs;
  const elapsed = Math.max(
    0,
    endWall - runStart - pausedWithin(runStart, endWall, build.cpsPauses),
  );
  const topFinished =
    stage.status !== 'IN_PROGRESS' && stage.status !== 'PAUSED_PENDING_INPUT';
  const ctx: EvalContext = {
    build,
    stage,
    now,
    runStart,
    elapsed,
    endWall,
    topFinished,
    aborted: stage.status === 'ABORTED',
  };
  const view: NodeView = {
    node: layout,
    state: TOP_STATE[stage.status],
    startTime: stage.startTime,
    durationMs: topFinished ? stage.durationMs : undefined,
    elapsedMs: stage.durationMs,
    pauseMs: stage.pauseMs,
    children: [],
    steps: [],
    log: '',
  };
  if (layout.skip) {
    view.state = layout.skip === 'restart' ? 'not_built' : 'skipped';
    view.durationMs = 0;
    view.elapsedMs = 0;
    return view;
  }
  if (
    stage.status === 'IN_PROGRESS' &&
    layout.queuedMs > 0 &&
    elapsed < layout.queuedMs
  ) {
    view.state = 'queued';
    view.causeOfBlockage = `Waiting for next available executor on \u2018${
      layout.agent ?? 'built-in'
    }\u2019`;
  }
  for (const s of layout.steps) {
    const v = evaluate(s, ctx);
    if (v) view.steps.push(v);
  }
  for (const c of layout.children) {
    const v = evaluate(c, ctx);
    if (v) view.children.push(v);
  }
  return view;
}

/**
 * The run's stages at `now`: the stages that ran or run, then (once the run
 * completed) the stages it never reached, which Declarative marks skipped.
 */
export function graphAt(build: Build, now: number): NodeView[] {
  const progress = buildProgress(build, now);
  const views = progress.stages.map(s => stageView(build, s, now));
  if (build.result !== null && build.job.kind === 'pipeline') {
    const layout = layoutOf(build.stages);
    const end = build.endTime ?? now;
    for (let i = progress.stages.length; i < layout.length; i++) {
      views.push({
        node: layout[i],
        state: layout[i].skip === 'restart' ? 'not_built' : 'skipped',
        startTime: end,
        durationMs: 0,
        elapsedMs: 0,
        pauseMs: 0,
        children: [],
        steps: [],
        log: '',
      });
    }
  }
  return views;
}

/** Every view (stages, branches, steps), depth first. */
export function allViews(views: NodeView[]): NodeView[] {
  const out: NodeView[] = [];
  const walk = (v: NodeView) => {
    out.push(v);
    v.steps.forEach(walk);
    v.children.forEach(walk);
  };
  views.forEach(walk);
  return out;
}

/** The stage views (top-level and nested, not steps), depth first. */
export function stageViews(views: NodeView[]): NodeView[] {
  return allViews(views).filter(v => v.node.kind !== 'step');
}

/** A stage's or branch's own steps and those of its nested stages, in id order. */
export function stepsWithin(view: NodeView): NodeView[] {
  return allViews([view])
    .filter(v => v.node.kind === 'step')
    .sort((a, b) => Number(a.node.id) - Number(b.node.id));
}

/** Whether the run is in progress in the Pipeline Graph View sense. */
export function isInProgress(state: NodeState): boolean {
  return state === 'running' || state === 'queued' || state === 'paused';
}
