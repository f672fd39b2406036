/**
 * A Notification-plugin endpoint (jenkinsci/notification-plugin `Endpoint`),
 * as set in a scenario or through the control API. Only the plugin's default
 * protocol and format exist here: HTTP POST of JSON.
 */
import { z } from 'zod';

/** `Phase#isRun`'s event names (the `event` select in `config.jelly`). */
export const NOTIFICATION_EVENTS = [
  'all',
  'queued',
  'started',
  'completed',
  'finalized',
  'failed',
  'failedAndFirstSuccess',
  'manual',
] as const;

function isRegex(pattern: string): boolean {
  try {
    // eslint-disable-next-line no-new
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** `Protocol.HTTP#validateUrl`: a URL unless it holds a `$` variable. */
function isEndpointUrl(url: string): boolean {
  if (url.includes('$')) return true;
  try {
    // eslint-disable-next-line no-new
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

export const notificationEndpointSchema = z.strictObject({
  /** May hold `user:password@` (sent as HTTP Basic) and `$VAR` / `${VAR}` from the build's environment. */
  url: z.string().min(1).max(2048).refine(isEndpointUrl, {
    message: 'Invalid URL. Use http://hostname:port/path for endpoint URL',
  }),
  event: z.enum(NOTIFICATION_EVENTS).default('all'),
  /** Connect and read timeout in ms (`Endpoint.DEFAULT_TIMEOUT` 30000). */
  timeout: z.number().int().positive().max(600_000).default(30_000),
  /** Extra attempts after a failed one (`Endpoint.DEFAULT_RETRIES` 0). */
  retries: z.number().int().nonnegative().max(20).default(0),
  /** Console lines sent in `build.log`: 0 none, -1 all. */
  loglines: z.number().int().min(-1).default(0),
  /** Regex the build's `BRANCH_NAME` must match (Java `matches()`, anchored). */
  branch: z
    .string()
    .default('.*')
    .refine(isRegex, { message: 'not a valid regular expression' }),
});

/** An endpoint as written (before defaults). */
export type NotificationEndpointInput = z.input<
  typeof notificationEndpointSchema
>;
/** A validated endpoint with the plugin's defaults applied. */
export type NotificationEndpoint = z.output<typeof notificationEndpointSchema>;
