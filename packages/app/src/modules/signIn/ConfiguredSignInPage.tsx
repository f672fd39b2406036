import { SignInPage } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import { oidcAuthApiRef } from './oidcAuthApi';

const oidcProvider = {
  id: 'oidc',
  title: 'OpenID Connect',
  message: 'Sign in with your organisation account',
  apiRef: oidcAuthApiRef,
};

/**
 * Offers OpenID Connect when the backend has `auth.providers.oidc` configured
 * (the provider's key is visible to the frontend, its settings are not), and
 * guest sign-in otherwise — the local development default.
 */
export function ConfiguredSignInPage(props: SignInPageProps) {
  const configApi = useApi(configApiRef);
  const providers = configApi.has('auth.providers.oidc')
    ? [oidcProvider]
    : (['guest'] as const);
  return <SignInPage {...props} providers={[...providers]} />;
}
