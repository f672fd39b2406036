import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  BuildPhase,
  BuildResult,
  encodeJobId,
  JenkinsBuildEvent,
} from '@internal/plugin-jenkins-common';
import { readNotificationSettings } from '../config/readNotificationSettings';
import { BuildNotifier } from './BuildNotifier';
import { NotifiedBuild } from './NotifiedBuild';

const OWNERS = ['group:default/team-payments'];

function build(
  jobFullName: string,
  phase: BuildPhase,
  options: {
    result?: BuildResult;
    number?: number;
    annotated?: string;
    environment?: string;
    queueId?: number;
  } = {},
): NotifiedBuild {
  const event: JenkinsBuildEvent = {
    id: `default:${jobFullName}:${options.number ?? 12}:${phase}`,
    instance: 'default',
    jobFullName,
    buildNumber: options.number ?? 12,
    phase,
    result: options.result,
    queueId: options.queueId,
    timestampMs: 1_700_000_000_000,
    durationMs: phase === 'STARTED' ? undefined : 41_000,
    source: 'webhook',
  };
  return {
    event,
    entities: [
      {
        entityRef: 'component:default/payments-service',
        jobId: encodeJobId('default', jobFullName),
        ownerRefs: OWNERS,
        annotatedFullName: options.annotated ?? jobFullName,
      },
    ],
    environment: options.environment,
  };
}

/** A notifier with the default rules (or the given config), recording what it sends. */
function notifier(
  options: {
    config?: object;
    previous?: BuildResult;
    requester?: string;
  } = {},
) {
  const sent: NotificationSendOptions[] = [];
  const requesterOf = jest.fn(async () => options.requester);
  const subject = new BuildNotifier({
    notifications: { send: async n => void sent.push(n) },
    settings: readNotificationSettings(
      new ConfigReader({ jenkins: { notifications: options.config ?? {} } }),
    ),
    lastResults: { record: async () => options.previous },
    requesterOf,
    logger: mockServices.logger.mock(),
  });
  return { subject, sent, requesterOf };
}

function recipientsOf(sent: NotificationSendOptions): string[] {
  return sent.recipients.type === 'entity'
    ? [sent.recipients.entityRef].flat()
    : [];
}

