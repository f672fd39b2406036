import { buildStatusOf, jobStatusOf, toBuildSummary } from './BuildMapper';

describe('buildStatusOf', () => {
  it.each([
    [{ number: 1, result: 'SUCCESS' }, 'success'],
    [{ number: 1, result: 'UNSTABLE' }, 'unstable'],
    [{ number: 1, result: 'FAILURE' }, 'failure'],
    [{ number: 1, result: 'ABORTED' }, 'aborted'],
    [{ number: 1, result: 'NOT_BUILT' }, 'not_built'],
    [{ number: 1, result: null, building: true }, 'running'],
    [{ number: 1, result: null, building: false, inProgress: true }, 'running'],
  ] as const)('maps %p to %s', (build, status) => {
    expect(buildStatusOf(build)).toBe(status);
  });
});

describe('jobStatusOf', () => {
  it('tells disabled and never-built jobs apart from their last build', () => {
    expect(
      jobStatusOf({
        color: 'disabled',
        lastBuild: { number: 1, result: 'SUCCESS' },
      }),
    ).toBe('disabled');
    expect(jobStatusOf({ color: 'notbuilt', lastBuild: null })).toBe(
      'never_built',
    );
    expect(
      jobStatusOf({
        color: 'red',
        lastBuild: { number: 1, result: 'FAILURE' },
      }),
    ).toBe('failure');
  });
});

describe('toBuildSummary', () => {
  it('estimates progress of a running build against Jenkins’ estimate', () => {
    const summary = toBuildSummary(
      {
        number: 7,
        result: null,
        building: true,
        timestamp: 1_000_000,
        duration: 0,
        estimatedDuration: 100_000,
      },
      { now: 1_025_000 },
    );
    expect(summary).toMatchObject({
      status: 'running',
      durationMs: 25_000,
      progress: 0.25,
    });
  });

  it('never reports a running build as complete, and no progress once done', () => {
    expect(
      toBuildSummary(
        {
          number: 1,
          result: null,
          building: true,
          timestamp: 0,
          estimatedDuration: 10,
        },
        { now: 1000 },
      ).progress,
    ).toBe(0.99);
    expect(
      toBuildSummary({
        number: 1,
        result: 'SUCCESS',
        timestamp: 0,
        duration: 5,
        estimatedDuration: 10,
      }).progress,
    ).toBeNull();
  });

  it('takes branch and commit from BuildData, and causes and tests from actions', () => {
    const summary = toBuildSummary({
      number: 3,
      result: 'UNSTABLE',
      actions: [
        null,
        {
          _class: 'hudson.model.CauseAction',
          causes: [
            {
              _class: 'hudson.triggers.TimerTrigger$TimerTriggerCause',
              shortDescription: 'Started by timer',
            },
          ],
        },
        {
          _class: 'hudson.plugins.git.util.BuildData',
          lastBuiltRevision: {
            SHA1: 'abc123',
            branch: [{ name: 'refs/remotes/origin/release/2.x' }],
          },
        },
        {
          _class: 'hudson.tasks.junit.TestResultAction',
          failCount: 1,
          skipCount: 2,
          totalCount: 10,
        },
      ],
    });
    expect(summary).toMatchObject({
      branch: 'release/2.x',
      commit: 'abc123',
      causes: [
        {
          kind: 'timer',
          description: 'Started by timer',
          userId: null,
          userName: null,
        },
      ],
      tests: { total: 10, failed: 1, skipped: 2, passed: 7 },
    });
  });

  it('prefers the multibranch branch name over the git revision', () => {
    expect(
      toBuildSummary(
        {
          number: 1,
          actions: [
            {
              lastBuiltRevision: {
                branch: [{ name: 'refs/remotes/origin/x' }],
              },
            },
          ],
        },
        { branch: 'feature/fast-refunds' },
      ).branch,
    ).toBe('feature/fast-refunds');
  });
});
