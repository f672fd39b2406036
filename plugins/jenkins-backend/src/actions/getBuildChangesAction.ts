import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { buildChangesSchema } from '@internal/plugin-jenkins-common';
import {
  BuildViewActionDeps,
  registerBuildViewAction,
} from './buildViewActions';
import { toRegistrySchema } from './registrySchema';

/** `jenkins:get-build-changes`: the commits a build ran with. */
export function registerGetBuildChangesAction(
  actionsRegistry: ActionsRegistryService,
  deps: BuildViewActionDeps,
): void {
  registerBuildViewAction(actionsRegistry, deps, {
    name: 'get-build-changes',
    title: 'Read the changes of a Jenkins build',
    description:
      "Reads the commits of a build (id, message, author, time, paths); an author whose e-mail matches a catalog user's spec.profile.email carries that user's entity ref.",
    output: z => toRegistrySchema(buildChangesSchema, z),
    read: (views, caller, target) => views.changes(caller, target),
  });
}
