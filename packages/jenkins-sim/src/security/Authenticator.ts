import type { IncomingMessage } from 'node:http';
import type { Identity } from '../model/types';
import type { RealmSettings, Scenario } from '../scenario/scenarioSchema';
import { JwtAuthenticator } from './JwtAuthenticator';

/** The authentication path a request took. */
export type RealmKind = 'basic' | 'jwt' | 'proxy' | 'anonymous';

/** The outcome of authenticating one request. */
export type AuthResult =
  | { ok: true; identity: Identity; realm: RealmKind; jwtError?: string }
  | { ok: false; status: 401; user: string };

/** The anonymous principal. */
export const ANONYMOUS: Identity = {
  id: 'anonymous',
  fullName: 'anonymous',
  groups: [],
  anonymous: true,
};

/**
 * Authenticates a request through the realms a scenario enables, in the
 * order a Jenkins filter chain would: reverse-proxy headers (which win over
 * Basic), Basic API tokens, then a bearer JWT (failures → anonymous).
 */
export class Authenticator {
  private settings: RealmSettings;
  private jwt?: JwtAuthenticator;
  private readonly users: Scenario['users'];

  constructor(scenario: Scenario, overrides?: Partial<RealmSettings>) {
    this.users = scenario.users;
    this.settings = { ...scenario.realm, ...overrides };
    this.rebuildJwt();
  }

  get realm(): RealmSettings {
    return this.settings;
  }

  /** Changes realm settings at runtime; `jwt` fields merge into the current ones. */
  configure(change: {
    basic?: boolean;
    crumbs?: boolean;
    proxyHeaders?: { enabled: boolean };
    jwt?: Partial<NonNullable<RealmSettings['jwt']>> | null;
  }) {
    const next: RealmSettings = { ...this.settings };
    if (change.basic !== undefined) next.basic = change.basic;
    if (change.crumbs !== undefined) next.crumbs = change.crumbs;
    if (change.proxyHeaders) next.proxyHeaders = { ...change.proxyHeaders };
    if (change.jwt === null) next.jwt = null;
    else if (change.jwt) {
      next.jwt = {
        userClaim: 'email',
        groupsClaim: 'groups',
        groupsClaimSeparator: ',',
        leewaySeconds: 0,
        ...next.jwt,
        ...change.jwt,
      };
    }
    this.settings = next;
    this.rebuildJwt();
  }

  private rebuildJwt() {
    const settings = this.settings.jwt;
    // Keep the verifier (and its JWKS cache) unless the JWT settings changed.
    if (
      this.jwt &&
      settings &&
      JSON.stringify(this.jwt.settings) === JSON.stringify(settings)
    ) {
      return;
    }
    this.jwt = settings
      ? new JwtAuthenticator(settings, id => this.userName(id))
      : undefined;
  }

  userName(id: string): string | undefined {
    const user = this.users.find(u => u.id === id);
    return user ? user.name ?? user.id : undefined;
  }

  knownUser(id: string) {
    return this.users.find(u => u.id === id);
  }

  async authenticate(req: IncomingMessage): Promise<AuthResult> {
    const headers = req.headers;
    const proxyUser = headers['x-forwarded-user'];
    if (
      this.settings.proxyHeaders.enabled &&
      typeof proxyUser === 'string' &&
      proxyUser
    ) {
      const groupsHeader = headers['x-forwarded-groups'];
      const displayName = headers['x-forwarded-displayname'];
      const mail = headers['x-forwarded-mail'];
      return {
        ok: true,
        realm: 'proxy',
        identity: {
          id: proxyUser,
          fullName:
            typeof displayName === 'string' && displayName
              ? displayName
              : this.userName(proxyUser) ?? proxyUser,
          email: typeof mail === 'string' ? mail : undefined,
          groups:
            typeof groupsHeader === 'string'
              ? groupsHeader
                  .split('|')
                  .map(g => g.trim())
                  .filter(Boolean)
              : [],
          anonymous: false,
        },
      };
    }
    const authorization = headers.authorization;
    if (
      authorization &&
      /^basic /i.test(authorization) &&
      this.settings.basic
    ) {
      const decoded = Buffer.from(
        authorization.slice(6).trim(),
        'base64',
      ).toString('utf8');
      const colon = decoded.indexOf(':');
      const id = colon === -1 ? decoded : decoded.slice(0, colon);
      const secret = colon === -1 ? '' : decoded.slice(colon + 1);
      const user = this.knownUser(id);
      if (!user || !user.apiTokens.includes(secret)) {
        return { ok: false, status: 401, user: id };
      }
      return {
        ok: true,
        realm: 'basic',
        identity: {
          id: user.id,
          fullName: user.name ?? user.id,
          email: user.email,
          groups: user.groups,
          anonymous: false,
        },
      };
    }
    if (authorization && this.jwt && !/^basic /i.test(authorization)) {
      try {
        return {
          ok: true,
          realm: 'jwt',
          identity: await this.jwt.authenticate(authorization),
        };
      } catch (e) {
        // jwt-auth logs the failure and lets the request continue as anonymous.
        return {
          ok: true,
          realm: 'anonymous',
          identity: ANONYMOUS,
          jwtError: String(e),
        };
      }
    }
    return { ok: true, realm: 'anonymous', identity: ANONYMOUS };
  }
}
