import type { BuildCause } from './types';

/** `Cause.getShortDescription()` texts from Jenkins' Messages.properties. */
export function causeDescription(cause: BuildCause): string {
  switch (cause.kind) {
    case 'user':
      return `Started by user ${cause.userName}`;
    case 'timer':
      return 'Started by timer';
    case 'scm':
      return 'Started by an SCM change';
    case 'upstream':
      // core Messages: Cause.UpstreamCause.ShortDescription
      return `Started by upstream project "${cause.upstreamProject}" build number ${cause.upstreamBuild}`;
    case 'restart':
      // pipeline-model-definition causes/Messages: RestartedDeclarativePipelineCause.ShortDescription
      return `Restarted from build #${cause.originRunNumber}, stage ${cause.originStage}`;
    case 'replay':
      // workflow-cps replay/Messages: ReplayCause.shortDescription / rebuild.shortDescription
      return cause.rebuilt
        ? `Rebuilt #${cause.originalNumber}`
        : `Replayed #${cause.originalNumber}`;
    case 'branch-indexing':
    default:
      return 'Branch indexing';
  }
}

/** The Java class Jenkins writes as `_class` for a cause. */
export function causeClass(cause: BuildCause): string {
  switch (cause.kind) {
    case 'user':
      return 'hudson.model.Cause$UserIdCause';
    case 'timer':
      return 'hudson.triggers.TimerTrigger$TimerTriggerCause';
    case 'scm':
      return 'hudson.triggers.SCMTrigger$SCMTriggerCause';
    case 'upstream':
      return 'hudson.model.Cause$UpstreamCause';
    case 'restart':
      return 'org.jenkinsci.plugins.pipeline.modeldefinition.causes.RestartDeclarativePipelineCause';
    case 'replay':
      return 'org.jenkinsci.plugins.workflow.cps.replay.ReplayCause';
    case 'branch-indexing':
    default:
      return 'jenkins.branch.BranchIndexingCause';
  }
}
