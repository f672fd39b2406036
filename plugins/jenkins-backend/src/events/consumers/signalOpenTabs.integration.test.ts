import {
  JenkinsTestBackend,
  STAGING,
  jobIdOf,
  startJenkinsTestBackend,
} from '../../__testUtils__/JenkinsTestBackend';
import { notification } from '../../__testUtils__/notificationBody';

jest.setTimeout(60_000);

const CHANNEL = 'jenkins:component:default/payments-service';

describe('live updates of open tabs through the webhook', () => {
  let stack: JenkinsTestBackend;

  beforeAll(async () => {
    stack = await startJenkinsTestBackend();
  });
  afterAll(() => stack?.close());
  beforeEach(() => {
    stack.signals.length = 0;
  });

  it("signals the annotating entity's channel once per build transition", async () => {
    const res = await stack.sendBuildEvent(
      notification(STAGING, 301, 'COMPLETED', 'FAILURE'),
    );
    expect(res.status).toBe(202);
    expect(stack.signals.filter(s => s.channel === CHANNEL)).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: CHANNEL,
        message: {
          type: 'build',
          jobId: jobIdOf(STAGING),
          buildNumber: 301,
          phase: 'COMPLETED',
        },
      },
    ]);
  });

  it('signals nothing for a duplicate delivery', async () => {
    const body = notification(STAGING, 302, 'STARTED');
    await stack.sendBuildEvent(body).expect(202);
    await stack.sendBuildEvent(body).expect(202);
    expect(stack.signals.filter(s => s.channel === CHANNEL)).toHaveLength(1);
  });

  it('signals nothing for a job no entity annotates', async () => {
    await stack
      .sendBuildEvent(notification('nobody/annotates-this', 1, 'STARTED'))
      .expect(202);
    expect(stack.signals).toEqual([]);
  });
});
