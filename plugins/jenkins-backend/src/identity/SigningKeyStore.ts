import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, JWK } from 'jose';
import { Knex } from 'knex';
import { MAX_TOKEN_TTL_SECONDS } from '../config/JenkinsConfig';

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

/**
 * The `jwt` strategy's signing keys, kept in the plugin database so every
 * replica signs with the same key and publishes the same JWKS.
 *
 * @public
 */
export class SigningKeyStore {
  private readonly active = new Map<
    SigningAlgorithm,
    { key: ActiveSigningKey; loadedAt: number }
  >();

  constructor(
    private readonly knex: Knex,
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {}

  /** The newest key of an algorithm, created on first use. */
  async signingKey(algorithm: SigningAlgorithm): Promise<ActiveSigningKey> {
    const cached = this.active.get(algorithm);
    if (cached && this.now() - cached.loadedAt < ACTIVE_KEY_CACHE_MS) {
      return cached.key;
    }
    let row = await this.newestActiveRow(algorithm);
    if (!row) {
      await this.rotate(algorithm);
      row = await this.newestActiveRow(algorithm);
    }
    if (!row) {
      throw new Error(`No ${algorithm} signing key could be created`);
    }
    const key: ActiveSigningKey = {
      kid: row.kid,
      algorithm,
      privateKey: await importJWK(
        JSON.parse(row.private_key) as JWK,
        algorithm,
      ),
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
        private_key: JSON.stringify(privateJwk),
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
