import { mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuditEntry } from '@internal/plugin-jenkins-common';
import { AuditTrail } from './AuditTrail';
import { AuditAttempt, AuditStore } from './types';
import { maskParameters, MASKED_VALUE } from './maskParameters';

function memoryStore(): AuditStore & { entries: Map<string, AuditEntry> } {
  const entries = new Map<string, AuditEntry>();
  return {
    entries,
    async insert(e) {
      entries.set(e.id, { ...e });
    },
    async complete(id, c) {
      const e = entries.get(id)!;
      entries.set(id, {
        ...e,
        ...Object.fromEntries(
          Object.entries(c).filter(([, v]) => v !== undefined),
        ),
      });
    },
    async get(id) {
      return entries.get(id);
    },
    async listForEntity() {
      return { items: [], nextCursor: null };
    },
    async query() {
      return [...entries.values()];
    },
    async findByQueueItem() {
      return undefined;
    },
    async settleUnknown() {
      return [];
    },
    async claimLabelling() {
      return true;
    },
    async deleteOlderThan() {
      return 0;
    },
  };
}

const attempt: AuditAttempt = {
  actor: { userRef: 'user:default/alice', jenkinsUser: 'alice' },
  action: 'trigger',
  entityRef: 'component:default/payments-service',
  instance: 'default',
  jobFullName: 'payments/deploy-staging',
  buildNumber: null,
  queueId: null,
  parameters: { VERSION: '1.2.3' },
  decision: 'allow',
  requestId: 'req-1',
  via: 'http',
};

function setup() {
  const store = memoryStore();
  const event = { success: jest.fn(), fail: jest.fn() };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => event),
  });
  const trail = new AuditTrail({
    store,
    auditor,
    logger: mockServices.logger.mock(),
    now: () => Date.parse('2026-11-28T10:00:00.000Z'),
  });
  return { store, event, auditor, trail };
}

describe('AuditTrail', () => {
  it('records a pending attempt before the outcome, in the table and the auditor', async () => {
    const { store, auditor, event, trail } = setup();
    const record = await trail.begin(attempt);

    expect(store.entries.get(record.entry.id)).toMatchObject({
      outcome: 'pending',
      time: '2026-11-28T10:00:00.000Z',
    });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'job-trigger',
        severityLevel: 'medium',
        meta: expect.objectContaining({
          jobFullName: 'payments/deploy-staging',
          outcome: 'pending',
        }),
      }),
    );
    expect(event.success).not.toHaveBeenCalled();

    await record.complete({
      outcome: 'success',
      queueId: 57,
      jenkinsStatus: 201,
    });
    expect(store.entries.get(record.entry.id)).toMatchObject({
      outcome: 'success',
      queueId: 57,
      jenkinsStatus: 201,
    });
    expect(event.success).toHaveBeenCalledWith({
      meta: expect.objectContaining({ outcome: 'success', queueId: 57 }),
    });
  });

  it('reports a failed outcome to the auditor with the error', async () => {
    const { event, trail } = setup();
    const record = await trail.begin(attempt);
    const error = new NotAllowedError('Jenkins denied alice');
    await record.complete(
      { outcome: 'failure', jenkinsStatus: 403, message: error.message },
      error,
    );
    expect(event.fail).toHaveBeenCalledWith({
      error,
      meta: expect.objectContaining({ outcome: 'failure', jenkinsStatus: 403 }),
    });
  });

  it('records a denied attempt as decision deny', async () => {
    const { store, event, trail } = setup();
    const entry = await trail.recordDenied(
      attempt,
      new NotAllowedError('jenkins.job.trigger'),
    );
    expect(store.entries.get(entry.id)).toMatchObject({
      decision: 'deny',
      outcome: 'denied',
      message: 'jenkins.job.trigger',
    });
    expect(event.fail).toHaveBeenCalled();
  });

  it('refuses to go on when the attempt cannot be recorded', async () => {
    const { store, trail } = setup();
    store.insert = async () => {
      throw new Error('database is down');
    };
    await expect(trail.begin(attempt)).rejects.toThrow('database is down');
  });

  it('does not fail the completion when the store fails after the write', async () => {
    const { store, event, trail } = setup();
    const record = await trail.begin(attempt);
    store.complete = async () => {
      throw new Error('database is down');
    };
    await expect(
      record.complete({ outcome: 'success' }),
    ).resolves.toBeUndefined();
    expect(event.success).toHaveBeenCalled();
  });
});

describe('maskParameters', () => {
  it('masks password parameters and secret-looking names', () => {
    expect(
      maskParameters(
        {
          VERSION: '1.2.3',
          SMOKE_TEST_TOKEN: 's3cr3t',
          PIN: '1234',
          DB_PASSWORD: 'x',
        },
        [
          {
            name: 'PIN',
            type: 'password',
            description: null,
            hasDefault: false,
          },
          {
            name: 'VERSION',
            type: 'string',
            description: null,
            defaultValue: null,
          },
        ],
      ),
    ).toEqual({
      VERSION: '1.2.3',
      SMOKE_TEST_TOKEN: MASKED_VALUE,
      PIN: MASKED_VALUE,
      DB_PASSWORD: MASKED_VALUE,
    });
    expect(maskParameters(undefined)).toBeNull();
  });
});
