import {
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  randomBytes,
} from 'node:crypto';

/** Marks a stored private key as encrypted, and with which scheme. */
const PREFIX = 'enc:v1:';
const SALT = 'backstage-plugin-jenkins-backend';
const INFO = 'jenkins_signing_keys.private_key v1 aes-256-gcm';
const IV_BYTES = 12;

/**
 * Encrypts the `jwt` strategy's private signing keys at rest: AES-256-GCM
 * with a key derived (HKDF-SHA256) from `jenkins.identity.keyEncryptionSecret`,
 * stored as `enc:v1:<iv>.<tag>.<ciphertext>` (base64url). The key id is the
 * additional authenticated data, so a ciphertext only opens in its own row.
 *
 * @public
 */
export class PrivateKeyCipher {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, SALT, INFO, 32));
  }

  /** Whether a stored value is encrypted (rather than a plaintext JWK). */
  static isEncrypted(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  encrypt(plaintext: string, kid: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(kid, 'utf8'));
    const ciphertext = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
    ]);
    return `${PREFIX}${[iv, cipher.getAuthTag(), ciphertext]
      .map(part => part.toString('base64url'))
      .join('.')}`;
  }

  /** Throws when the value was not encrypted with this secret for this kid. */
  decrypt(stored: string, kid: string): string {
    const parts = stored.slice(PREFIX.length).split('.');
    if (!PrivateKeyCipher.isEncrypted(stored) || parts.length !== 3) {
      throw new Error(`The private key of ${kid} is not an encrypted value`);
    }
    const [iv, tag, ciphertext] = parts.map(p => Buffer.from(p, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from(kid, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(ciphertext),
      decipher.final(),
    ]).toString('utf8');
  }
}
