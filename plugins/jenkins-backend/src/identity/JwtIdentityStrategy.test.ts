import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { ConfigReader } from '@backstage/config';
import { JwtSettings, readJenkinsConfig } from '../config/JenkinsConfig';
import { JwtIdentityStrategy } from './JwtIdentityStrategy';
import { RETIRED_KEY_PUBLICATION_MS, SigningKeyStore } from './SigningKeyStore';
import { JenkinsPrincipal } from './types';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const SECRET = 'test-key-encryption-secret-0123456789abcdef';

const settings: JwtSettings = {
  issuer: 'backstage',
  audience: 'jenkins',
  algorithm: 'ES256',
  tokenTtlSeconds: 120,
  userClaim: 'preferred_username',
  groupsClaim: 'groups',
  keyRotationIntervalMinutes: 1440,
};

const alice: JenkinsPrincipal = {
  userRef: 'user:default/alice',
  userName: 'alice',
  groups: ['team-payments'],
  email: 'alice@example.com',
  displayName: 'Alice',
};

async function setup(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex });
  let now = Date.UTC(2026, 10, 28, 12);
  const clock = {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
  const store = new SigningKeyStore(
    await applyDatabaseMigrations(database),
    mockServices.logger.mock(),
    { now: clock.now, keyEncryptionSecret: SECRET },
  );
  return { knex, store, clock };
}

async function verify(store: SigningKeyStore, token: string, now: number) {
  const jwks = createLocalJWKSet({ keys: await store.publicKeys() });
  return jwtVerify(token, jwks, {
    issuer: 'backstage',
    audience: 'jenkins',
    currentDate: new Date(now),
  });
}

