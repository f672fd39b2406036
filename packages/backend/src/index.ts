import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-events-backend'));

// Sign-in: the guest provider for local development, OIDC for real identity.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// The `oidc` provider, active when configured (app-config.oidc.yaml): IdP
// groups become the signed-in person's ownership.
backend.add(import('./modules/authOidcGroups'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Software templates (`kind: Template`) in the catalog.
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@internal/plugin-permission-backend-module-jenkins-policy'),
);

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
// Notifications by email (SMTP) and Slack, configured under
// `notifications.processors` (app-config.production.yaml).
backend.add(import('@backstage/plugin-notifications-backend-module-email'));
backend.add(import('@backstage/plugin-notifications-backend-module-slack'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@internal/plugin-jenkins-backend'));

// Software templates; the Jenkins actions (`jenkins:build:run`,
// `jenkins:build:wait`, `jenkins:input:answer`) run as the template's user
// through the Jenkins plugin's API (examples/templates/).
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@internal/plugin-scaffolder-backend-module-jenkins'));

backend.start();
