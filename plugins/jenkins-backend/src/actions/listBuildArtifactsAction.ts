import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { buildArtifactsSchema } from '@internal/plugin-jenkins-common';
import {
  BuildViewActionDeps,
  registerBuildViewAction,
} from './buildViewActions';
import { toRegistrySchema } from './registrySchema';

/** `jenkins:list-build-artifacts`: the files a build archived. */
export function registerListBuildArtifactsAction(
  actionsRegistry: ActionsRegistryService,
  deps: BuildViewActionDeps,
): void {
  registerBuildViewAction(actionsRegistry, deps, {
    name: 'list-build-artifacts',
    title: 'List the artifacts of a Jenkins build',
    description:
      'Lists the files a build archived (at most 1000), and whether the caller may download them in the portal.',
    output: z => toRegistrySchema(buildArtifactsSchema, z),
    read: (views, caller, target) => views.artifacts(caller, target),
  });
}