describe.each(databases.eachSupportedId())('JWT identity on %p', databaseId => {
  it('signs a short-lived ES256 token naming the person and their groups', async () => {
    const { store, clock } = await setup(databaseId);
    const strategy = new JwtIdentityStrategy(settings, store, clock.now);

    const headers = await strategy.headersFor(alice);
    const token = headers.Authorization.replace(/^Bearer /, '');
    const { payload, protectedHeader } = await verify(
      store,
      token,
      clock.now(),
    );

    expect(protectedHeader.alg).toBe('ES256');
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload).toMatchObject({
      iss: 'backstage',
      aud: 'jenkins',
      sub: 'user:default/alice',
      preferred_username: 'alice',
      groups: ['team-payments'],
      email: 'alice@example.com',
      name: 'Alice',
      jti: expect.any(String),
    });
    expect(payload.exp! - payload.iat!).toBe(120);
  });

  it('signs RS256 tokens when configured', async () => {
    const { store, clock } = await setup(databaseId);
    const strategy = new JwtIdentityStrategy(
      { ...settings, algorithm: 'RS256' },
      store,
      clock.now,
    );
    const token = await strategy.tokenFor(alice);
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    await expect(verify(store, token, clock.now())).resolves.toBeDefined();
  });

  it('gives every token its own jti', async () => {
    const { store, clock } = await setup(databaseId);
    const strategy = new JwtIdentityStrategy(settings, store, clock.now);
    const [a, b] = await Promise.all([
      strategy.tokenFor(alice),
      strategy.tokenFor(alice),
    ]);
    const jtiOf = (t: string) =>
      JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString()).jti;
    expect(jtiOf(a)).not.toBe(jtiOf(b));
  });

  it('keeps a token signed before rotation verifiable until it expires', async () => {
    const { store, clock } = await setup(databaseId);
    const strategy = new JwtIdentityStrategy(settings, store, clock.now);
    const before = await strategy.tokenFor(alice);
    const oldKid = decodeProtectedHeader(before).kid;

    const newKid = await store.rotate('ES256');
    clock.advance(60_000);
    const after = await strategy.tokenFor(alice);

    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    const published = (await store.publicKeys()).map(k => k.kid);
    expect(published).toEqual(expect.arrayContaining([oldKid, newKid]));
    await expect(verify(store, before, clock.now())).resolves.toBeDefined();
    await expect(verify(store, after, clock.now())).resolves.toBeDefined();
  });

  it('unpublishes a retired key once every token it signed has expired', async () => {
    const { store, clock } = await setup(databaseId);
    const oldKid = (await store.signingKey('ES256')).kid;
    await store.rotate('ES256');

    clock.advance(RETIRED_KEY_PUBLICATION_MS - 1000);
    expect((await store.publicKeys()).map(k => k.kid)).toContain(oldKid);

    clock.advance(2000);
    expect((await store.publicKeys()).map(k => k.kid)).not.toContain(oldKid);
  });

  it('publishes only public key material', async () => {
    const { store } = await setup(databaseId);
    await store.signingKey('ES256');
    await store.signingKey('RS256');
    const keys = await store.publicKeys();
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).not.toHaveProperty('d');
      expect(key).toMatchObject({ use: 'sig', kid: expect.any(String) });
    }
  });

  it('shares keys between replicas through the database', async () => {
    const { knex, store, clock } = await setup(databaseId);
    const replica = new SigningKeyStore(knex, mockServices.logger.mock(), {
      now: clock.now,
      keyEncryptionSecret: SECRET,
    });
    const token = await new JwtIdentityStrategy(
      settings,
      store,
      clock.now,
    ).tokenFor(alice);
    await expect(verify(replica, token, clock.now())).resolves.toBeDefined();
    expect((await replica.signingKey('ES256')).kid).toBe(
      decodeProtectedHeader(token).kid,
    );
  });

  it('rotates only when the active key is older than the interval', async () => {
    const { store, clock } = await setup(databaseId);
    const first = (await store.signingKey('ES256')).kid;
    expect(await store.rotateIfDue('ES256', 3_600_000)).toBe(false);
    clock.advance(3_600_000);
    expect(await store.rotateIfDue('ES256', 3_600_000)).toBe(true);
    clock.advance(31_000);
    expect((await store.signingKey('ES256')).kid).not.toBe(first);
  });

  it.each(['sub', 'name', 'email'])(
    'lets the configured user claim %p win over the claims of the same name',
    async userClaim => {
      const { store, clock } = await setup(databaseId);
      const strategy = new JwtIdentityStrategy(
        { ...settings, userClaim },
        store,
        clock.now,
      );
      const { payload } = await verify(
        store,
        await strategy.tokenFor(alice),
        clock.now(),
      );
      // Jenkins must see exactly the mapped user, whatever the claim is.
      expect(payload[userClaim]).toBe('alice');
      expect(payload.groups).toEqual(['team-payments']);
    },
  );

  it("gives each instance its own audience, so a token for one is refused by another's", async () => {
    const { store, clock } = await setup(databaseId);
    const config = readJenkinsConfig(
      new ConfigReader({
        jenkins: {
          instances: [
            {
              name: 'a',
              baseUrl: 'https://a.jenkins.example/',
              identity: { strategy: 'jwt' },
            },
            {
              name: 'b',
              baseUrl: 'https://b.jenkins.example',
              identity: { strategy: 'jwt' },
            },
          ],
        },
      }),
    );
    const a = config.instances.get('a')!.jwt;
    const b = config.instances.get('b')!.jwt;
    expect(a.audience).toBe('https://a.jenkins.example');
    expect(b.audience).toBe('https://b.jenkins.example');

    const forA = await new JwtIdentityStrategy(a, store, clock.now).tokenFor(
      alice,
    );
    const jwks = createLocalJWKSet({ keys: await store.publicKeys() });
    const verifyAs = (audience: string) =>
      jwtVerify(forA, jwks, {
        issuer: 'backstage',
        audience,
        currentDate: new Date(clock.now()),
      });
    await expect(verifyAs(a.audience)).resolves.toMatchObject({
      payload: { aud: 'https://a.jenkins.example' },
    });
    await expect(verifyAs(b.audience)).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim: 'aud',
    });
  });
});
