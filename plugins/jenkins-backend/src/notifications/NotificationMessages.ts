import { parseEntityRef } from '@backstage/catalog-model';
import {
  NotificationPayload,
  NotificationSeverity,
} from '@backstage/plugin-notifications-common';
import { BuildResult } from '@internal/plugin-jenkins-common';
import { NotificationTrigger } from '../config/readNotificationSettings';
import { branchOf, jobLabelOf, NotifiedBuild, scopeOf } from './NotifiedBuild';

/** What a build notification says: one of the rule triggers, or an input that was answered. */
export type NotificationKind = NotificationTrigger | 'inputSettled';

const SEVERITY: Record<NotificationKind, NotificationSeverity> = {
  failed: 'high',
  input: 'high',
  unstable: 'normal',
  aborted: 'normal',
  succeeded: 'normal',
  recovered: 'normal',
  started: 'low',
  inputSettled: 'low',
};

const OUTCOME: Record<
  Exclude<NotificationKind, 'input' | 'inputSettled'>,
  string
> = {
  started: 'started',
  succeeded: 'succeeded',
  recovered: 'recovered',
  failed: 'failed',
  unstable: 'is unstable',
  aborted: 'was aborted',
};

const RESULT_TEXT: Record<BuildResult, string> = {
  SUCCESS: 'Succeeded',
  FAILURE: 'Failed',
  UNSTABLE: 'Ended unstable',
  ABORTED: 'Aborted',
  NOT_BUILT: 'Ended',
};

/** Extra facts a message may mention. */
export interface MessageDetails {
  /** The user entity ref of whoever started the build from Backstage. */
  triggeredBy?: string;
  /** The pending input's question, e.g. `Promote to production?`. */
  inputMessage?: string;
}

/**
 * The build view of the first annotating entity, as a link relative to the
 * app (`/catalog/<namespace>/<kind>/<name>/jenkins?job=…&build=N`): the
 * notifications backend and its email and Slack processors resolve it
 * against `app.baseUrl`.
 */
export function buildViewLink(build: NotifiedBuild): string {
  const entity = build.entities[0];
  const ref = parseEntityRef(entity.entityRef);
  const path = [ref.namespace, ref.kind, ref.name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/');
  // A branch build's job id is the branch's; the tab finds its job from it.
  const query = new URLSearchParams({
    job: entity.jobId,
    build: String(build.event.buildNumber),
  });
  return `/catalog/${path}/jenkins?${query.toString()}`;
}

function entityNameOf(build: NotifiedBuild): string {
  return parseEntityRef(build.entities[0].entityRef).name;
}

function titleOf(build: NotifiedBuild, kind: NotificationKind): string {
  const subject = `${jobLabelOf(build)} #${build.event.buildNumber}`;
  if (kind === 'input') {
    return `${entityNameOf(build)}: ${subject} waits for approval`;
  }
  if (kind === 'inputSettled') {
    return `${entityNameOf(build)}: ${subject} no longer waits for approval`;
  }
  return `${subject} ${OUTCOME[kind]}`;
}

function durationText(ms: number | undefined): string {
  if (ms === undefined) return '';
  const seconds = Math.round(ms / 1000);
  return seconds < 120
    ? ` after ${seconds} s`
    : ` after ${Math.round(seconds / 60)} min`;
}

function descriptionOf(
  build: NotifiedBuild,
  kind: NotificationKind,
  details: MessageDetails,
): string {
  const { event } = build;
  const parts = [
    `${event.jobFullName} #${event.buildNumber} of ${build.entities
      .map(e => e.entityRef)
      .join(', ')}`,
  ];
  if (build.environment) parts.push(`environment ${build.environment}`);
  const branch = branchOf(build) ?? event.scm?.branch;
  if (branch) parts.push(`branch ${branch}`);
  let text = `${parts.join('; ')}.`;
  if (kind === 'input') {
    text += ` It waits for an answer: "${details.inputMessage ?? 'Proceed?'}".`;
  } else if (kind === 'inputSettled') {
    text += ' Its input was answered or the build ended.';
  } else if (kind !== 'started') {
    text += ` ${RESULT_TEXT[event.result ?? 'NOT_BUILT']}${durationText(
      event.durationMs,
    )}.`;
  }
  if (details.triggeredBy) {
    text += ` Started from Backstage by ${details.triggeredBy}.`;
  }
  return text;
}

/**
 * The notification of one build transition: a title a person understands,
 * a severity (failures and inputs high, starts low), the build view in the
 * portal, the job as topic and the per-job scope, so that a newer
 * notification replaces the last one of the job instead of piling up.
 */
export function buildNotificationPayload(
  build: NotifiedBuild,
  kind: NotificationKind,
  details: MessageDetails = {},
): NotificationPayload {
  return {
    title: titleOf(build, kind),
    description: descriptionOf(build, kind, details),
    link: buildViewLink(build),
    severity: SEVERITY[kind],
    topic: `jenkins:${build.event.jobFullName}`,
    scope: scopeOf(build.event),
  };
}
