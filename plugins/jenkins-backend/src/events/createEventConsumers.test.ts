import {
  encodeJobId,
  jenkinsEntityChannel,
} from '@internal/plugin-jenkins-common';
import {
  RecordedSignal,
  recordingSignals,
} from '../__testUtils__/recordingSignals';
import { inputChangeRefresh } from './createEventConsumers';

describe('inputChangeRefresh', () => {
  it('drops the job cached views, then signals the entity tabs, as a build event would', async () => {
    const order: string[] = [];
    const signals: RecordedSignal[] = [];
    const recording = recordingSignals(signals);
    const refresh = inputChangeRefresh(
      {
        invalidateJob: async (instance: string, fullName: string) => {
          order.push(`invalidate ${instance}:${fullName}`);
        },
      },
      {
        publish: async signal => {
          order.push(`signal ${signal.channel}`);
          await recording.publish(signal);
        },
      },
    );
    const jobId = encodeJobId('default', 'payments/deploy-production');

    await refresh({
      event: {
        id: 'default:payments/deploy-production:12:STARTED',
        instance: 'default',
        jobFullName: 'payments/deploy-production',
        buildNumber: 12,
        phase: 'STARTED',
        timestampMs: 0,
        source: 'webhook',
      },
      entities: [
        {
          entityRef: 'component:default/payments-service',
          jobId,
          ownerRefs: ['group:default/team-payments'],
        },
      ],
      environment: 'production',
    });

    const channel = jenkinsEntityChannel('component:default/payments-service');
    expect(order).toEqual([
      'invalidate default:payments/deploy-production',
      `signal ${channel}`,
    ]);
    expect(signals[0].message).toEqual({
      type: 'build',
      jobId,
      buildNumber: 12,
      phase: 'STARTED',
    });
  });
});
