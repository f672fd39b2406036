import { mockServices } from '@backstage/backend-test-utils';
import { JenkinsBuildEvent } from '@internal/plugin-jenkins-common';
import { BuildEventHub } from './BuildEventHub';
import { BuildEventContext, BuildEventConsumer } from './types';

const event: JenkinsBuildEvent = {
  id: 'default:payments/deploy-staging:7:STARTED',
  instance: 'default',
  jobFullName: 'payments/deploy-staging',
  buildNumber: 7,
  phase: 'STARTED',
  timestampMs: 1,
  source: 'webhook',
};

const context: BuildEventContext = {
  entities: [
    {
      entityRef: 'component:default/payments-service',
      jobId: 'x',
      ownerRefs: ['group:default/team-payments'],
    },
  ],
  environment: 'staging',
};

function hubWith(options: {
  context?: BuildEventContext;
  consumers: BuildEventConsumer[];
}) {
  const claimed = new Set<string>();
  const publish = jest.fn(async () => {});
  const hub = new BuildEventHub({
    index: { contextFor: async () => options.context },
    ledger: {
      claim: async id => (claimed.has(id) ? false : !!claimed.add(id)),
    },
    events: { publish },
    consumers: options.consumers,
    logger: mockServices.logger.mock(),
  });
  return { hub, publish };
}

function spy(name: string, fail = false) {
  const handle = jest.fn(async () => {
    if (fail) {
      throw new Error(`${name} broke`);
    }
  });
  return { name, handle };
}

describe('BuildEventHub', () => {
  it('runs every consumer once per event, in order, after publishing', async () => {
    const order: string[] = [];
    const first = spy('first');
    const second = spy('second');
    first.handle.mockImplementation(async () => {
      order.push('first');
    });
    second.handle.mockImplementation(async () => {
      order.push('second');
    });
    const { hub, publish } = hubWith({ context, consumers: [first, second] });
    expect(await hub.receive(event)).toBe('handled');
    expect(await hub.receive(event)).toBe('duplicate');
    expect(order).toEqual(['first', 'second']);
    expect(first.handle).toHaveBeenCalledWith(event, context);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publish).toHaveBeenCalledWith({
      topic: 'jenkins',
      eventPayload: {
        event,
        entities: context.entities,
        environment: 'staging',
      },
    });
  });

  it('keeps going when a consumer fails', async () => {
    const broken = spy('broken', true);
    const after = spy('after');
    const { hub } = hubWith({ context, consumers: [broken, after] });
    expect(await hub.receive(event)).toBe('handled');
    expect(after.handle).toHaveBeenCalledTimes(1);
  });

  it('runs nothing and publishes nothing for a job no entity annotates', async () => {
    const consumer = spy('consumer');
    const { hub, publish } = hubWith({
      context: undefined,
      consumers: [consumer],
    });
    expect(await hub.receive(event)).toBe('ignored');
    expect(consumer.handle).not.toHaveBeenCalled();
    expect(publish).not.toHaveBeenCalled();
  });
});
