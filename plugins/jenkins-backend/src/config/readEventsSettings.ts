import { HumanDuration } from '@backstage/types';
import { Config, readDurationFromConfig } from '@backstage/config';

/** The watcher's settings of one instance, with defaults applied. @public */
export interface PollSettings {
  frequency: HumanDuration;
  maxRequestsPerMinute: number;
  /** Who the watcher reads as where reads are not shared. */
  runAs?: { user: string; groups: string[] };
}

/** `instances[].events`, with defaults applied. @public */
export interface EventsSettings {
  /** Without it the instance's webhook is off (404). */
  webhookSecret?: string;
  /** Set when the watcher runs for this instance. */
  poll?: PollSettings;
}

/** Default of `events.poll.frequency`. */
export const DEFAULT_POLL_FREQUENCY: HumanDuration = { seconds: 30 };
/** Default of `events.poll.maxRequestsPerMinute`. */
export const DEFAULT_POLL_REQUESTS_PER_MINUTE = 60;

/**
 * Reads one instance's `events`. The watcher is off by default and off
 * beside a webhook secret unless `poll.enabled` says otherwise; where reads
 * are not shared it needs `poll.runAs`, or it could not read at all.
 */
export function readEventsSettings(
  instance: string,
  config: Config | undefined,
  sharedReads: boolean,
): EventsSettings {
  const webhookSecret = config?.getOptionalString('webhookSecret') || undefined;
  const poll = config?.getOptionalConfig('poll');
  const enabled = poll?.getOptionalBoolean('enabled') ?? !webhookSecret;
  if (!poll || !enabled) {
    return { webhookSecret };
  }
  const maxRequestsPerMinute =
    poll.getOptionalNumber('maxRequestsPerMinute') ??
    DEFAULT_POLL_REQUESTS_PER_MINUTE;
  if (!Number.isInteger(maxRequestsPerMinute) || maxRequestsPerMinute < 1) {
    throw new Error(
      `jenkins.instances '${instance}': events.poll.maxRequestsPerMinute must be a whole number, at least 1`,
    );
  }
  const runAs = poll.getOptionalConfig('runAs');
  if (!sharedReads && !runAs) {
    throw new Error(
      `jenkins.instances '${instance}': events.poll needs reads: shared (with readCredentials) or events.poll.runAs.user to read Jenkins as`,
    );
  }
  return {
    webhookSecret,
    poll: {
      frequency: poll.has('frequency')
        ? readDurationFromConfig(poll, { key: 'frequency' })
        : DEFAULT_POLL_FREQUENCY,
      maxRequestsPerMinute,
      runAs: runAs && {
        user: runAs.getString('user'),
        groups: runAs.getOptionalStringArray('groups') ?? [],
      },
    },
  };
}
