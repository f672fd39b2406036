import {
  buildEventId,
  encodeJobId,
  jenkinsBuildSignalSchema,
  JenkinsBuildEvent,
} from '@internal/plugin-jenkins-common';
import {
  RecordedSignal,
  recordingSignals,
} from '../../__testUtils__/recordingSignals';
import { BuildEventContext } from '../types';
import { signalOpenTabs } from './signalOpenTabs';

const JOB = 'payments/deploy-staging';
const JOB_ID = encodeJobId('default', JOB);

function completed(): JenkinsBuildEvent {
  return {
    id: buildEventId('default', JOB, 42, 'COMPLETED'),
    instance: 'default',
    jobFullName: JOB,
    buildNumber: 42,
    phase: 'COMPLETED',
    result: 'FAILURE',
    buildUrl: 'http://jenkins.example/job/payments/job/deploy-staging/42/',
    timestampMs: 1_700_000_000_000,
    durationMs: 41_000,
    requestId: 'req-1',
    scm: { branch: 'main', commit: 'abc123' },
    source: 'webhook',
  };
}

function context(...entityRefs: string[]): BuildEventContext {
  return {
    entities: entityRefs.map(entityRef => ({
      entityRef,
      jobId: JOB_ID,
      ownerRefs: ['group:default/team-payments'],
    })),
    environment: 'staging',
  };
}

describe('signalOpenTabs', () => {
  it('signals each annotating entity once, on its own channel', async () => {
    const signals: RecordedSignal[] = [];
    await signalOpenTabs(recordingSignals(signals)).handle(
      completed(),
      context('component:default/payments-service', 'system:default/payments'),
    );
    expect(signals.map(s => s.channel)).toEqual([
      'jenkins:component:default/payments-service',
      'jenkins:system:default/payments',
    ]);
  });

  it('sends the job id, build number and phase, as the shared schema says', async () => {
    const signals: RecordedSignal[] = [];
    await signalOpenTabs(recordingSignals(signals)).handle(
      completed(),
      context('component:default/payments-service'),
    );
    expect(signals).toHaveLength(1);
    expect(signals[0].message).toEqual({
      type: 'build',
      jobId: JOB_ID,
      buildNumber: 42,
      phase: 'COMPLETED',
    });
    expect(jenkinsBuildSignalSchema.parse(signals[0].message)).toEqual(
      signals[0].message,
    );
  });

  it('broadcasts nothing a reader of the job alone may see: no result, URL, parameters or people', async () => {
    const signals: RecordedSignal[] = [];
    await signalOpenTabs(recordingSignals(signals)).handle(
      completed(),
      context('component:default/payments-service'),
    );
    expect(signals[0].recipients).toEqual({ type: 'broadcast' });
    const text = JSON.stringify(signals[0].message);
    for (const secret of [
      'FAILURE',
      'http://',
      'req-1',
      'abc123',
      'main',
      'team-payments',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('publishes once per entity when an entity annotates the job twice', async () => {
    const signals: RecordedSignal[] = [];
    await signalOpenTabs(recordingSignals(signals)).handle(
      completed(),
      context(
        'component:default/payments-service',
        'component:default/payments-service',
      ),
    );
    expect(signals).toHaveLength(1);
  });

  it('fails, for the dispatcher to log, when the signals service does', async () => {
    const consumer = signalOpenTabs({
      publish: () => Promise.reject(new Error('signals down')),
    });
    await expect(
      consumer.handle(
        completed(),
        context('component:default/payments-service'),
      ),
    ).rejects.toThrow('signals down');
  });
});
