import { AuditEntry, JenkinsBuildEvent } from '@internal/plugin-jenkins-common';
import { StartingWrite } from '../../audit/types';

/**
 * Whether a run on record can be the one that started the event's build:
 * the same instance and job (Jenkins compares item names ignoring case), and
 * no queue item or build number on record that says otherwise. The request
 * id alone is not proof: it is a build parameter anyone who can start the
 * job in Jenkins could copy.
 */
function couldHaveStarted(entry: AuditEntry, event: JenkinsBuildEvent) {
  return (
    entry.instance === event.instance &&
    entry.jobFullName.toLowerCase() === event.jobFullName.toLowerCase() &&
    (entry.queueId === null ||
      event.queueId === undefined ||
      entry.queueId === event.queueId) &&
    (entry.buildNumber === null || entry.buildNumber === event.buildNumber)
  );
}

/**
 * The run or rebuild on record that started the event's build, among the
 * writes of the event's request id: the one whose queue item it was (the
 * entry the polling path labels too), else the one that succeeded, else the
 * earliest (an attempt whose outcome was unknown, now known to have run).
 */
export function startingWriteOf(
  event: JenkinsBuildEvent,
  writes: StartingWrite[],
): StartingWrite | undefined {
  const candidates = writes.filter(w => couldHaveStarted(w.entry, event));
  return (
    candidates.find(
      w => event.queueId !== undefined && w.entry.queueId === event.queueId,
    ) ??
    candidates.find(w => w.entry.outcome === 'success') ??
    candidates[0]
  );
}
