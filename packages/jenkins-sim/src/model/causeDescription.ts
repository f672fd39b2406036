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
    case 'branch-indexing':
    default:
      return 'jenkins.branch.BranchIndexingCause';
  }
}
