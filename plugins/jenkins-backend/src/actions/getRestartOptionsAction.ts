import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { restartInfoSchema } from '@internal/plugin-jenkins-common';
import {
  BuildViewActionDeps,
  registerBuildViewAction,
} from './buildViewActions';
import { toRegistrySchema } from './registrySchema';

/** `jenkins:get-restart-options`: the stages a build can be restarted from. */
export function registerGetRestartOptionsAction(
  actionsRegistry: ActionsRegistryService,
  deps: BuildViewActionDeps,
): void {
  registerBuildViewAction(actionsRegistry, deps, {
    name: 'get-restart-options',
    title: 'List the stages a Jenkins build can restart from',
    description:
      'Reads whether Jenkins offers the caller to restart a finished Declarative pipeline build from a stage, the stages it can restart from, and whether the permission policy allows the caller to restart it.',
    output: z => toRegistrySchema(restartInfoSchema, z),
    read: (views, caller, target) => views.restartInfo(caller, target),
  });
}
