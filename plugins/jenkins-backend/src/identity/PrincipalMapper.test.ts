import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readUserMapping } from '../config/readUserMapping';
import { IdentityMappingError } from './IdentityMappingError';
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

function user(userRef: string, more: Partial<Caller> = {}): Caller {
  return {
    userRef,
    ownershipRefs: [userRef],
    credentials: mockCredentials.user(userRef),
    via: 'http',
    ...more,
  };
}

/** A mapper from `jenkins.userMapping` as it would be configured. */
function mapperOf(userMapping: object = {}) {
  return new PrincipalMapper(
    readUserMapping(new ConfigReader({ jenkins: { userMapping } })),
  );
}

function refusalOf(mapper: PrincipalMapper, caller: Caller) {
  try {
    mapper.principalFor(caller);
  } catch (error) {
    return error as IdentityMappingError;
  }
  throw new Error(`${caller.userRef} was not refused`);
}

describe('PrincipalMapper', () => {
  it('maps the user ref and group refs to their name parts by default', () => {
    expect(mapperOf().principalFor(alice)).toEqual({
      userRef: 'user:default/alice',
      userName: 'alice',
      groups: ['on-call@ops', 'team-payments'],
      email: 'alice.smith@example.com',
      displayName: 'Alice',
    });
  });

  it('suffixes other namespaces so that no two people share a Jenkins name', () => {
    // Entity names may hold dots but never `@`: `contractors.alice` in the
    // default namespace cannot collide with alice of `contractors`.
    const mapper = mapperOf();
    const refs = [
      'user:default/alice',
      'user:contractors/alice',
      'user:default/contractors.alice',
      'user:default/alice.contractors',
      'user:sandbox/alice',
    ];
    const names = refs.map(ref => mapper.principalFor(user(ref)).userName);
    expect(names).toEqual([
      'alice',
      'alice@contractors',
      'contractors.alice',
      'alice.contractors',
      'alice@sandbox',
    ]);
    expect(new Set(names.map(n => n.toLowerCase())).size).toBe(refs.length);
  });

  it('refuses users of other namespaces with a 403 that says why, when configured', () => {
    const mapper = mapperOf({ otherNamespaces: 'refuse' });
    const error = refusalOf(mapper, user('user:contractors/alice'));
    expect(error).toBeInstanceOf(IdentityMappingError);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toMatch(
      /user:contractors\/alice.*outside the 'default' namespace.*otherNamespaces is 'refuse'/,
    );
    expect(mapper.principalFor(user('user:default/alice')).userName).toBe(
      'alice',
    );
  });

  it('never sends a group of another namespace as the default group of that name', () => {
    const member = user('user:default/eve', {
      ownershipRefs: ['group:sandbox/release-managers'],
    });
    expect(mapperOf().principalFor(member).groups).toEqual([
      'release-managers@sandbox',
    ]);
    expect(
      mapperOf({ otherNamespaces: 'refuse' }).principalFor(member).groups,
    ).toEqual([]);
  });

  it('matches includeGroups against full refs, a bare name meaning the default namespace', () => {
    const member = user('user:default/eve', {
      ownershipRefs: [
        'group:sandbox/release-managers',
        'group:default/Release-Managers',
        'group:ops/on-call',
      ],
    });
    const mapper = mapperOf({
      includeGroups: ['release-managers', 'group:ops/on-call'],
    });
    expect(mapper.principalFor(member).groups).toEqual([
      'Release-Managers',
      'on-call@ops',
    ]);
    const sandboxOnly = user('user:default/eve', {
      ownershipRefs: ['group:sandbox/release-managers'],
    });
    expect(mapper.principalFor(sandboxOnly).groups).toEqual([]);
  });

  it('uses the e-mail local part only for the configured domains', () => {
    const mapper = mapperOf({
      userName: 'emailLocalPart',
      emailDomains: ['Example.com'],
    });
    expect(mapper.principalFor(alice).userName).toBe('alice.smith');
    const error = refusalOf(
      mapper,
      user('user:default/mallory', { email: 'bob@evil.example' }),
    );
    expect(error.message).toMatch(
      /e-mail domain 'evil\.example' is not one of jenkins\.userMapping\.emailDomains/,
    );
  });

  it('requires the e-mail domains for emailLocalPart', () => {
    expect(() => mapperOf({ userName: 'emailLocalPart' })).toThrow(
      /emailDomains must list/,
    );
  });

  it('uses the whole e-mail when configured, within the domains if any', () => {
    expect(mapperOf({ userName: 'email' }).principalFor(alice).userName).toBe(
      'alice.smith@example.com',
    );
    expect(
      refusalOf(
        mapperOf({ userName: 'email', emailDomains: ['corp.example'] }),
        alice,
      ).message,
    ).toMatch(/'example\.com' is not one of/);
  });

  it('refuses a user without e-mail rather than falling back to a name that may be another person', () => {
    // `user:default/bob` without e-mail would be `bob`, and so is the local
    // part of robert's `bob@example.com`.
    const mapper = mapperOf({
      userName: 'emailLocalPart',
      emailDomains: ['example.com'],
    });
    expect(
      mapper.principalFor(
        user('user:default/robert', { email: 'bob@example.com' }),
      ).userName,
    ).toBe('bob');
    expect(refusalOf(mapper, user('user:default/bob')).message).toMatch(
      /has no e-mail/,
    );
  });

  it('refuses an e-mail that is not a plain address', () => {
    const mapper = mapperOf({
      userName: 'emailLocalPart',
      emailDomains: ['example.com'],
    });
    for (const email of [
      'bob\r\nX-Forwarded-User: admin@example.com',
      'bob@evil.example@example.com',
      '"bob"@example.com',
    ]) {
      expect(
        refusalOf(mapper, user('user:default/bob', { email })).message,
      ).toMatch(/is not a plain address/);
    }
  });

  it("refuses names Jenkins reserves for its own users (hudson.model.User's ILLEGAL_PERSISTED_USERNAMES)", () => {
    for (const name of ['anonymous', 'SYSTEM', 'unknown']) {
      expect(
        refusalOf(mapperOf(), user(`user:default/${name}`)).message,
      ).toMatch(/reserves for itself/);
    }
  });

  it('sends whole group refs when configured', () => {
    expect(mapperOf({ groupName: 'ref' }).principalFor(alice).groups).toEqual([
      'group:default/team-payments',
      'group:ops/on-call',
    ]);
  });

  it('keeps a service caller apart from people of the same name', () => {
    expect(
      mapperOf().principalFor({
        userRef: 'external:alice',
        ownershipRefs: [],
        credentials: mockCredentials.service('external:alice'),
        via: 'action',
      }),
    ).toMatchObject({ userName: 'external:alice', groups: [] });
  });

  it('tells the listener once per refused request', () => {
    const onRefused = jest.fn();
    const mapper = new PrincipalMapper(
      { userName: 'name', groupName: 'name', otherNamespaces: 'refuse' },
      { onRefused },
    );
    const contractor = user('user:contractors/alice');
    expect(() => mapper.principalFor(contractor)).toThrow(IdentityMappingError);
    expect(() => mapper.principalFor(contractor)).toThrow(IdentityMappingError);
    expect(onRefused).toHaveBeenCalledTimes(1);
    expect(onRefused.mock.calls[0][1].reason).toMatch(/namespace/);
  });
});
