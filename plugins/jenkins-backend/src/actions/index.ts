import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { JenkinsServices } from '../services/createJenkinsServices';
import { registerAbortBuildAction } from './abortBuildAction';
import { registerAnswerInputAction } from './answerInputAction';
import { registerCancelQueueItemAction } from './cancelQueueItemAction';
import { registerGetBuildAction } from './getBuildAction';
import { registerGetBuildLogAction } from './getBuildLogAction';
import { registerListBuildsAction } from './listBuildsAction';
import { registerListJobsAction } from './listJobsAction';
import { registerRebuildBuildAction } from './rebuildBuildAction';
import { registerRunJobAction } from './runJobAction';

/**
 * Registers the plugin's operations with the actions registry (served to AI
 * assistants over MCP by `mcp-actions`). They call the same services with
 * the same `-common` schemas as the HTTP API: the same job binding,
 * permission decisions, identity and audit trail, as whoever invoked the
 * action (`via: 'action'`).
 */
export function registerJenkinsActions(
  actionsRegistry: ActionsRegistryService,
  services: Pick<
    JenkinsServices,
    'callers' | 'reads' | 'writes' | 'idempotency'
  >,
): void {
  registerListJobsAction(actionsRegistry, services);
  registerListBuildsAction(actionsRegistry, services);
  registerGetBuildAction(actionsRegistry, services);
  registerGetBuildLogAction(actionsRegistry, services);
  registerRunJobAction(actionsRegistry, services);
  registerRebuildBuildAction(actionsRegistry, services);
  registerAbortBuildAction(actionsRegistry, services);
  registerCancelQueueItemAction(actionsRegistry, services);
  registerAnswerInputAction(actionsRegistry, services);
}
