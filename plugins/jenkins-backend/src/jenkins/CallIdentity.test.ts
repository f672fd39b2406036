import { ConfigReader } from '@backstage/config';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { SigningKeyStore } from '../identity/SigningKeyStore';
import { callIdentityKey, callIdentityOf } from './CallIdentity';
import { JenkinsRequestContext } from './JenkinsGateway';

function setup(reads: 'perUser' | 'shared') {
  const config = readJenkinsConfig(
    new ConfigReader({
      jenkins: {
        instances: [
          {
            name: 'default',
            baseUrl: 'http://jenkins',
            identity: {
              strategy: 'proxy-headers',
              proxyHeaders: { serviceUser: 'svc', serviceApiToken: 't' },
            },
            reads,
            readCredentials: { user: 'reader', apiToken: 'read-token' },
          },
        ],
      },
    }),
  );
  const instance = config.instances.get('default')!;
  const strategies = new IdentityStrategies(config, {} as SigningKeyStore);
  return { instance, strategies };
}

function ctx(
  purpose: 'read' | 'write',
  groups = ['b', 'a'],
): JenkinsRequestContext {
  return {
    instance: 'default',
    principal: { userRef: 'user:default/alice', userName: 'alice', groups },
    purpose,
  };
}

describe('callIdentityOf', () => {
  it('reads as the shared read identity where reads are shared', async () => {
    const { instance, strategies } = setup('shared');
    const identity = callIdentityOf(ctx('read'), instance, strategies);
    expect(identity).toMatchObject({
      kind: 'shared-read',
      cacheKey: 'shared',
      jenkinsUser: 'reader',
      needsCrumb: false,
    });
    expect(await identity.headers()).toEqual({
      Authorization: `Basic ${Buffer.from('reader:read-token').toString(
        'base64',
      )}`,
    });
  });

  it('writes as the person even where reads are shared', async () => {
    const { instance, strategies } = setup('shared');
    const identity = callIdentityOf(ctx('write'), instance, strategies);
    expect(identity).toMatchObject({
      kind: 'person',
      jenkinsUser: 'alice',
      needsCrumb: true,
    });
    expect(identity.cacheKey).not.toBe('shared');
    expect(await identity.headers()).toMatchObject({
      'X-Forwarded-User': 'alice',
    });
  });

  it('keys a person by name and groups, whatever the group order', () => {
    const { instance, strategies } = setup('perUser');
    const identity = callIdentityOf(ctx('read'), instance, strategies);
    expect(identity.kind).toBe('person');
    expect(identity.cacheKey).toBe(
      callIdentityKey(ctx('read', ['a', 'b']), instance),
    );
    expect(identity.cacheKey).not.toBe(
      callIdentityKey(ctx('read', ['a']), instance),
    );
    // The cache keys a call on an unknown instance per person too.
    expect(callIdentityKey(ctx('read'), undefined)).toBe(identity.cacheKey);
  });
});

describe('callIdentityOf with verified reads', () => {
  function verified(extra: Record<string, unknown>) {
    const config = readJenkinsConfig(
      new ConfigReader({
        jenkins: {
          instances: [
            {
              name: 'default',
              baseUrl: 'http://jenkins',
              identity: {
                strategy: 'proxy-headers',
                proxyHeaders: { serviceUser: 'svc', serviceApiToken: 't' },
              },
              ...extra,
            },
          ],
        },
      }),
    );
    return {
      instance: config.instances.get('default')!,
      strategies: new IdentityStrategies(config, {} as SigningKeyStore),
    };
  }

  it('reads a verified job as the read identity, through the strategy', async () => {
    const { instance, strategies } = verified({
      readIdentity: { user: 'backstage-reader', groups: ['readers'] },
    });
    expect(instance.reads).toBe('verified');
    const identity = callIdentityOf(
      { ...ctx('read'), accessVerified: true },
      instance,
      strategies,
    );
    expect(identity).toMatchObject({
      kind: 'shared-read',
      cacheKey: 'shared',
      jenkinsUser: 'backstage-reader',
    });
    expect(await identity.headers()).toMatchObject({
      'X-Forwarded-User': 'backstage-reader',
      'X-Forwarded-Groups': 'readers',
    });
  });

  it('checks access, and reads what was not verified, as the person', async () => {
    const { instance, strategies } = verified({
      readIdentity: { user: 'backstage-reader' },
    });
    for (const call of [
      ctx('read'),
      { ...ctx('write'), accessVerified: true },
    ]) {
      const identity = callIdentityOf(call, instance, strategies);
      expect(identity.kind).toBe('person');
      expect(identity.cacheKey).not.toBe('shared');
      expect(await identity.headers()).toMatchObject({
        'X-Forwarded-User': 'alice',
      });
    }
  });

  it('prefers readCredentials (an API token) where given', async () => {
    const { instance, strategies } = verified({
      reads: 'verified',
      readCredentials: { user: 'reader', apiToken: 'read-token' },
    });
    const identity = callIdentityOf(
      { ...ctx('read'), accessVerified: true },
      instance,
      strategies,
    );
    expect(identity).toMatchObject({ kind: 'shared-read', needsCrumb: false });
    expect((await identity.headers()).Authorization).toMatch(/^Basic /);
  });
});
