import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, JWK } from 'jose';
import { Knex } from 'knex';
import { MAX_TOKEN_TTL_SECONDS } from '../config/JenkinsConfig';
import { PrivateKeyCipher } from './PrivateKeyCipher';

/** A signing algorithm of the `jwt` strategy. @public */
export type SigningAlgorithm = 'ES256' | 'RS256';

/** The key that signs new tokens. @public */
export interface ActiveSigningKey {
  kid: string;
  algorithm: SigningAlgorithm;
  privateKey: CryptoKey | Uint8Array;
}

interface KeyRow {
  kid: string;
  algorithm: string;
  public_key: string;
  private_key: string;
  created_at: string | number;
  retired_at: string | number | null;
}

const TABLE = 'jenkins_signing_keys';

/**
 * How long replicas may keep signing with a key they cached, before they see
 * a rotation in the database.
 */
const ACTIVE_KEY_CACHE_MS = 30_000;

/** Extra time a retired key stays published, for clock skew and JWKS caches. */
const PUBLICATION_MARGIN_MS = 60_000;

/**
 * A retired key stays published until every token it may still have signed
 * has expired: a replica may sign with it for up to the cache time after
 * rotation, and a token lives at most 5 minutes.
 */
export const RETIRED_KEY_PUBLICATION_MS =
  ACTIVE_KEY_CACHE_MS + MAX_TOKEN_TTL_SECONDS * 1000 + PUBLICATION_MARGIN_MS;

/** Options of {@link SigningKeyStore}. @public */
export interface SigningKeyStoreOptions {
  now?: () => number;
  /**
   * `jenkins.identity.keyEncryptionSecret`: private keys are stored
   * encrypted with it. Without it (development only; production refuses to
   * start) they are stored as plaintext JWKs.
   */
  keyEncryptionSecret?: string;
}

/**
 * The `jwt` strategy's signing keys, kept in the plugin database so every
 * replica signs with the same key and publishes the same JWKS. Private keys
 * are encrypted at rest (see {@link PrivateKeyCipher}); plaintext keys of
 * earlier versions are still read, and re-encrypted once a secret is set. A
 * key the secret cannot open (the secret changed) is replaced by a fresh
 * one rather than failing requests; its public half stays published.
 *
 * @public
 */
export class SigningKeyStore {
  private readonly active = new Map<
    SigningAlgorithm,
    { key: ActiveSigningKey; loadedAt: number }
  >();
  private readonly now: () => number;
  private readonly cipher?: PrivateKeyCipher;

  constructor(
    private readonly knex: Knex,
    private readonly logger: LoggerService,
    options: SigningKeyStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.cipher = options.keyEncryptionSecret
      ? new PrivateKeyCipher(options.keyEncryptionSecret)
      : undefined;
  }

  /** The newest key of an algorithm, created on first use. */
  async signingKey(algorithm: SigningAlgorithm): Promise<ActiveSigningKey> {
    const cached = this.active.get(algorithm);
    if (cached && this.now() - cached.loadedAt < ACTIVE_KEY_CACHE_MS) {
      return cached.key;
    }
    let row = await this.newestActiveRow(algorithm);
    let privateJwk = row && (await this.openPrivateKey(row));
    if (!privateJwk) {
      await this.rotate(algorithm);
      row = await this.newestActiveRow(algorithm);
      privateJwk = row && (await this.openPrivateKey(row));
    }
    if (!row || !privateJwk) {
      throw new Error(`No ${algorithm} signing key could be created`);
    }
    const key: ActiveSigningKey = {
      kid: row.kid,
      algorithm,
      privateKey: await importJWK(privateJwk, algorithm),
    };
    this.active.set(algorithm, { key, loadedAt: this.now() });
    return key;
  }

