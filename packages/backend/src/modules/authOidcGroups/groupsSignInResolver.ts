import {
  DEFAULT_NAMESPACE,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import type {
  BackstageSignInResult,
  OAuthAuthenticatorResult,
  SignInResolver,
} from '@backstage/plugin-auth-node';
import type { OidcAuthResult } from '@backstage/plugin-auth-backend-module-oidc-provider';

const validator = makeValidator();

/**
 * Turns an IdP `groups` claim into group entity refs. A plain name becomes
 * `group:default/<name>`; a full ref (`group:ns/name`) is kept; values that
 * cannot name a group (not strings, other kinds) are dropped.
 */
export function groupRefsFromClaim(claim: unknown): string[] {
  if (!Array.isArray(claim)) {
    return [];
  }
  const refs = new Set<string>();
  for (const value of claim) {
    if (typeof value !== 'string' || !value.trim()) {
      continue;
    }
    try {
      const ref = parseEntityRef(value.trim().toLocaleLowerCase('en-US'), {
        defaultKind: 'group',
        defaultNamespace: DEFAULT_NAMESPACE,
      });
      if (
        ref.kind === 'group' &&
        validator.isValidNamespace(ref.namespace) &&
        validator.isValidEntityName(ref.name)
      ) {
        refs.add(stringifyEntityRef(ref));
      }
    } catch {
      // Not an entity name (e.g. contains spaces): it cannot own anything.
    }
  }
  return [...refs];
}

/**
 * Signs a person in by the verified e-mail of their OIDC userinfo, matched to
 * a catalog user's `spec.profile.email`, and takes ownership from the IdP:
 * the `ent` claim is the user ref plus `group:default/<g>` for each group of
 * the `groups` claim. So the IdP, not the catalog, decides which groups a
 * person acts for — in Backstage permissions and, through the Jenkins `jwt`
 * strategy, in Jenkins.
 */
export const emailMatchingUserWithIdpGroups: SignInResolver<
  OAuthAuthenticatorResult<OidcAuthResult>
> = async (info, ctx): Promise<BackstageSignInResult> => {
  const { userinfo } = info.result.fullProfile;
  const email = userinfo.email_verified === true ? userinfo.email : undefined;
  if (!email) {
    throw new NotAllowedError(
      'The identity provider did not return a verified e-mail address',
    );
  }
  const { entity } = await ctx.findCatalogUser({
    filter: { 'spec.profile.email': email },
  });
  const userRef = stringifyEntityRef(entity);
  return ctx.issueToken({
    claims: {
      sub: userRef,
      ent: [userRef, ...groupRefsFromClaim(userinfo.groups)],
    },
  });
};
