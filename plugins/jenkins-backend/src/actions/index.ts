import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { JenkinsServices } from '../services/createJenkinsServices';
import { registerAbortBuildAction } from './abortBuildAction';
import { registerAnswerInputAction } from './answerInputAction';
import { registerCancelQueueItemAction } from './cancelQueueItemAction';
import { registerGetBuildAction } from './getBuildAction';
import { registerGetBuildLogAction } from './getBuildLogAction';
import { registerGetChangeRecordAction } from './getChangeRecordAction';
import { registerListBuildsAction } from './listBuildsAction';
import { registerListJobsAction } from './listJobsAction';
import { registerRebuildBuildAction } from './rebuildBuildAction';
import { registerRunJobAction } from './runJobAction';
import { registerSearchBuildLogAction } from './searchBuildLogAction';
import { registerSummarizeBuildFailureAction } from './summarizeBuildFailureAction';
import { registerWaitForBuildAction } from './waitForBuildAction';
import { registerGetBuildChangesAction } from './getBuildChangesAction';
import { registerGetBuildGraphAction } from './getBuildGraphAction';
import { registerGetBuildStepLogAction } from './getBuildStepLogAction';
import { registerGetReplayScriptAction } from './getReplayScriptAction';
import { registerGetRestartOptionsAction } from './getRestartOptionsAction';
import { registerListBuildArtifactsAction } from './listBuildArtifactsAction';
import { registerPauseBuildAction } from './pauseBuildAction';
import { registerReplayBuildAction } from './replayBuildAction';
import { registerRestartBuildAction } from './restartBuildAction';

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
    | 'callers'
    | 'reads'
    | 'writes'
    | 'idempotency'
    | 'logSearch'
    | 'failures'
    | 'waits'
    | 'buildViews'
    | 'pipelineControls'
  > &
    Partial<Pick<JenkinsServices, 'changeRecords'>>,
): void {
  registerListJobsAction(actionsRegistry, services);
  registerListBuildsAction(actionsRegistry, services);
  registerGetBuildAction(actionsRegistry, services);
  registerGetBuildLogAction(actionsRegistry, services);
  if (services.changeRecords) {
    registerGetChangeRecordAction(actionsRegistry, {
      callers: services.callers,
      changeRecords: services.changeRecords,
    });
  }
  registerSearchBuildLogAction(actionsRegistry, services);
  registerSummarizeBuildFailureAction(actionsRegistry, services);
  registerWaitForBuildAction(actionsRegistry, services);
  registerGetBuildGraphAction(actionsRegistry, services);
  registerGetBuildStepLogAction(actionsRegistry, services);
  registerGetBuildChangesAction(actionsRegistry, services);
  registerListBuildArtifactsAction(actionsRegistry, services);
  registerGetRestartOptionsAction(actionsRegistry, services);
  registerGetReplayScriptAction(actionsRegistry, services);
  registerRestartBuildAction(actionsRegistry, services);
  registerReplayBuildAction(actionsRegistry, services);
  registerPauseBuildAction(actionsRegistry, services);
  registerRunJobAction(actionsRegistry, services);
  registerRebuildBuildAction(actionsRegistry, services);
  registerAbortBuildAction(actionsRegistry, services);
  registerCancelQueueItemAction(actionsRegistry, services);
  registerAnswerInputAction(actionsRegistry, services);
}
