import { buildProgress } from './BuildTimeline';
import type { Build, JobItem, StagePlan } from './types';

const stage = (
  name: string,
  seconds: number,
  extra: Partial<StagePlan> = {},
): StagePlan => ({
  name,
  durationMs: seconds * 1000,
  result: 'SUCCESS',
  log: [],
  ...extra,
});

function makeBuild(stages: StagePlan[]): Build {
  const build: Build = {
    job: { kind: 'pipeline' } as JobItem,
    number: 1,
    queueId: 1,
    startTime: 0,
    queueDurationMs: 0,
    causes: [],
    parameters: [],
    stages,
    inputs: [],
    description: null,
    result: null,
    endTime: null,
  };
  stages.forEach(
    (s, i) => s.input && build.inputs.push({ plan: s.input, stageIndex: i }),
  );
  return build;
}

describe('buildProgress', () => {
  it('runs stages one after another', () => {
    const build = makeBuild([stage('A', 10), stage('B', 20)]);
    expect(
      buildProgress(build, 15000).stages.map(s => [
        s.plan.name,
        s.status,
        s.durationMs,
      ]),
    ).toEqual([
      ['A', 'SUCCESS', 10000],
      ['B', 'IN_PROGRESS', 5000],
    ]);
    expect(buildProgress(build, 15000).endTime).toBe(30000);
  });

  it('stops at a failed stage and fails the run', () => {
    const build = makeBuild([
      stage('A', 10, { result: 'FAILURE' }),
      stage('B', 20),
    ]);
    const done = buildProgress(build, 60000);
    expect(done.result).toBe('FAILURE');
    expect(done.endTime).toBe(10000);
    expect(done.stages.map(s => s.status)).toEqual(['FAILED']);
  });

  it('marks the run unstable but keeps going after an unstable stage', () => {
    const build = makeBuild([
      stage('A', 10, { result: 'UNSTABLE' }),
      stage('B', 20),
    ]);
    expect(buildProgress(build, 60000)).toMatchObject({
      result: 'UNSTABLE',
      endTime: 30000,
    });
  });

  it('pauses at an input until it is answered', () => {
    const input = { id: 'Go', message: 'Go?', ok: 'Proceed' };
    const build = makeBuild([
      stage('A', 10),
      stage('Gate', 1, { input }),
      stage('B', 5),
    ]);
    const paused = buildProgress(build, 50000);
    expect(paused.pendingInputIndex).toBe(0);
    expect(paused.endTime).toBe(Infinity);
    expect(paused.stages[1]).toMatchObject({
      status: 'PAUSED_PENDING_INPUT',
      pauseMs: 40000,
    });
    build.inputs[0].answeredAt = 50000;
    build.inputs[0].outcome = 'proceed';
    expect(buildProgress(build, 100000)).toMatchObject({
      result: 'SUCCESS',
      endTime: 56000,
      pauseMs: 40000,
    });
  });

  it('aborts the run when the input is aborted', () => {
    const input = { id: 'Go', message: 'Go?', ok: 'Proceed' };
    const build = makeBuild([
      stage('A', 10),
      stage('Gate', 1, { input }),
      stage('B', 5),
    ]);
    build.inputs[0].answeredAt = 12000;
    build.inputs[0].outcome = 'abort';
    expect(buildProgress(build, 100000)).toMatchObject({
      result: 'ABORTED',
      endTime: 12000,
    });
  });

  it('aborts the running stage when the build is stopped', () => {
    const build = makeBuild([stage('A', 10), stage('B', 20)]);
    build.abortedAt = 15000;
    const done = buildProgress(build, 100000);
    expect(done).toMatchObject({ result: 'ABORTED', endTime: 15000 });
    expect(done.stages.map(s => s.status)).toEqual(['SUCCESS', 'ABORTED']);
  });
});
