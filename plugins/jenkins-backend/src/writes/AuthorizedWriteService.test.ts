import { mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuditEntry, encodeJobId } from '@internal/plugin-jenkins-common';
import { AuditTrail } from '../audit/AuditTrail';
import { AuditStore } from '../audit/types';
import { Caller } from '../identity/types';
import { JenkinsGateway } from '../jenkins/JenkinsGateway';
import { JenkinsUnreachableError } from '../jenkins/JenkinsErrors';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { withJenkinsAnswer } from '../jenkins/JenkinsAnswer';
import { AuthorizedWriteService } from './AuthorizedWriteService';
import { BuildLabeller } from './BuildLabeller';
import { JenkinsWriteService } from './JenkinsWriteService';
import { WriteAudit } from './WriteAudit';

const job: ResolvedJob = {
  id: 'job-1',
  entityRef: 'component:default/payments-service',
  instance: 'default',
  fullName: 'payments/deploy-staging',
  annotatedFullName: 'payments/deploy-staging',
  resource: {
    entityRef: 'component:default/payments-service',
    instance: 'default',
    jobFullName: 'payments/deploy-staging',
    environment: 'staging',
    folder: 'payments',
    owners: ['group:default/team-payments'],
    jobOwners: null,
  },
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-service' },
    spec: { owner: 'team-payments', system: 'payments' },
  },
};

const caller = {
  userRef: 'user:default/alice',
  ownershipRefs: ['group:default/team-payments'],
  via: 'http',
} as Caller;

function memoryStore(): AuditStore & { entries: AuditEntry[] } {
  const entries: AuditEntry[] = [];
  return {
    entries,
    async insert(e) {
      entries.push({ ...e });
    },
    async complete(id, c) {
      const e = entries.find(x => x.id === id)!;
      Object.assign(
        e,
        Object.fromEntries(
          Object.entries(c).filter(([, v]) => v !== undefined),
        ),
      );
    },
    async get(id) {
      return entries.find(x => x.id === id);
    },
    async listForEntity() {
      return { items: entries, nextCursor: null };
    },
    async query() {
      return entries;
    },
    async findByQueueItem() {
      return undefined;
    },
    async settleUnknown(requestId, c) {
      const settled = entries.filter(
        x =>
          x.requestId === requestId &&
          (x.outcome === 'pending' || x.outcome === 'unknown'),
      );
      for (const e of settled) {
        Object.assign(
          e,
          Object.fromEntries(
            Object.entries(c).filter(([, v]) => v !== undefined),
          ),
        );
      }
      return settled;
    },
    async claimLabelling() {
      return true;
    },
    async deleteOlderThan() {
      return 0;
    },
  };
}

function setup(
  overrides: Partial<JenkinsGateway> = {},
  resolveJob: () => Promise<ResolvedJob> = async () => job,
) {
  const store = memoryStore();
  const gateway = {
    getJob: jest.fn(async () => ({
      property: [
        {
          parameterDefinitions: [
            {
              _class: 'x.StringParameterDefinition',
              name: 'VERSION',
              type: 'StringParameterDefinition',
            },
            {
              _class: 'x.PasswordParameterDefinition',
              name: 'PIN',
              type: 'PasswordParameterDefinition',
            },
          ],
        },
      ],
    })),
    triggerBuild: jest.fn(async () => ({
      queueId: 9,
      alreadyQueued: false,
      // Distinguishable from any constant: what this mocked Jenkins sent.
      status: 299,
    })),
    getQueueItem: jest.fn(async () => ({
      _class: 'hudson.model.Queue$WaitingItem',
      why: 'In the quiet period',
      task: { url: 'http://j/job/payments/job/deploy-staging/' },
    })),
    setBuildDescription: jest.fn(),
    ...overrides,
  } as unknown as JenkinsGateway;
  const authorizeJob = jest.fn(async () => {});
  const principals = {
    principalFor: () => ({
      userRef: 'user:default/alice',
      userName: 'alice',
      groups: ['team-payments'],
    }),
  };
  const strategies = { jenkinsUserOf: () => 'alice' };
  const logger = mockServices.logger.mock();
  const service = new AuthorizedWriteService({
    resolver: { resolveJob, confirmBranch: async () => {} },
    authorizer: { authorizeJob },
    identity: { check: () => {} },
    jenkins: new JenkinsWriteService({ gateway, principals }),
    audit: new WriteAudit({
      trail: new AuditTrail({
        store,
        auditor: mockServices.auditor.mock({
          createEvent: async () => ({
            success: async () => {},
            fail: async () => {},
          }),
        }),
        logger,
      }),
      principals,
      strategies,
    }),
    labeller: new BuildLabeller({
      gateway,
      store,
      principals,
      strategies,
      descriptionTemplate: '{{userRef}}',
      logger,
    }),
  });
  return { service, store, gateway, authorizeJob };
}

const target = { entityRef: job.entityRef, jobId: job.id };

