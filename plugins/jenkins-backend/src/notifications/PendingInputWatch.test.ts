import { mockServices } from '@backstage/backend-test-utils';
import {
  encodeJobId,
  JenkinsBuildEvent,
} from '@internal/plugin-jenkins-common';
import { NotifiedBuild } from './NotifiedBuild';
import { PendingInputWatch } from './PendingInputWatch';

function build(number: number, phase: 'STARTED' | 'COMPLETED'): NotifiedBuild {
  const event: JenkinsBuildEvent = {
    id: `default:payments/deploy-production:${number}:${phase}`,
    instance: 'default',
    jobFullName: 'payments/deploy-production',
    buildNumber: number,
    phase,
    result: phase === 'COMPLETED' ? 'SUCCESS' : undefined,
    timestampMs: 0,
    source: 'webhook',
  };
  return {
    event,
    entities: [
      {
        entityRef: 'component:default/payments-service',
        jobId: encodeJobId('default', 'payments/deploy-production'),
        ownerRefs: ['group:default/team-payments'],
      },
    ],
    environment: 'production',
  };
}

// wfapi/pendingInputActions (pipeline-stage-view `PendingInputActionsExt`):
// a list of `{id, proceedText, message, inputs, proceedUrl, abortUrl}`.
const PROMOTE = {
  id: 'Promote',
  message: 'Promote to production?',
  proceedText: 'Proceed',
  inputs: [],
};

function watch(options: { readable?: boolean; maxBuilds?: number } = {}) {
  const pending = new Map<number, unknown[]>();
  const calls = {
    pending: [] as string[],
    settled: [] as string[][],
    changed: [] as number[],
  };
  const getPendingInputs = jest.fn(
    async (_ctx: unknown, _job: string, number: number) =>
      pending.get(number) ?? [],
  );
  const subject = new PendingInputWatch({
    gateway: { getPendingInputs },
    readContext: instance =>
      options.readable === false
        ? undefined
        : {
            instance,
            purpose: 'read',
            principal: { userRef: 'plugin:jenkins', userName: 'r', groups: [] },
          },
    maxBuilds: options.maxBuilds ?? 10,
    onPending: async (_build, message) => {
      calls.pending.push(message);
      return ['group:default/release-managers'];
    },
    onSettled: async (_build, recipients) =>
      void calls.settled.push(recipients),
    onInputChange: async changed =>
      void calls.changed.push(changed.event.buildNumber),
    logger: mockServices.logger.mock(),
  });
  return { subject, pending, calls, getPendingInputs };
}

describe('PendingInputWatch', () => {
  it('tells once about an input of a started build, and withdraws it once answered', async () => {
    const { subject, pending, calls } = watch();
    subject.track(build(12, 'STARTED'));
    await subject.checkAll();
    expect(calls.pending).toEqual([]);

    pending.set(12, [PROMOTE]);
    await subject.checkAll();
    await subject.checkAll();
    expect(calls.pending).toEqual(['Promote to production?']);

    pending.set(12, []);
    await subject.checkAll();
    expect(calls.settled).toEqual([['group:default/release-managers']]);
  });

  it('withdraws an input still shown when the build completes, and stops watching it', async () => {
    const { subject, pending, calls, getPendingInputs } = watch();
    subject.track(build(12, 'STARTED'));
    pending.set(12, [PROMOTE]);
    await subject.checkAll();
    await subject.finish(build(12, 'COMPLETED').event);
    expect(calls.settled).toEqual([['group:default/release-managers']]);
    expect(subject.size).toBe(0);
    getPendingInputs.mockClear();
    await subject.checkAll();
    expect(getPendingInputs).not.toHaveBeenCalled();
  });

  it('refreshes the open views when a build starts and stops waiting for an input, not on every check', async () => {
    const { subject, pending, calls } = watch();
    subject.track(build(12, 'STARTED'));
    await subject.checkAll();
    expect(calls.changed).toEqual([]);

    pending.set(12, [PROMOTE]);
    await subject.checkAll();
    await subject.checkAll();
    expect(calls.changed).toEqual([12]);

    pending.set(12, []);
    await subject.checkAll();
    expect(calls.changed).toEqual([12, 12]);
  });

  it('keeps at most maxBuilds builds, dropping the oldest', async () => {
    const { subject, getPendingInputs } = watch({ maxBuilds: 2 });
    [1, 2, 3].forEach(n => subject.track(build(n, 'STARTED')));
    await subject.checkAll();
    expect(getPendingInputs.mock.calls.map(call => call[2])).toEqual([2, 3]);
  });

  it('reads nothing on an instance without a background read identity', async () => {
    const { subject, getPendingInputs } = watch({ readable: false });
    subject.track(build(12, 'STARTED'));
    await subject.checkAll();
    expect(getPendingInputs).not.toHaveBeenCalled();
  });
});
