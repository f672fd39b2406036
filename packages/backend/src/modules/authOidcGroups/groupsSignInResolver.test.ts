import { NotAllowedError } from '@backstage/errors';
import type { AuthResolverContext } from '@backstage/plugin-auth-node';
import {
  emailMatchingUserWithIdpGroups,
  groupRefsFromClaim,
} from './groupsSignInResolver';

describe('groupRefsFromClaim', () => {
  it('maps group names to default-namespace group refs', () => {
    expect(groupRefsFromClaim(['team-payments', 'Release-Managers'])).toEqual([
      'group:default/team-payments',
      'group:default/release-managers',
    ]);
  });

  it('keeps full group refs and drops other kinds, duplicates and junk', () => {
    expect(
      groupRefsFromClaim([
        'group:ops/platform',
        'user:default/alice',
        'team-payments',
        'group:default/team-payments',
        'not a name',
        42,
        '',
      ]),
    ).toEqual(['group:ops/platform', 'group:default/team-payments']);
  });

  it('treats a missing or malformed claim as no groups', () => {
    expect(groupRefsFromClaim(undefined)).toEqual([]);
    expect(groupRefsFromClaim('team-payments')).toEqual([]);
  });
});

describe('emailMatchingUserWithIdpGroups', () => {
  const alice = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: { profile: { email: 'alice@example.com' } },
  };

  function context() {
    return {
      findCatalogUser: jest.fn(async () => ({ entity: alice })),
      issueToken: jest.fn(async () => ({ token: 'backstage-token' })),
    } as unknown as jest.Mocked<AuthResolverContext>;
  }

  function signInInfo(userinfo: Record<string, unknown>) {
    return {
      profile: {},
      result: {
        fullProfile: { userinfo, tokenset: {} },
        session: { accessToken: 'a', tokenType: 'bearer', scope: 'openid' },
      },
    } as any;
  }

  it('issues the user ref plus the IdP groups as ownership', async () => {
    const ctx = context();
    const result = await emailMatchingUserWithIdpGroups(
      signInInfo({
        sub: 'alice',
        email: 'alice@example.com',
        email_verified: true,
        groups: ['team-payments'],
      }),
      ctx,
    );
    expect(result).toEqual({ token: 'backstage-token' });
    expect(ctx.findCatalogUser).toHaveBeenCalledWith({
      filter: { 'spec.profile.email': 'alice@example.com' },
    });
    expect(ctx.issueToken).toHaveBeenCalledWith({
      claims: {
        sub: 'user:default/alice',
        ent: ['user:default/alice', 'group:default/team-payments'],
      },
    });
  });

  it('gives a person without IdP groups only their own ref', async () => {
    const ctx = context();
    await emailMatchingUserWithIdpGroups(
      signInInfo({ email: 'alice@example.com', email_verified: true }),
      ctx,
    );
    expect(ctx.issueToken).toHaveBeenCalledWith({
      claims: { sub: 'user:default/alice', ent: ['user:default/alice'] },
    });
  });

  it('refuses an unverified e-mail without looking the user up', async () => {
    const ctx = context();
    await expect(
      emailMatchingUserWithIdpGroups(
        signInInfo({ email: 'alice@example.com', email_verified: false }),
        ctx,
      ),
    ).rejects.toThrow(NotAllowedError);
    expect(ctx.findCatalogUser).not.toHaveBeenCalled();
  });

  it('fails the sign-in when no catalog user has the e-mail', async () => {
    const ctx = context();
    ctx.findCatalogUser.mockRejectedValue(new Error('User not found'));
    await expect(
      emailMatchingUserWithIdpGroups(
        signInInfo({ email: 'mallory@example.com', email_verified: true }),
        ctx,
      ),
    ).rejects.toThrow('User not found');
    expect(ctx.issueToken).not.toHaveBeenCalled();
  });
});
