import { JenkinsIdentity } from '@internal/plugin-jenkins-common';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { JwtSettings } from '../config/JenkinsConfig';
import { SigningKeyStore } from './SigningKeyStore';
import { IdentityStrategy, JenkinsPrincipal } from './types';

/**
 * Signs a short-lived JWT per person and request, sent as
 * `Authorization: Bearer`, for Jenkins' jwt-auth plugin to verify against the
 * backend's JWKS (`/api/jenkins/.well-known/jwks.json`). The `aud` is the
 * instance's own (by default its base URL), so a token minted for one Jenkins
 * is refused by every other.
 *
 * @public
 */
export class JwtIdentityStrategy implements IdentityStrategy {
  readonly name = 'jwt' as const;
  /** jwt-auth is a security realm filter, not API-token auth: POSTs need a crumb. */
  readonly needsCrumb = true;

  constructor(
    private readonly settings: JwtSettings,
    private readonly keys: SigningKeyStore,
    private readonly now: () => number = Date.now,
  ) {}

  async headersFor(
    principal: JenkinsPrincipal,
  ): Promise<Record<string, string>> {
    return { Authorization: `Bearer ${await this.tokenFor(principal)}` };
  }

  /** A fresh token for the person. */
  async tokenFor(principal: JenkinsPrincipal): Promise<string> {
    const key = await this.keys.signingKey(this.settings.algorithm);
    const issuedAt = Math.floor(this.now() / 1000);
    const claims: Record<string, unknown> = {
      sub: principal.userRef,
      [this.settings.groupsClaim]: principal.groups,
    };
    if (principal.email) {
      claims.email = principal.email;
    }
    if (principal.displayName) {
      claims.name = principal.displayName;
    }
    // Last, so that it wins whatever it is called (`sub`, `email`, `name`):
    // Jenkins must see exactly the mapped user.
    claims[this.settings.userClaim] = principal.userName;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: 'JWT' })
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.settings.tokenTtlSeconds)
      .setJti(randomUUID())
      .sign(key.privateKey);
  }

  describe(principal: JenkinsPrincipal): JenkinsIdentity {
    return { strategy: 'jwt', jenkinsUser: principal.userName };
  }
}
