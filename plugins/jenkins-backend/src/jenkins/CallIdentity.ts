import { createHash } from 'node:crypto';
import { JenkinsInstanceConfig } from '../config/JenkinsConfig';
import { basicAuthorization } from '../identity/basicAuthorization';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { JenkinsRequestContext } from './JenkinsGateway';

/**
 * Who a Jenkins call is made as: the instance's shared read identity, or the
 * person through the instance's identity strategy.
 *
 * @public
 */
export type CallIdentityKind = 'shared-read' | 'person';

/**
 * The identity one Jenkins call is made as, decided once for both the
 * gateway (which sends it) and the cache (which keys reads by it).
 *
 * @public
 */
export interface CallIdentity {
  kind: CallIdentityKind;
  /**
   * What reads are cached under: `shared` for the shared read identity (all
   * people see the same), otherwise a digest of the person's name and groups
   * (what Jenkins decides visibility by).
   */
  cacheKey: string;
  /** The Jenkins user the call is made as, for messages. */
  jenkinsUser: string;
  /** Whether POSTs need the crumb and session cookie round trip. */
  needsCrumb: boolean;
  /** The headers that carry the identity (e.g. `Authorization`). */
  headers(): Promise<Record<string, string>>;
}

/**
 * Which identity a call uses. The shared read identity serves reads only:
 * every read where the instance's reads are `shared`, and with `verified`
 * only reads of a job Jenkins has confirmed the person may read
 * (`ctx.accessVerified`); everything else (every write, every access check)
 * carries the person.
 *
 * `instance` may be undefined for an unknown instance: such a call is keyed
 * per person, and fails in the gateway before it is sent.
 *
 * @public
 */
export function callIdentityKind(
  ctx: JenkinsRequestContext,
  instance: JenkinsInstanceConfig | undefined,
): CallIdentityKind {
  if (ctx.purpose !== 'read' || !instance) return 'person';
  if (instance.reads === 'shared') {
    return instance.readCredentials ? 'shared-read' : 'person';
  }
  return instance.reads === 'verified' && ctx.accessVerified === true
    ? 'shared-read'
    : 'person';
}

/** The principal `verified` reads fetch shared data as, through the strategy. */
const READ_IDENTITY_REF = 'service:jenkins-reads';

/**
 * The cache key of a call's identity, without building its headers (the
 * cache has no identity strategies).
 *
 * @public
 */
export function callIdentityKey(
  ctx: JenkinsRequestContext,
  instance: JenkinsInstanceConfig | undefined,
): string {
  if (callIdentityKind(ctx, instance) === 'shared-read') {
    return 'shared';
  }
  // Sorted groups: the same person in the same groups is the same key.
  return createHash('sha256')
    .update(
      JSON.stringify([
        ctx.principal.userName,
        [...ctx.principal.groups].sort(),
      ]),
    )
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The full identity of a call on a known instance: kind, cache key, headers,
 * crumb need and Jenkins user.
 *
 * @public
 */
export function callIdentityOf(
  ctx: JenkinsRequestContext,
  instance: JenkinsInstanceConfig,
  strategies: IdentityStrategies,
): CallIdentity {
  const cacheKey = callIdentityKey(ctx, instance);
  const readCredentials = instance.readCredentials;
  const shared = callIdentityKind(ctx, instance) === 'shared-read';
  if (shared && readCredentials) {
    return {
      kind: 'shared-read',
      cacheKey,
      jenkinsUser: readCredentials.user,
      // A Basic API token is exempt from CSRF protection.
      needsCrumb: false,
      headers: async () => ({
        Authorization: basicAuthorization(readCredentials),
      }),
    };
  }
  const strategy = strategies.forInstance(instance.name);
  if (shared) {
    // `verified` without an API token: the configured read-only user through
    // the instance's strategy (a short-lived token with `jwt`), or the
    // service account itself.
    const reader = instance.readIdentity
      ? {
          userRef: READ_IDENTITY_REF,
          userName: instance.readIdentity.user,
          groups: instance.readIdentity.groups,
        }
      : ctx.principal;
    return {
      kind: 'shared-read',
      cacheKey,
      jenkinsUser: strategy.describe(reader).jenkinsUser,
      needsCrumb: strategy.needsCrumb,
      headers: () => strategy.headersFor(reader),
    };
  }
  return {
    kind: 'person',
    cacheKey,
    jenkinsUser: strategy.describe(ctx.principal).jenkinsUser,
    needsCrumb: strategy.needsCrumb,
    headers: () => strategy.headersFor(ctx.principal),
  };
}
