import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAnswerInputAction } from './actions/answerInputAction';
import { createRunBuildAction } from './actions/runBuildAction';
import { createWaitForBuildAction } from './actions/waitForBuildAction';
import { BuildWaiter } from './BuildWaiter';
import { JenkinsPluginClient } from './JenkinsPluginClient';

/** How often a wait asks for a build's state when config names nothing: 2 s. */
const DEFAULT_POLL_INTERVAL_MS = 2000;

/**
 * The Jenkins template actions for the scaffolder: `jenkins:build:run`,
 * `jenkins:build:wait` and `jenkins:input:answer`. They call the Jenkins
 * plugin's API on behalf of the template's user, so its permission policy,
 * identity strategy, idempotency and audit apply as in the portal.
 *
 * @public
 */
export const scaffolderModuleJenkins = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'jenkins',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, auth, discovery, config }) {
        const pollIntervalMs = Math.max(
          100,
          config.getOptionalNumber('scaffolder.jenkins.pollIntervalMs') ??
            DEFAULT_POLL_INTERVAL_MS,
        );
        const client = new JenkinsPluginClient(discovery, auth);
        const waiter = new BuildWaiter(client, pollIntervalMs);
        scaffolder.addActions(
          createRunBuildAction({ client, waiter }),
          createWaitForBuildAction({ waiter }),
          createAnswerInputAction({ client }),
        );
      },
    });
  },
});
