import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  oidcAuthenticator,
  oidcSignInResolvers,
} from '@backstage/plugin-auth-backend-module-oidc-provider';
import {
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { emailMatchingUserWithIdpGroups } from './groupsSignInResolver';

/**
 * The `oidc` auth provider (Backstage's OIDC authenticator) with a sign-in
 * resolver that takes ownership from the IdP's `groups` claim. It is active
 * only when `auth.providers.oidc` is configured (see app-config.oidc.yaml).
 * A `signIn.resolvers` entry in config replaces the groups resolver with one
 * of the stock OIDC resolvers.
 */
export const authModuleOidcGroupsProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'oidc-groups-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'oidc',
          factory: createOAuthProviderFactory({
            authenticator: oidcAuthenticator,
            additionalScopes: ['groups'],
            signInResolver: emailMatchingUserWithIdpGroups,
            signInResolverFactories: { ...oidcSignInResolvers },
          }),
        });
      },
    });
  },
});