  /**
   * Creates a new signing key, retires the previous ones of the same
   * algorithm (they stay published until their tokens expired) and drops
   * keys nobody can hold a valid token of any more.
   */
  async rotate(algorithm: SigningAlgorithm): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(algorithm, {
      extractable: true,
    });
    const kid = randomUUID();
    const now = this.now();
    const publicJwk = {
      ...(await exportJWK(publicKey)),
      kid,
      alg: algorithm,
      use: 'sig',
    };
    const privateJwk = {
      ...(await exportJWK(privateKey)),
      kid,
      alg: algorithm,
    };
    await this.knex.transaction(async tx => {
      await tx(TABLE)
        .where({ algorithm })
        .whereNull('retired_at')
        .update({ retired_at: now });
      await tx(TABLE).insert({
        kid,
        algorithm,
        public_key: JSON.stringify(publicJwk),
        private_key: this.seal(JSON.stringify(privateJwk), kid),
        created_at: now,
        retired_at: null,
      });
      await tx(TABLE)
        .whereNotNull('retired_at')
        .where('retired_at', '<', now - RETIRED_KEY_PUBLICATION_MS)
        .delete();
    });
    this.active.delete(algorithm);
    this.logger.info(
      `Rotated the ${algorithm} JWT signing key, new kid ${kid}`,
    );
    return kid;
  }

  /**
   * Encrypts every private key still stored as plaintext (written before a
   * secret was set); returns how many. Run at startup.
   */
  async encryptPlaintextKeys(): Promise<number> {
    if (!this.cipher) {
      return 0;
    }
    const rows: KeyRow[] = await this.knex(TABLE).whereNot(
      'private_key',
      'like',
      'enc:%',
    );
    let encrypted = 0;
    for (const row of rows) {
      encrypted += await this.reseal(row);
    }
    if (encrypted > 0) {
      this.logger.info(`Encrypted ${encrypted} stored JWT signing key(s)`);
    }
    return encrypted;
  }

  /** Rotates when the active key is older than the interval (or missing). */
  async rotateIfDue(
    algorithm: SigningAlgorithm,
    intervalMs: number,
  ): Promise<boolean> {
    const row = await this.newestActiveRow(algorithm);
    if (row && this.now() - Number(row.created_at) < intervalMs) {
      return false;
    }
    await this.rotate(algorithm);
    return true;
  }

  /** The public keys to publish: active ones and retired ones still in use. */
  async publicKeys(): Promise<JWK[]> {
    const rows: KeyRow[] = await this.knex(TABLE)
      .where(q =>
        q
          .whereNull('retired_at')
          .orWhere('retired_at', '>=', this.now() - RETIRED_KEY_PUBLICATION_MS),
      )
      .orderBy('created_at', 'desc');
    return rows.map(row => JSON.parse(row.public_key) as JWK);
  }

  private seal(privateJwk: string, kid: string): string {
    if (!this.cipher) {
      this.logger.warn(
        'JWT private signing keys are stored unencrypted: set jenkins.identity.keyEncryptionSecret',
      );
      return privateJwk;
    }
    return this.cipher.encrypt(privateJwk, kid);
  }

  /** A row's private JWK; undefined when this replica cannot open it. */
  private async openPrivateKey(row: KeyRow): Promise<JWK | undefined> {
    if (!PrivateKeyCipher.isEncrypted(row.private_key)) {
      await this.reseal(row);
      return JSON.parse(row.private_key) as JWK;
    }
    try {
      if (!this.cipher) {
        throw new Error('jenkins.identity.keyEncryptionSecret is not set');
      }
      return JSON.parse(this.cipher.decrypt(row.private_key, row.kid)) as JWK;
    } catch (error) {
      this.logger.error(
        `Cannot decrypt JWT signing key ${row.kid} (did jenkins.identity.keyEncryptionSecret change?); signing with a new key`,
        error as Error,
      );
      return undefined;
    }
  }

  /** Encrypts a plaintext row in place, unless another replica did; 1 if done. */
  private async reseal(row: KeyRow): Promise<number> {
    if (!this.cipher || PrivateKeyCipher.isEncrypted(row.private_key)) {
      return 0;
    }
    try {
      return await this.knex(TABLE)
        .where({ kid: row.kid, private_key: row.private_key })
        .update({ private_key: this.cipher.encrypt(row.private_key, row.kid) });
    } catch (error) {
      this.logger.warn(
        `Could not encrypt JWT signing key ${row.kid}`,
        error as Error,
      );
      return 0;
    }
  }

  private async newestActiveRow(
    algorithm: SigningAlgorithm,
  ): Promise<KeyRow | undefined> {
    return this.knex<KeyRow>(TABLE)
      .where({ algorithm })
      .whereNull('retired_at')
      .orderBy('created_at', 'desc')
      .first();
  }
}
