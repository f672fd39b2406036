import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { replayInfoSchema } from '@internal/plugin-jenkins-common';
import {
  BuildViewActionDeps,
  registerBuildViewAction,
} from './buildViewActions';
import { toRegistrySchema } from './registrySchema';

/** `jenkins:get-replay-script`: a pipeline build's scripts, to propose an edit. */
export function registerGetReplayScriptAction(
  actionsRegistry: ActionsRegistryService,
  deps: BuildViewActionDeps,
): void {
  registerBuildViewAction(actionsRegistry, deps, {
    name: 'get-replay-script',
    title: 'Read the pipeline script of a Jenkins build',
    description:
      'Reads the main pipeline script a build ran with (and the scripts it loaded), with its sha256, for replay-build; and whether the caller may rerun it and replay it with an edited script. main is null when Jenkins shows the caller no script.',
    output: z => toRegistrySchema(replayInfoSchema, z),
    read: (views, caller, target) => views.replayInfo(caller, target),
  });
}
