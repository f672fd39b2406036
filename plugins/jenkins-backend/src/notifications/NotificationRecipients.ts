import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  NotificationAudience,
  NotificationSettings,
} from '../config/readNotificationSettings';
import { compileJobPattern } from '../jobs/EnvironmentResolver';
import { NotifiedBuild } from './NotifiedBuild';

/** What is known about the people around a build, looked up only when a rule needs it. */
export interface RecipientFacts {
  /** The user who started the build from Backstage; none for builds started elsewhere. */
  triggeredBy?: string;
  /** Who may answer the build's pending input. */
  approvers?: string[];
}

/**
 * An input's `submitter` (comma-separated Jenkins names) as catalog refs: a
 * bare name is the group of that name in the default namespace, as the
 * user mapping sends `group:default/<name>` to Jenkins as `<name>`.
 */
export function submitterRefs(submitter: string): string[] {
  return submitter
    .split(',')
    .map(name => name.trim())
    .filter(Boolean)
    .flatMap(name => {
      try {
        return [
          stringifyEntityRef(
            parseEntityRef(name, {
              defaultKind: 'group',
              defaultNamespace: 'default',
            }),
          ).toLocaleLowerCase('en-US'),
        ];
      } catch {
        return [];
      }
    });
}

/** The owner groups of every entity that annotates the build's job. */
export function ownerRefsOf(build: NotifiedBuild): string[] {
  return build.entities.flatMap(entity => entity.ownerRefs);
}

/**
 * Who may answer the build's input steps: the first
 * `jenkins.notifications.approvers` entry whose path matches the job, else
 * the job's owners (Jenkins' API does not tell who an input's submitters are).
 */
export function approverRefsOf(
  approvers: NotificationSettings['approvers'],
  build: NotifiedBuild,
): string[] {
  const entry = approvers.find(candidate =>
    compileJobPattern(candidate.path).test(build.event.jobFullName),
  );
  return entry ? submitterRefs(entry.submitter) : ownerRefsOf(build);
}

/** The entity refs the audiences name for this build, without repeats. */
export function recipientRefs(
  audiences: NotificationAudience[],
  build: NotifiedBuild,
  facts: RecipientFacts,
): string[] {
  const refs = audiences.flatMap(audience => {
    switch (audience.kind) {
      case 'owner':
        return ownerRefsOf(build);
      case 'triggeredBy':
        return facts.triggeredBy ? [facts.triggeredBy] : [];
      case 'approvers':
        return facts.approvers ?? [];
      default:
        return [audience.ref];
    }
  });
  return [...new Set(refs.map(ref => ref.toLocaleLowerCase('en-US')))];
}
