import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
} from 'jose';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { JwtSettings } from '../config/JenkinsConfig';
import { JwtIdentityStrategy } from './JwtIdentityStrategy';
import { SigningKeyStore } from './SigningKeyStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const SECRET = 'test-key-encryption-secret-0123456789abcdef';
const OTHER_SECRET = 'another-key-encryption-secret-9876543210fedcba';

const settings: JwtSettings = {
  issuer: 'backstage',
  audience: 'https://jenkins.example',
  algorithm: 'ES256',
  tokenTtlSeconds: 120,
  userClaim: 'preferred_username',
  groupsClaim: 'groups',
  keyRotationIntervalMinutes: 1440,
};

const alice = {
  userRef: 'user:default/alice',
  userName: 'alice',
  groups: ['team-payments'],
};

async function migrated(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  return applyDatabaseMigrations(mockServices.database({ knex }));
}

function storeOn(knex: Knex, keyEncryptionSecret?: string) {
  return new SigningKeyStore(knex, mockServices.logger.mock(), {
    keyEncryptionSecret,
  });
}

async function privateColumns(knex: Knex): Promise<Record<string, string>> {
  const rows = await knex('jenkins_signing_keys').select('kid', 'private_key');
  return Object.fromEntries(rows.map(r => [r.kid, r.private_key]));
}

/** Signs as alice and verifies against the store's JWKS. */
async function signAndVerify(store: SigningKeyStore) {
  const token = await new JwtIdentityStrategy(settings, store).tokenFor(alice);
  const jwks = createLocalJWKSet({ keys: await store.publicKeys() });
  await jwtVerify(token, jwks, { audience: settings.audience });
  return decodeProtectedHeader(token).kid!;
}

/** A key row as versions before encryption wrote it: a plaintext JWK. */
async function insertPlaintextKey(knex: Knex, kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', {
    extractable: true,
  });
  await knex('jenkins_signing_keys').insert({
    kid,
    algorithm: 'ES256',
    public_key: JSON.stringify({
      ...(await exportJWK(publicKey)),
      kid,
      alg: 'ES256',
      use: 'sig',
    }),
    private_key: JSON.stringify({
      ...(await exportJWK(privateKey)),
      kid,
      alg: 'ES256',
    }),
    created_at: Date.now(),
    retired_at: null,
  });
}

describe.each(databases.eachSupportedId())(
  'SigningKeyStore at rest on %p',
  databaseId => {
    it('stores private keys encrypted, never as a plaintext JWK', async () => {
      const knex = await migrated(databaseId);
      const store = storeOn(knex, SECRET);
      const kid = await signAndVerify(store);
      await store.rotate('RS256');

      const stored = Object.values(await privateColumns(knex));
      expect(stored).toHaveLength(2);
      for (const value of stored) {
        expect(value).toMatch(/^enc:v1:[\w-]+\.[\w-]+\.[\w-]+$/);
        expect(value).not.toContain('"d"');
        expect(() => JSON.parse(value)).toThrow();
      }
      // Another replica with the same secret signs with the same key.
      expect(await signAndVerify(storeOn(knex, SECRET))).toBe(kid);
    });

    it('keeps signing with a plaintext key of an earlier version, then encrypts it', async () => {
      const knex = await migrated(databaseId);
      await insertPlaintextKey(knex, 'old-plaintext-kid');

      const store = storeOn(knex, SECRET);
      expect(await signAndVerify(store)).toBe('old-plaintext-kid');
      expect((await privateColumns(knex))['old-plaintext-kid']).toMatch(
        /^enc:v1:/,
      );
      // Still the same key, now read back encrypted.
      expect(await signAndVerify(storeOn(knex, SECRET))).toBe(
        'old-plaintext-kid',
      );
    });

    it('encrypts every plaintext key at startup', async () => {
      const knex = await migrated(databaseId);
      await insertPlaintextKey(knex, 'plain-1');
      await insertPlaintextKey(knex, 'plain-2');
      expect(await storeOn(knex).encryptPlaintextKeys()).toBe(0);
      expect(await storeOn(knex, SECRET).encryptPlaintextKeys()).toBe(2);
      expect(Object.values(await privateColumns(knex))).toEqual([
        expect.stringMatching(/^enc:v1:/),
        expect.stringMatching(/^enc:v1:/),
      ]);
      expect(await storeOn(knex, SECRET).encryptPlaintextKeys()).toBe(0);
    });

    it('signs with a fresh key when the secret cannot open the stored one', async () => {
      const knex = await migrated(databaseId);
      const oldKid = await signAndVerify(storeOn(knex, SECRET));

      const changed = storeOn(knex, OTHER_SECRET);
      const newKid = await signAndVerify(changed);
      expect(newKid).not.toBe(oldKid);
      // The old key's public half stays published for its tokens.
      expect((await changed.publicKeys()).map(k => k.kid)).toEqual(
        expect.arrayContaining([oldKid, newKid]),
      );
    });
  },
);
