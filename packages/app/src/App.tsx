import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import jenkinsPlugin from '@internal/plugin-jenkins/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    notificationsPlugin,
    signalsPlugin,
    userSettingsPlugin,
    jenkinsPlugin,
    // Software templates at /create, e.g. "Deploy payments-service to
    // staging" (examples/templates/), whose steps run Jenkins as the user.
    scaffolderPlugin,
    navModule,
    signInModule,
  ],
});
