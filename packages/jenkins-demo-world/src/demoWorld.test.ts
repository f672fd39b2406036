import { stringifyEntityRef } from '@backstage/catalog-model';
import { parseDemoWorld } from './index';
import { loadDemoWorld } from './node';

describe('loadDemoWorld', () => {
  const world = loadDemoWorld();

  it('reads the entities, users and groups of examples/', () => {
    expect(world.entity('component:default/payments-service')).toMatchObject({
      metadata: {
        namespace: 'default',
        annotations: {
          'jenkins.io/job-full-name':
            'payments/payments-service, payments/deploy-staging, payments/deploy-production',
        },
      },
    });
    expect(world.users.map(stringifyEntityRef)).toEqual(
      expect.arrayContaining(['user:default/alice', 'user:default/bob']),
    );
    expect(world.groups.map(stringifyEntityRef)).toEqual(
      expect.arrayContaining([
        'group:default/team-payments',
        'group:default/release-managers',
      ]),
    );
  });

  it("gives each user's ownership refs: the user and its groups", () => {
    expect(world.ownershipOf('user:default/alice')).toEqual([
      'user:default/alice',
      'group:default/team-payments',
    ]);
    expect(world.ownershipOf('user:default/bob')).toEqual([
      'user:default/bob',
      'group:default/release-managers',
    ]);
    expect(world.ownershipOf('user:default/nobody')).toEqual([
      'user:default/nobody',
    ]);
  });

  it('finds entities case-insensitively, as the catalog does', () => {
    expect(world.entity('Component:default/Payments-Service')).toBe(
      world.entity('component:default/payments-service'),
    );
  });
});

describe('DemoWorld.with', () => {
  const world = parseDemoWorld(`
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: auditors }
spec: { type: team, members: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: svc }
spec: { owner: auditors }
`);

  it('adds entities and their memberships on top', () => {
    const more = world.with([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'dave' },
        spec: { memberOf: ['auditors'] },
      },
    ]);
    expect(more.entities).toHaveLength(3);
    expect(more.ownershipOf('user:default/dave')).toEqual([
      'user:default/dave',
      'group:default/auditors',
    ]);
    expect(world.entities).toHaveLength(2);
  });

  it('replaces an entity with the same ref in place', () => {
    const replaced = world.with([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'svc', namespace: 'default', title: 'New' },
      },
    ]);
    expect(replaced.entities.map(e => e.metadata.title)).toEqual([
      undefined,
      'New',
    ]);
  });

  it('refuses a document that is no entity', () => {
    expect(() => parseDemoWorld('kind: Component')).toThrow(
      /document 1 is not a catalog entity/,
    );
  });
});
