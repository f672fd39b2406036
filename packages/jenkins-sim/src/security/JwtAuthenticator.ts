import {
  createRemoteJWKSet,
  customFetch,
  decodeJwt,
  jwtVerify,
  JWTPayload,
} from 'jose';
import type { Identity } from '../model/types';
import type { JwtRealmSettings } from '../scenario/scenarioSchema';
import { nodeHttpFetch } from './nodeHttpFetch';

/** Looks up a display name for a known user id. */
export type DisplayNameLookup = (id: string) => string | undefined;

function splitList(value: string | undefined): string[] | undefined {
  const list = value
    ?.split(',')
    .map(s => s.trim())
    .filter(Boolean);
  return list && list.length > 0 ? list : undefined;
}

function groupsFrom(claim: unknown, separator: string): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim === 'string') {
    return claim
      .split(separator)
      .map(s => s.trim())
      .filter(Boolean);
  }
  return [];
}

/**
 * Verifies bearer JWTs the way the jwt-auth plugin does: keys from a JWKS URL
 * (re-fetched when an unknown `kid` arrives), optional issuer and audience
 * lists, leeway, and user/groups claims. Without a `jwksUrl` the plugin skips
 * the signature check entirely, and so does this.
 */
export class JwtAuthenticator {
  private jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    readonly settings: JwtRealmSettings,
    private readonly displayName: DisplayNameLookup,
  ) {
    if (settings.jwksUrl) {
      this.jwks = createRemoteJWKSet(new URL(settings.jwksUrl), {
        cooldownDuration: 0,
        [customFetch]: nodeHttpFetch,
      });
    }
  }

  /** Returns the identity, or throws when the token is not acceptable. */
  async authenticate(headerValue: string): Promise<Identity> {
    // jwt-auth strips every "Bearer"/"bearer" with String.replace.
    const token = headerValue.replace(/Bearer|bearer/g, '').trim();
    const { settings } = this;
    const issuer = splitList(settings.acceptedIssuer);
    const audience = splitList(settings.acceptedAudience);
    let payload: JWTPayload;
    if (this.jwks) {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer,
        audience,
        clockTolerance: settings.leewaySeconds,
      }));
    } else {
      payload = decodeJwt(token);
      const now = Date.now() / 1000;
      if (
        payload.exp !== undefined &&
        payload.exp + settings.leewaySeconds < now
      ) {
        throw new Error('token expired');
      }
      if (issuer && !issuer.includes(String(payload.iss))) {
        throw new Error('issuer not accepted');
      }
      const aud = ([] as unknown[]).concat(payload.aud ?? []);
      if (audience && !aud.some(a => audience.includes(String(a)))) {
        throw new Error('audience not accepted');
      }
    }
    const user = payload[settings.userClaim];
    if (typeof user !== 'string' || user === '') {
      throw new Error(`claim '${settings.userClaim}' missing`);
    }
    const rawGroups = payload[settings.groupsClaim];
    const groups = groupsFrom(rawGroups, settings.groupsClaimSeparator);
    const fullNameClaim =
      settings.fullNameClaim && payload[settings.fullNameClaim];
    const emailClaim = settings.emailClaim && payload[settings.emailClaim];
    return {
      id: user,
      fullName:
        typeof fullNameClaim === 'string'
          ? fullNameClaim
          : this.displayName(user) ?? user,
      email: typeof emailClaim === 'string' ? emailClaim : undefined,
      groups,
      anonymous: false,
    };
  }
}
