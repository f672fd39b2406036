/**
 * A local OpenID Connect identity provider for development and browser tests
 * (`bin/dev-idp`). DEVELOPMENT ONLY: its users and secrets are public.
 *
 * @packageDocumentation
 */
import users from './demoUsers.json';

/**
 * A user of the dev IdP. The password equals the user name.
 *
 * @public
 */
export interface DevIdpUser {
  username: string;
  password: string;
  name: string;
  email: string;
  /** The `groups` claim: Backstage group names (namespace `default`). */
  groups: string[];
}

/**
 * The demo users of the dev IdP, matching `examples/org.yaml`.
 *
 * @public
 */
export const demoUsers: readonly DevIdpUser[] = users;

/**
 * The client Backstage uses (`app-config.oidc.yaml`); development only.
 *
 * @public
 */
export const devIdpBackstageClient = {
  clientId: 'backstage',
  clientSecret: 'backstage-dev-secret',
} as const;