describe('BuildNotifier with the default rules', () => {
  it("tells the owners of a failure on a multibranch job's main branch", async () => {
    const { subject, sent } = notifier();
    await subject.notifyTransition(
      build('payments/payments-service/main', 'COMPLETED', {
        result: 'FAILURE',
        annotated: 'payments/payments-service',
      }),
    );
    expect(sent).toHaveLength(1);
    expect(recipientsOf(sent[0])).toEqual(OWNERS);
    expect(sent[0].payload).toMatchObject({
      title: 'payments-service » main #12 failed',
      severity: 'high',
      topic: 'jenkins:payments/payments-service/main',
      scope: 'jenkins:default:payments/payments-service/main',
    });
    expect(sent[0].payload.description).toBe(
      'payments/payments-service/main #12 of component:default/payments-service; branch main. Failed after 41 s.',
    );
    expect(sent[0].payload.link).toBe(
      `/catalog/default/component/payments-service/jenkins?job=${encodeJobId(
        'default',
        'payments/payments-service/main',
      )}&build=12`,
    );
  });

  it('says nothing of a failure on a feature branch', async () => {
    const { subject, sent } = notifier();
    await subject.notifyTransition(
      build('payments/payments-service/feature%2Fnew-api', 'COMPLETED', {
        result: 'FAILURE',
        annotated: 'payments/payments-service',
      }),
    );
    expect(sent).toEqual([]);
  });

  it('tells the owners of a failure of a job that is not multibranch', async () => {
    const { subject, sent } = notifier();
    await subject.notifyTransition(
      build('payments/deploy-staging', 'COMPLETED', {
        result: 'FAILURE',
        environment: 'staging',
      }),
    );
    expect(sent.map(s => s.payload.title)).toEqual([
      'deploy-staging #12 failed',
    ]);
  });

  it('says nothing of a plain success, and "recovered" for the first success after a failure', async () => {
    const plain = notifier({ previous: 'SUCCESS' });
    await plain.subject.notifyTransition(
      build('payments/deploy-staging', 'COMPLETED', { result: 'SUCCESS' }),
    );
    expect(plain.sent).toEqual([]);

    const recovering = notifier({ previous: 'FAILURE' });
    await recovering.subject.notifyTransition(
      build('payments/deploy-staging', 'COMPLETED', { result: 'SUCCESS' }),
    );
    expect(recovering.sent).toHaveLength(1);
    expect(recovering.sent[0].payload).toMatchObject({
      title: 'deploy-staging #12 recovered',
      severity: 'normal',
    });
    expect(recipientsOf(recovering.sent[0])).toEqual(OWNERS);
  });

  it('tells the owners and the person who started it of a production deploy starting and finishing', async () => {
    const { subject, sent, requesterOf } = notifier({
      requester: 'user:default/bob',
    });
    await subject.notifyTransition(
      build('payments/deploy-production', 'STARTED', {
        environment: 'production',
        queueId: 7,
      }),
    );
    await subject.notifyTransition(
      build('payments/deploy-production', 'COMPLETED', {
        environment: 'production',
        result: 'SUCCESS',
        queueId: 7,
      }),
    );
    expect(requesterOf).toHaveBeenCalledTimes(2);
    expect(sent.map(s => [s.payload.title, s.payload.severity])).toEqual([
      ['deploy-production #12 started', 'low'],
      ['deploy-production #12 succeeded', 'normal'],
    ]);
    for (const s of sent) {
      expect(recipientsOf(s)).toEqual([...OWNERS, 'user:default/bob']);
      expect(s.payload.description).toContain(
        'Started from Backstage by user:default/bob',
      );
    }
  });

  it('tells only the owners of a production deploy started outside Backstage', async () => {
    const { subject, sent } = notifier({ requester: undefined });
    await subject.notifyTransition(
      build('payments/deploy-production', 'COMPLETED', {
        environment: 'production',
        result: 'FAILURE',
      }),
    );
    expect(recipientsOf(sent[0])).toEqual(OWNERS);
  });

  it('does not look up who started a build no rule sends to them', async () => {
    const { subject, requesterOf } = notifier();
    await subject.notifyTransition(
      build('payments/deploy-staging', 'COMPLETED', { result: 'FAILURE' }),
    );
    expect(requesterOf).not.toHaveBeenCalled();
  });

  it('tells the configured approvers and the person who started it of a pending input, and withdraws it at a lower severity', async () => {
    const { subject, sent } = notifier({
      config: {
        approvers: [
          { path: 'payments/deploy-production', submitter: 'release-managers' },
        ],
      },
      requester: 'user:default/bob',
    });
    const waiting = build('payments/deploy-production', 'STARTED', {
      environment: 'production',
    });
    const told = await subject.notifyInputPending(
      waiting,
      'Promote to production?',
    );
    expect(told).toEqual([
      'group:default/release-managers',
      'user:default/bob',
    ]);
    expect(sent[0].payload).toMatchObject({
      title: 'payments-service: deploy-production #12 waits for approval',
      severity: 'high',
      scope: 'jenkins:default:payments/deploy-production',
    });
    expect(sent[0].payload.description).toContain('"Promote to production?"');

    await subject.notifyInputSettled(waiting, told);
    expect(recipientsOf(sent[1])).toEqual(told);
    expect(sent[1].payload).toMatchObject({
      title:
        'payments-service: deploy-production #12 no longer waits for approval',
      severity: 'low',
      scope: sent[0].payload.scope,
    });
  });

  it('asks the owners to approve when no approvers are configured for the job', async () => {
    const { subject } = notifier();
    const told = await subject.notifyInputPending(
      build('payments/deploy-staging', 'STARTED'),
      'Go?',
    );
    expect(told).toEqual(OWNERS);
  });
});

describe('BuildNotifier with configured rules', () => {
  it('follows a rule per environment to the owners and an extra group', async () => {
    const { subject, sent } = notifier({
      config: {
        rules: [
          {
            environment: 'staging',
            on: ['succeeded'],
            to: ['owner', 'group:default/qa'],
          },
        ],
      },
    });
    await subject.notifyTransition(
      build('payments/deploy-staging', 'COMPLETED', {
        result: 'SUCCESS',
        environment: 'staging',
      }),
    );
    await subject.notifyTransition(
      build('payments/deploy-staging', 'COMPLETED', { result: 'FAILURE' }),
    );
    expect(sent).toHaveLength(1);
    expect(recipientsOf(sent[0])).toEqual([...OWNERS, 'group:default/qa']);
  });

  it('sends nothing when notifications are disabled', async () => {
    const { subject, sent } = notifier({ config: { enabled: false } });
    await subject.notifyTransition(
      build('payments/deploy-staging', 'COMPLETED', { result: 'FAILURE' }),
    );
    expect(
      await subject.notifyInputPending(
        build('payments/deploy-staging', 'STARTED'),
        'Go?',
      ),
    ).toEqual([]);
    expect(sent).toEqual([]);
  });
});
