import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';

/**
 * What a rule reacts to: a build that started, succeeded, failed, ended
 * unstable or aborted, the first success after a failure (`recovered`; a
 * rule on `succeeded` covers it too), or a pipeline input waiting for
 * someone (`input`).
 *
 * @public
 */
export type NotificationTrigger =
  | 'started'
  | 'succeeded'
  | 'recovered'
  | 'failed'
  | 'unstable'
  | 'aborted'
  | 'input';

/**
 * Who a rule notifies: the owner group(s) of the annotating entities, the
 * person who started the build from Backstage, the people who may answer a
 * pending input, or a catalog entity ref (a bare name is a group).
 *
 * @public
 */
export type NotificationAudience =
  | { kind: 'owner' }
  | { kind: 'triggeredBy' }
  | { kind: 'approvers' }
  | { kind: 'entity'; ref: string };

/** One `jenkins.notifications.rules[]` entry, with defaults applied. @public */
export interface NotificationRule {
  /** Only jobs in this environment (from config); any when absent. */
  environment?: string;
  /** Only builds of a job's default branch (non-multibranch jobs, or main/master). */
  defaultBranchOnly: boolean;
  on: NotificationTrigger[];
  to: NotificationAudience[];
}

/** `jenkins.notifications`, with defaults applied. @public */
export interface NotificationSettings {
  enabled: boolean;
  rules: NotificationRule[];
  /**
   * Who may answer a job's input steps, first match wins: `path` as
   * `environments[].pattern`, `submitter` as the Jenkinsfile's `input`
   * `submitter` (comma-separated Jenkins group or user names). Jenkins'
   * REST API does not say who the submitters are, so config does.
   */
  approvers: Array<{ path: string; submitter: string }>;
  /** How often running builds are checked for pending inputs, and as whom. */
  pendingInputs: {
    checkIntervalSeconds: number;
    maxBuilds: number;
    /** Who checks where reads are not shared and the watcher has no `runAs`. */
    runAs?: { user: string; groups: string[] };
  };
}

const TRIGGERS: NotificationTrigger[] = [
  'started',
  'succeeded',
  'recovered',
  'failed',
  'unstable',
  'aborted',
  'input',
];

/**
 * The defaults: failures (and recoveries) of a default branch go to the
 * owners; production deploys tell the owners and whoever started them;
 * pending inputs tell who may answer them and whoever started the build.
 */
export const DEFAULT_NOTIFICATION_RULES: NotificationRule[] = [
  {
    defaultBranchOnly: true,
    on: ['failed', 'recovered'],
    to: [{ kind: 'owner' }],
  },
  {
    environment: 'production',
    defaultBranchOnly: false,
    on: ['started', 'succeeded', 'failed', 'unstable', 'aborted'],
    to: [{ kind: 'owner' }, { kind: 'triggeredBy' }],
  },
  {
    defaultBranchOnly: false,
    on: ['input'],
    to: [{ kind: 'approvers' }, { kind: 'triggeredBy' }],
  },
];

function fail(message: string): never {
  throw new Error(`jenkins.notifications: ${message}`);
}

function readAudience(value: string, index: number): NotificationAudience {
  const trimmed = value.trim();
  if (
    trimmed === 'owner' ||
    trimmed === 'triggeredBy' ||
    trimmed === 'approvers'
  ) {
    return { kind: trimmed };
  }
  try {
    const ref = stringifyEntityRef(
      parseEntityRef(trimmed, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
    return { kind: 'entity', ref };
  } catch {
    return fail(
      `rules[${index}].to has '${value}', which is neither owner, triggeredBy, approvers nor an entity ref`,
    );
  }
}

function readRule(rule: Config, index: number): NotificationRule {
  const on = rule.getStringArray('on').map(trigger => {
    if (!TRIGGERS.includes(trigger as NotificationTrigger)) {
      fail(`rules[${index}].on has '${trigger}'; use ${TRIGGERS.join(', ')}`);
    }
    return trigger as NotificationTrigger;
  });
  const to = rule.getStringArray('to').map(v => readAudience(v, index));
  if (on.length === 0 || to.length === 0) {
    fail(`rules[${index}] needs at least one 'on' and one 'to'`);
  }
  return {
    environment: rule.getOptionalString('environment')?.trim() || undefined,
    defaultBranchOnly: rule.getOptionalBoolean('defaultBranchOnly') ?? false,
    on,
    to,
  };
}

function readBoundedNumber(
  config: Config | undefined,
  key: string,
  fallback: number,
  [min, max]: [number, number],
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(`${key} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * Reads `jenkins.notifications`, applying the defaults documented in
 * `config.d.ts`; invalid config fails at startup naming the key.
 *
 * @public
 */
export function readNotificationSettings(config: Config): NotificationSettings {
  const section = config.getOptionalConfig('jenkins.notifications');
  const rules = section?.getOptionalConfigArray('rules');
  const approvers = (section?.getOptionalConfigArray('approvers') ?? []).map(
    (entry, index) => {
      const path = entry.getString('path').trim();
      const submitter = entry.getString('submitter').trim();
      if (!path || !submitter) {
        fail(`approvers[${index}] needs a path and a submitter`);
      }
      return { path, submitter };
    },
  );
  const pending = section?.getOptionalConfig('pendingInputs');
  return {
    enabled: section?.getOptionalBoolean('enabled') ?? true,
    rules: rules ? rules.map(readRule) : DEFAULT_NOTIFICATION_RULES,
    approvers,
    pendingInputs: {
      checkIntervalSeconds: readBoundedNumber(
        pending,
        'checkIntervalSeconds',
        15,
        [5, 3600],
      ),
      maxBuilds: readBoundedNumber(pending, 'maxBuilds', 100, [1, 1000]),
      runAs: pending?.has('runAs')
        ? {
            user: pending.getString('runAs.user'),
            groups: pending.getOptionalStringArray('runAs.groups') ?? [],
          }
        : undefined,
    },
  };
}
