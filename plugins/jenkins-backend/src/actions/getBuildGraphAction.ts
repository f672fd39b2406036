import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { buildGraphSchema } from '@internal/plugin-jenkins-common';
import {
  BuildViewActionDeps,
  registerBuildViewAction,
} from './buildViewActions';
import { toRegistrySchema } from './registrySchema';

/** `jenkins:get-build-graph`: a build's stage graph with parallel branches. */
export function registerGetBuildGraphAction(
  actionsRegistry: ActionsRegistryService,
  deps: BuildViewActionDeps,
): void {
  registerBuildViewAction(actionsRegistry, deps, {
    name: 'get-build-graph',
    title: 'Read a Jenkins pipeline stage graph',
    description:
      "Reads a pipeline build's stages as a tree: nested stages and parallel branches (type 'parallel'), each with its state (queued, running, paused, skipped, not_built, success, unstable, failure, aborted), timing, agent, why it waits, and — with permission to read logs — the failing stage's error. Stage ids are what get-build-step-log takes.",
    output: z => toRegistrySchema(buildGraphSchema, z),
    read: (views, caller, target) => views.graph(caller, target),
  });
}
