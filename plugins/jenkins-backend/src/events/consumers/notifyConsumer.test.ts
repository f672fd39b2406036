import { JenkinsBuildEvent } from '@internal/plugin-jenkins-common';
import { BuildNotifications } from '../../notifications/createBuildNotifications';
import { BuildEventContext } from '../types';
import { notifyBuilds } from './notifyConsumer';

const context: BuildEventContext = {
  entities: [
    {
      entityRef: 'component:default/payments-service',
      jobId: 'ZGVmYXVsdDpwYXltZW50cy9kZXBsb3ktcHJvZHVjdGlvbg',
      ownerRefs: ['group:default/team-payments'],
    },
  ],
  environment: 'production',
};

function event(phase: JenkinsBuildEvent['phase']): JenkinsBuildEvent {
  return {
    id: `default:payments/deploy-production:12:${phase}`,
    instance: 'default',
    jobFullName: 'payments/deploy-production',
    buildNumber: 12,
    phase,
    result: phase === 'STARTED' ? undefined : 'SUCCESS',
    timestampMs: 0,
    source: 'webhook',
  };
}

function consumer() {
  const notifications = {
    notifier: { notifyTransition: jest.fn(async () => {}) },
    pendingInputs: { track: jest.fn(), finish: jest.fn(async () => {}) },
  };
  return {
    notifications,
    subject: notifyBuilds(notifications as unknown as BuildNotifications),
  };
}

describe('notifyBuilds', () => {
  it('watches a started build for pending inputs and notifies its start', async () => {
    const { subject, notifications } = consumer();
    await subject.handle(event('STARTED'), context);
    expect(notifications.pendingInputs.track).toHaveBeenCalledWith({
      event: event('STARTED'),
      ...context,
    });
    expect(notifications.notifier.notifyTransition).toHaveBeenCalledTimes(1);
  });

  it('stops watching a completed build before notifying its outcome', async () => {
    const { subject, notifications } = consumer();
    await subject.handle(event('COMPLETED'), context);
    expect(notifications.pendingInputs.finish).toHaveBeenCalledWith(
      event('COMPLETED'),
    );
    expect(notifications.pendingInputs.track).not.toHaveBeenCalled();
    expect(notifications.notifier.notifyTransition).toHaveBeenCalledWith({
      event: event('COMPLETED'),
      ...context,
    });
  });
});
