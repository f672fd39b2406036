import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { oidcAuthApi } from './oidcAuthApi';

export { oidcAuthApiRef } from './oidcAuthApi';

const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () =>
      import('./ConfiguredSignInPage').then(m => m.ConfiguredSignInPage),
  },
});

/** Sign-in: guest for local development, OpenID Connect when configured. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [oidcAuthApi, signInPage],
});