describe('AuthorizedWriteService', () => {
  it('records the trigger with password values masked and Jenkins status', async () => {
    const { service, store, gateway } = setup();
    const answer = await service.trigger(
      caller,
      { ...target, parameters: { VERSION: '1.0', PIN: '1234' } },
      { requestId: 'r1' },
    );
    expect(answer).toEqual({
      requestId: 'r1',
      queue: {
        queueId: 9,
        state: 'waiting',
        why: 'In the quiet period',
        buildNumber: null,
        buildUrl: null,
      },
    });
    expect(gateway.triggerBuild).toHaveBeenCalledWith(
      expect.objectContaining({ purpose: 'write', instance: 'default' }),
      'payments/deploy-staging',
      { VERSION: '1.0', PIN: '1234' },
    );
    expect(store.entries).toEqual([
      expect.objectContaining({
        decision: 'allow',
        outcome: 'success',
        jenkinsStatus: 299,
        queueId: 9,
        parameters: { VERSION: '1.0', PIN: '********' },
      }),
    ]);
  });

  it('records a policy denial and never calls Jenkins', async () => {
    const { service, store, gateway, authorizeJob } = setup();
    authorizeJob.mockRejectedValueOnce(
      new NotAllowedError('jenkins.job.trigger'),
    );
    await expect(
      service.trigger(
        caller,
        { ...target, parameters: { PIN: '1234' } },
        { requestId: 'r2' },
      ),
    ).rejects.toThrow('jenkins.job.trigger');
    expect(gateway.getJob).not.toHaveBeenCalled();
    expect(gateway.triggerBuild).not.toHaveBeenCalled();
    expect(store.entries).toEqual([
      expect.objectContaining({
        decision: 'deny',
        outcome: 'denied',
        parameters: { PIN: '********' },
      }),
    ]);
  });

  it('records a failed permission decision as a failure and does not go ahead', async () => {
    const { service, store, gateway, authorizeJob } = setup();
    authorizeJob.mockRejectedValueOnce(
      new Error('permission backend unreachable'),
    );
    await expect(
      service.trigger(caller, target, { requestId: 'r3' }),
    ).rejects.toThrow('permission backend unreachable');
    expect(gateway.triggerBuild).not.toHaveBeenCalled();
    expect(store.entries).toEqual([
      expect.objectContaining({
        decision: 'deny',
        outcome: 'failure',
        message: 'No permission decision: permission backend unreachable',
      }),
    ]);
  });

  it('records a Jenkins that was never reached as unreachable, with no Jenkins status', async () => {
    const { service, store } = setup({
      triggerBuild: jest.fn(async () => {
        throw withJenkinsAnswer(
          new JenkinsUnreachableError(
            "Jenkins instance 'default' is unreachable",
          ),
          { status: null, reached: 'no' },
        );
      }),
    });
    await expect(
      service.trigger(caller, target, { requestId: 'r4' }),
    ).rejects.toThrow(/unreachable/);
    expect(store.entries).toEqual([
      expect.objectContaining({
        decision: 'allow',
        outcome: 'unreachable',
        jenkinsStatus: null,
      }),
    ]);
  });

  it('records invalid parameters as a failure before any write, values masked', async () => {
    const { service, store, gateway } = setup();
    await expect(
      service.trigger(
        caller,
        { ...target, parameters: { VERSON: 'typo' } },
        { requestId: 'r5' },
      ),
    ).rejects.toThrow("Parameter 'VERSON'");
    expect(gateway.triggerBuild).not.toHaveBeenCalled();
    expect(store.entries).toEqual([
      expect.objectContaining({
        outcome: 'failure',
        jenkinsStatus: null,
        parameters: { VERSON: '********' },
      }),
    ]);
  });

  it('records an attempt on a job the entity does not declare, without calling Jenkins', async () => {
    const { service, store, gateway } = setup({}, async () => {
      throw new NotFoundError(
        'component:default/payments-service has no Jenkins job',
      );
    });
    await expect(
      service.abort(
        caller,
        {
          entityRef: 'component:default/payments-service',
          jobId: encodeJobId('default', 'platform/nightly-backup'),
          buildNumber: 3,
        },
        { requestId: 'r6' },
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(gateway.getJob).not.toHaveBeenCalled();
    expect(store.entries).toEqual([
      expect.objectContaining({
        action: 'abort',
        instance: 'default',
        jobFullName: 'platform/nightly-backup',
        buildNumber: 3,
        decision: 'deny',
        outcome: 'failure',
        message: 'component:default/payments-service has no Jenkins job',
      }),
    ]);
  });

  it('does not show a queue item of another job', async () => {
    const { service } = setup({
      getQueueItem: jest.fn(async () => ({
        _class: 'hudson.model.Queue$WaitingItem',
        task: { url: 'http://j/job/platform/job/nightly-backup/' },
      })),
    });
    await expect(service.queueState(caller, target, 5)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
