import type { Build, BuildResult, StagePlan } from './types';

/** The state of one stage at a point in time. */
export interface StageState {
  index: number;
  plan: StagePlan;
  status:
    | 'SUCCESS'
    | 'UNSTABLE'
    | 'FAILED'
    | 'ABORTED'
    | 'IN_PROGRESS'
    | 'PAUSED_PENDING_INPUT';
  startTime: number;
  /** Wall duration so far (includes the input pause). */
  durationMs: number;
  pauseMs: number;
}

/** A build's progress at a point in time, derived from its plan and answers. */
export interface BuildProgress {
  stages: StageState[];
  /** The input currently waiting for an answer, if any. */
  pendingInputIndex?: number;
  /** Wall time the build completes; Infinity when it waits on an input. */
  endTime: number;
  result: BuildResult;
  pauseMs: number;
}

const rank: Record<string, number> = { SUCCESS: 0, UNSTABLE: 1, FAILURE: 2 };

type Pauses = Build['cpsPauses'];

/**
 * When work of `ms` starting at `start` ends, given CPS pauses
 * (`CpsFlowExecution.pause`) during which the run makes no progress; an
 * open pause never ends.
 */
export function endAfter(start: number, ms: number, pauses: Pauses): number {
  let end = start + ms;
  for (const p of pauses ?? []) {
    if (p.from >= end) break;
    const to = p.to ?? Infinity;
    if (to <= start) continue;
    end += to - Math.max(p.from, start);
  }
  return end;
}

/** Paused time (CPS pauses) within [from, to). */
export function pausedWithin(from: number, to: number, pauses: Pauses): number {
  let total = 0;
  for (const p of pauses ?? []) {
    const a = Math.max(p.from, from);
    const b = Math.min(p.to ?? Infinity, to);
    if (b > a) total += b - a;
  }
  return total;
}

/**
 * Walks the stage plan up to `now`: stages run one after another, an input
 * step pauses its stage until answered, a failed stage ends the run, and a
 * stop aborts whatever is running.
 */
export function buildProgress(build: Build, now: number): BuildProgress {
  const stages: StageState[] = [];
  let cursor = build.startTime;
  let worst: 'SUCCESS' | 'UNSTABLE' | 'FAILURE' = 'SUCCESS';
  let pauseTotal = 0;
  const aborted = build.abortedAt;
  for (let i = 0; i < build.stages.length; i++) {
    const plan = build.stages[i];
    if (cursor > now || (aborted !== undefined && cursor > aborted)) {
      break;
    }
    const start = cursor;
    let pause = 0;
    const input = build.inputs.find(s => s.stageIndex === i);
    if (input) {
      const answered = input.answeredAt;
      if (answered === undefined || answered > now) {
        if (aborted !== undefined && aborted <= now) {
          stages.push({
            index: i,
            plan,
            status: 'ABORTED',
            startTime: start,
            durationMs: aborted - start,
            pauseMs: aborted - start,
          });
          return {
            stages,
            endTime: aborted,
            result: 'ABORTED',
            pauseMs: pauseTotal + aborted - start,
          };
        }
        stages.push({
          index: i,
          plan,
          status: 'PAUSED_PENDING_INPUT',
          startTime: start,
          durationMs: now - start,
          pauseMs: now - start,
        });
        return {
          stages,
          pendingInputIndex: build.inputs.indexOf(input),
          endTime: Infinity,
          result: 'SUCCESS',
          pauseMs: pauseTotal + now - start,
        };
      }
      pause = answered - start;
      pauseTotal += pause;
      cursor = answered;
      if (input.outcome === 'abort') {
        stages.push({
          index: i,
          plan,
          status: 'ABORTED',
          startTime: start,
          durationMs: pause,
          pauseMs: pause,
        });
        return {
          stages,
          endTime: answered,
          result: 'ABORTED',
          pauseMs: pauseTotal,
        };
      }
    }
    const end = endAfter(cursor, plan.durationMs, build.cpsPauses);
    if (aborted !== undefined && aborted < end) {
      stages.push({
        index: i,
        plan,
        status: aborted <= now ? 'ABORTED' : 'IN_PROGRESS',
        startTime: start,
        durationMs: Math.min(aborted, now) - start,
        pauseMs: pause,
      });
      return {
        stages,
        endTime: aborted,
        result: 'ABORTED',
        pauseMs: pauseTotal,
      };
    }
    if (end > now) {
      stages.push({
        index: i,
        plan,
        status: 'IN_PROGRESS',
        startTime: start,
        durationMs: now - start,
        pauseMs: pause,
      });
      const planned = buildProgress(build, Infinity);
      return {
        stages,
        endTime: planned.endTime,
        result: planned.result,
        pauseMs: pauseTotal,
      };
    }
    stages.push({
      index: i,
      plan,
      status: plan.result === 'FAILURE' ? 'FAILED' : plan.result,
      startTime: start,
      durationMs: end - start,
      pauseMs: pause,
    });
    if (rank[plan.result] > rank[worst]) {
      worst = plan.result;
    }
    cursor = end;
    if (plan.result === 'FAILURE') {
      break;
    }
  }
  if (aborted !== undefined && aborted < cursor) {
    return { stages, endTime: aborted, result: 'ABORTED', pauseMs: pauseTotal };
  }
  return { stages, endTime: cursor, result: worst, pauseMs: pauseTotal };
}
