import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AuditEntry } from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { AuditReadService } from './AuditReadService';
import { AuditStore } from './types';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-service', namespace: 'default' },
};

function job(fullName: string): ResolvedJob {
  return {
    id: fullName,
    entityRef: 'component:default/payments-service',
    instance: 'default',
    fullName,
    annotatedFullName: fullName,
    resource: {
      entityRef: 'component:default/payments-service',
      instance: 'default',
      jobFullName: fullName,
      environment: null,
      folder: 'payments',
      owners: [],
      jobOwners: null,
    },
    entity,
  };
}

function entry(jobFullName: string, id: string): AuditEntry {
  return {
    id,
    time: '2026-11-28T10:00:00.000Z',
    actor: { userRef: 'user:default/alice', jenkinsUser: 'alice' },
    action: 'trigger',
    entityRef: 'component:default/payments-service',
    instance: 'default',
    jobFullName,
    buildNumber: null,
    queueId: null,
    parameters: null,
    decision: 'allow',
    outcome: 'success',
    jenkinsStatus: 201,
    message: null,
    requestId: id,
    via: 'http',
  };
}

const caller: Caller = {
  userRef: 'user:default/carol',
  ownershipRefs: [],
  credentials: mockCredentials.user('user:default/carol'),
  via: 'http',
};

function setup(readable: string[]) {
  const store = {
    listForEntity: jest.fn(async () => ({
      items: [
        entry('payments/deploy-staging', 'a'),
        entry('payments/deploy-production', 'b'),
        entry('payments/payments-service/main', 'c'),
      ],
      nextCursor: null,
    })),
    query: jest.fn(async () => [entry('payments/deploy-staging', 'a')]),
  } as unknown as AuditStore;
  const permissions = mockServices.permissions.mock();
  const service = new AuditReadService({
    store,
    resolver: {
      jobsOf: async () => ({
        entity,
        jobs: [
          job('payments/deploy-staging'),
          job('payments/deploy-production'),
          job('payments/payments-service'),
        ],
      }),
    },
    authorizer: {
      decide: async (_caller, _permissions, j) => [
        readable.includes(j.fullName),
      ],
    },
    permissions,
  });
  return { store, permissions, service };
}

describe('AuditReadService', () => {
  it('lists the whole activity when every job may be read', async () => {
    const { service, store } = setup([
      'payments/deploy-staging',
      'payments/deploy-production',
      'payments/payments-service',
    ]);
    const page = await service.activity(
      caller,
      'Component:default/Payments-Service',
      { limit: 10 },
    );
    expect(page.items.map(i => i.id)).toEqual(['a', 'b', 'c']);
    expect(store.listForEntity).toHaveBeenCalledWith(
      'component:default/payments-service',
      { limit: 10 },
    );
  });

  it('leaves out jobs (and their branches) the caller may not read', async () => {
    const { service } = setup(['payments/payments-service']);
    const page = await service.activity(
      caller,
      'component:default/payments-service',
      { limit: 10 },
    );
    expect(page.items.map(i => i.id)).toEqual(['c']);
  });

  it('refuses the activity to a caller who may read none of the jobs', async () => {
    const { service } = setup([]);
    await expect(
      service.activity(caller, 'component:default/payments-service', {
        limit: 10,
      }),
    ).rejects.toThrow(/jenkins\.job\.read/);
  });

  it('exports only for holders of jenkins.audit.read', async () => {
    const { service, permissions, store } = setup([]);
    permissions.authorize.mockResolvedValueOnce([
      { result: AuthorizeResult.DENY },
    ]);
    const denied = await service
      .export(caller.credentials, { limit: 10 })
      .catch(e => e);
    expect(denied).toBeInstanceOf(NotAllowedError);
    expect(denied.message).toContain('jenkins.audit.read');
    expect(store.query).not.toHaveBeenCalled();

    permissions.authorize.mockResolvedValueOnce([
      { result: AuthorizeResult.ALLOW },
    ]);
    await expect(
      service.export(caller.credentials, { limit: 10 }),
    ).resolves.toHaveLength(1);
    expect(permissions.authorize).toHaveBeenLastCalledWith(
      [{ permission: expect.objectContaining({ name: 'jenkins.audit.read' }) }],
      { credentials: caller.credentials },
    );
  });
});
