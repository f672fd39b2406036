import { mockCredentials } from '@backstage/backend-test-utils';
import { PrincipalMapper } from './PrincipalMapper';
import { Caller } from './types';

const alice: Caller = {
  userRef: 'user:default/alice',
  ownershipRefs: [
    'user:default/alice',
    'group:default/team-payments',
    'group:ops/on-call',
  ],
  email: 'alice.smith@example.com',
  displayName: 'Alice',
  credentials: mockCredentials.user('user:default/alice'),
  via: 'http',
};

describe('PrincipalMapper', () => {
  it('maps the user ref and group refs to their name parts by default', () => {
    const mapper = new PrincipalMapper({ userName: 'name', groupName: 'name' });
    expect(mapper.principalFor(alice)).toEqual({
      userRef: 'user:default/alice',
      userName: 'alice',
      groups: ['on-call', 'team-payments'],
      email: 'alice.smith@example.com',
      displayName: 'Alice',
    });
  });

  it('uses the e-mail or its local part when configured', () => {
    expect(
      new PrincipalMapper({
        userName: 'email',
        groupName: 'name',
      }).principalFor(alice).userName,
    ).toBe('alice.smith@example.com');
    expect(
      new PrincipalMapper({
        userName: 'emailLocalPart',
        groupName: 'name',
      }).principalFor(alice).userName,
    ).toBe('alice.smith');
  });

  it('falls back to the name part when the user has no e-mail', () => {
    const mapper = new PrincipalMapper({
      userName: 'email',
      groupName: 'name',
    });
    expect(mapper.principalFor({ ...alice, email: undefined }).userName).toBe(
      'alice',
    );
  });

  it('sends whole group refs when configured', () => {
    const mapper = new PrincipalMapper({ userName: 'name', groupName: 'ref' });
    expect(mapper.principalFor(alice).groups).toEqual([
      'group:default/team-payments',
      'group:ops/on-call',
    ]);
  });

  it('sends only the included groups, by name or ref', () => {
    const mapper = new PrincipalMapper({
      userName: 'name',
      groupName: 'name',
      includeGroups: ['group:ops/on-call'],
    });
    expect(mapper.principalFor(alice).groups).toEqual(['on-call']);
    const byName = new PrincipalMapper({
      userName: 'name',
      groupName: 'name',
      includeGroups: ['Team-Payments'],
    });
    expect(byName.principalFor(alice).groups).toEqual(['team-payments']);
  });

  it('keeps a service caller apart from people of the same name', () => {
    const mapper = new PrincipalMapper({ userName: 'name', groupName: 'name' });
    expect(
      mapper.principalFor({
        userRef: 'external:alice',
        ownershipRefs: [],
        credentials: mockCredentials.service('external:alice'),
        via: 'action',
      }),
    ).toMatchObject({ userName: 'external:alice', groups: [] });
  });
});
