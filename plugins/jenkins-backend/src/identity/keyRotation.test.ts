import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { decodeProtectedHeader } from 'jose';
import {
  jobIdOf,
  PAYMENTS,
  startJenkinsTestBackend,
} from '../__testUtils__/JenkinsTestBackend';
import { JwtSettings } from '../config/JenkinsConfig';
import { JwtIdentityStrategy } from './JwtIdentityStrategy';
import { SigningKeyStore } from './SigningKeyStore';
import { JenkinsPrincipal } from './types';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** Every replica's `jenkins.identity.keyEncryptionSecret`. */
const SECRET = 'test-key-encryption-secret-0123456789abcdef';

const settings: JwtSettings = {
  issuer: 'backstage',
  audience: 'jenkins',
  algorithm: 'ES256',
  tokenTtlSeconds: 120,
  userClaim: 'preferred_username',
  groupsClaim: 'groups',
  keyRotationIntervalMinutes: 60,
};

const alice: JenkinsPrincipal = {
  userRef: 'user:default/alice',
  userName: 'alice',
  groups: ['team-payments'],
};

const STAGING = jobIdOf('payments/deploy-staging');

describe.each(databases.eachSupportedId())(
  'JWT signing key rotation against Jenkins on %p',
  databaseId => {
    it('rotates without failing a request, and Jenkins accepts old and new keys', async () => {
      const knex = await databases.init(databaseId);
      const env = await startJenkinsTestBackend({
        knex,
        keyEncryptionSecret: SECRET,
      });
      try {
        // The backend signs with the first key; Jenkins fetches the JWKS.
        await env.get(`${PAYMENTS}/jobs`).expect(200);

        // Another replica on the same database.
        const replica = new SigningKeyStore(knex, mockServices.logger.mock(), {
          keyEncryptionSecret: SECRET,
        });
        const before = await new JwtIdentityStrategy(
          { ...settings, audience: env.sim.url },
          replica,
        ).tokenFor(alice);

        const reads = Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            env.get(`${PAYMENTS}/jobs/${STAGING}/builds?limit=${i + 1}`),
          ),
        );
        const newKid = await replica.rotate('ES256');
        const statuses = (await reads).map(r => r.status);
        expect(statuses.every(s => s === 200)).toBe(true);
        await env
          .get(`${PAYMENTS}/jobs/${STAGING}/builds?limit=99`)
          .expect(200);

        // A fresh replica signs with the new key, which Jenkins has not seen.
        const after = await new JwtIdentityStrategy(
          { ...settings, audience: env.sim.url },
          new SigningKeyStore(knex, mockServices.logger.mock(), {
            keyEncryptionSecret: SECRET,
          }),
        ).tokenFor(alice);
        expect(decodeProtectedHeader(after).kid).toBe(newKid);
        expect(decodeProtectedHeader(before).kid).not.toBe(newKid);

        env.sim.control.clearRequests();
        for (const token of [before, after]) {
          const res = await fetch(
            `${env.sim.url}/job/payments/job/deploy-staging/api/json?tree=name`,
            { headers: { Authorization: `Bearer ${token}` } },
          );
          expect(res.status).toBe(200);
        }
        expect(
          env.jenkinsRequests().map(r => [r.realm, r.user, r.groups]),
        ).toEqual([
          ['jwt', 'alice', ['team-payments']],
          ['jwt', 'alice', ['team-payments']],
        ]);
      } finally {
        await env.close();
      }
    });

    it('lets Jenkins treat an expired token as anonymous', async () => {
      const knex = await databases.init(databaseId);
      const env = await startJenkinsTestBackend({
        knex,
        keyEncryptionSecret: SECRET,
      });
      try {
        const store = new SigningKeyStore(knex, mockServices.logger.mock(), {
          keyEncryptionSecret: SECRET,
        });
        // Issued 10 minutes ago: past its 2 minutes and Jenkins' leeway.
        const expired = await new JwtIdentityStrategy(
          { ...settings, audience: env.sim.url },
          store,
          () => Date.now() - 600_000,
        ).tokenFor(alice);
        const res = await fetch(
          `${env.sim.url}/job/payments/job/deploy-staging/api/json?tree=name`,
          { headers: { Authorization: `Bearer ${expired}` } },
        );
        expect(res.status).not.toBe(200);
        expect(env.jenkinsRequests()[0]).toMatchObject({
          realm: 'anonymous',
        });
      } finally {
        await env.close();
      }
    });
  },
);
