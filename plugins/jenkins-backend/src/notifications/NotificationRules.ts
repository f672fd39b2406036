import {
  NotificationAudience,
  NotificationRule,
  NotificationTrigger,
} from '../config/readNotificationSettings';
import { isDefaultBranch, NotifiedBuild } from './NotifiedBuild';

function ruleReactsTo(rule: NotificationRule, trigger: NotificationTrigger) {
  // A recovery is a success too: a rule on `succeeded` hears of it.
  return (
    rule.on.includes(trigger) ||
    (trigger === 'recovered' && rule.on.includes('succeeded'))
  );
}

function ruleCovers(rule: NotificationRule, build: NotifiedBuild): boolean {
  if (
    rule.environment !== undefined &&
    rule.environment.toLocaleLowerCase('en-US') !==
      build.environment?.toLocaleLowerCase('en-US')
  ) {
    return false;
  }
  return !rule.defaultBranchOnly || isDefaultBranch(build);
}

/**
 * Whom the rules send a trigger of a build to: the audiences of every rule
 * that reacts to the trigger and covers the build, without repeats.
 */
export function audiencesFor(
  rules: NotificationRule[],
  build: NotifiedBuild,
  trigger: NotificationTrigger,
): NotificationAudience[] {
  const seen = new Set<string>();
  return rules
    .filter(rule => ruleReactsTo(rule, trigger) && ruleCovers(rule, build))
    .flatMap(rule => rule.to)
    .filter(audience => {
      const key = audience.kind === 'entity' ? audience.ref : audience.kind;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
