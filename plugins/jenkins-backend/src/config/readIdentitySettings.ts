import { Config } from '@backstage/config';

/** The shortest `keyEncryptionSecret` accepted: it must be a random secret. */
const MIN_KEY_ENCRYPTION_SECRET_LENGTH = 32;

/** Plugin-wide identity settings (`jenkins.identity`). @public */
export interface IdentitySettings {
  /**
   * Encrypts the `jwt` strategy's private signing keys at rest
   * (`jenkins.identity.keyEncryptionSecret`); required in production.
   */
  keyEncryptionSecret?: string;
}

/**
 * Reads `jenkins.identity` and checks what the `jwt` instances need: in
 * production (`NODE_ENV=production`) with any `jwt` instance the backend
 * refuses to start without `keyEncryptionSecret`, and no two `jwt`
 * instances may share an audience, so that a token minted for one Jenkins
 * is refused by every other.
 */
export function readIdentitySettings(
  config: Config,
  jwtInstances: Array<{ name: string; audience: string }>,
  production: boolean,
): IdentitySettings {
  const secret = config.getOptionalString(
    'jenkins.identity.keyEncryptionSecret',
  );
  if (
    secret !== undefined &&
    secret.length < MIN_KEY_ENCRYPTION_SECRET_LENGTH
  ) {
    throw new Error(
      `jenkins.identity.keyEncryptionSecret must be a random secret of at least ${MIN_KEY_ENCRYPTION_SECRET_LENGTH} characters (e.g. openssl rand -base64 48)`,
    );
  }
  if (production && !secret && jwtInstances.length > 0) {
    throw new Error(
      "jenkins.identity.keyEncryptionSecret is required in production: it encrypts the jwt strategy's private signing keys in the database (app-config.production.yaml reads it from JENKINS_KEY_ENCRYPTION_SECRET)",
    );
  }
  const byAudience = new Map<string, string>();
  for (const instance of jwtInstances) {
    const other = byAudience.get(instance.audience);
    if (other) {
      throw new Error(
        `jenkins.instances '${instance.name}': identity.jwt.audience '${instance.audience}' is also the audience of '${other}'; each instance needs its own, so that a token for one opens no other`,
      );
    }
    byAudience.set(instance.audience, instance.name);
  }
  return { keyEncryptionSecret: secret };
}
