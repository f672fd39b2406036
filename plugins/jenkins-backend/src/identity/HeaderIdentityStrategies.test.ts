import { validateHeaderValue } from 'node:http';
import { IdentityMappingError } from './IdentityMappingError';
import { ProxyHeadersIdentityStrategy } from './ProxyHeadersIdentityStrategy';
import { ServiceAccountIdentityStrategy } from './ServiceAccountIdentityStrategy';
import { JenkinsPrincipal } from './types';

const bob: JenkinsPrincipal = {
  userRef: 'user:default/bob',
  userName: 'bob',
  groups: ['release-managers', 'team-payments'],
  email: 'bob@example.com',
  displayName: 'Bob',
};

const proxySettings = {
  userHeader: 'X-Forwarded-User',
  groupsHeader: 'X-Forwarded-Groups',
  groupsSeparator: '|',
  mailHeader: 'X-Forwarded-Mail',
  displayNameHeader: 'X-Forwarded-DisplayName',
};

describe('ProxyHeadersIdentityStrategy', () => {
  it('sends the person in X-Forwarded headers with |-separated groups', async () => {
    const strategy = new ProxyHeadersIdentityStrategy(proxySettings);
    expect(await strategy.headersFor(bob)).toEqual({
      'X-Forwarded-User': 'bob',
      'X-Forwarded-Groups': 'release-managers|team-payments',
      'X-Forwarded-Mail': 'bob@example.com',
      'X-Forwarded-DisplayName': 'Bob',
    });
    expect(strategy.needsCrumb).toBe(true);
    expect(strategy.describe(bob)).toEqual({
      strategy: 'proxy-headers',
      jenkinsUser: 'bob',
    });
  });

  it('adds the instance service credentials when configured', async () => {
    const strategy = new ProxyHeadersIdentityStrategy({
      ...proxySettings,
      serviceCredentials: { user: 'backstage', apiToken: 's3cret' },
    });
    expect((await strategy.headersFor(bob)).Authorization).toBe(
      `Basic ${Buffer.from('backstage:s3cret').toString('base64')}`,
    );
  });

  it('encodes display names that are not valid header values', async () => {
    const strategy = new ProxyHeadersIdentityStrategy(proxySettings);
    const headers = await strategy.headersFor({ ...bob, displayName: 'Bøb' });
    expect(headers['X-Forwarded-DisplayName']).toBe('B%C3%B8b');
  });

  it('percent-encodes display names beyond Latin-1, which a header cannot carry', async () => {
    const strategy = new ProxyHeadersIdentityStrategy(proxySettings);
    const headers = await strategy.headersFor({
      ...bob,
      displayName: '李小龍 🚀',
    });
    expect(headers['X-Forwarded-DisplayName']).toBe(
      encodeURIComponent('李小龍 🚀'),
    );
    // What Node would send without complaint.
    expect(() =>
      validateHeaderValue(
        'X-Forwarded-DisplayName',
        headers['X-Forwarded-DisplayName'],
      ),
    ).not.toThrow();
  });

  it.each([
    [
      'a display name with CR/LF',
      { displayName: 'Bob\r\nX-Forwarded-User: admin' },
    ],
    ['a display name with a bare LF', { displayName: 'Bob\nadmin' }],
    [
      'an e-mail with CR/LF',
      { email: 'bob@example.com\r\nX-Forwarded-Groups: admins' },
    ],
    ['a user name beyond ASCII', { userName: 'bøb' }],
    ['a user name with a space', { userName: 'bob admin' }],
    ['a group holding the separator', { groups: ['team-payments|admins'] }],
    ['a group with CR/LF', { groups: ['team\r\npayments'] }],
  ])('refuses %s with a 403 before anything is sent', async (_, change) => {
    const strategy = new ProxyHeadersIdentityStrategy(proxySettings);
    const person = { ...bob, ...change };
    const refusal = strategy.headersFor(person);
    await expect(refusal).rejects.toBeInstanceOf(IdentityMappingError);
    await expect(refusal).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(
        /^Jenkins cannot be told who you are \(user:default\/bob\): .* cannot be sent in a proxy header$/,
      ),
    });
    expect(() => strategy.check(person)).toThrow(IdentityMappingError);
  });
});

describe('ServiceAccountIdentityStrategy', () => {
  it('sends the bot token without a crumb and says Jenkins sees the bot', async () => {
    const strategy = new ServiceAccountIdentityStrategy({
      user: 'backstage-bot',
      apiToken: 'bot-token',
    });
    expect(await strategy.headersFor(bob)).toEqual({
      Authorization: `Basic ${Buffer.from('backstage-bot:bot-token').toString(
        'base64',
      )}`,
    });
    expect(strategy.needsCrumb).toBe(false);
    const identity = strategy.describe(bob);
    expect(identity.jenkinsUser).toBe('backstage-bot');
    expect(identity.notice).toMatch(
      /Jenkins sees the service account 'backstage-bot', not you \(bob\)/,
    );
  });
});
