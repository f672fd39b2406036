import {
  AuthenticationError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import { JenkinsPluginConfig } from '../config/JenkinsConfig';
import { BuildEventHub, BuildEventOutcome } from './BuildEventHub';
import {
  buildEventFromNotification,
  notificationPayloadSchema,
} from './notificationPayload';
import { carriesWebhookSecret } from './webhookSecret';

/** The largest webhook body accepted (256 KB); larger ones get 413. */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

/**
 * The Notification plugin's webhook of each instance: checks the
 * instance's secret, parses the plugin's JSON into a build event and hands
 * it to the hub.
 */
export class BuildEventWebhook {
  constructor(
    private readonly config: JenkinsPluginConfig,
    private readonly hub: Pick<BuildEventHub, 'receive'>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Throws NotFoundError for an unknown instance or one whose webhook is off
   * (no `events.webhookSecret`), AuthenticationError (401) when the
   * `Authorization` header does not carry the secret.
   */
  authenticate(instance: string, authorization: string | undefined): void {
    const settings = this.config.instances.get(instance);
    if (!settings) {
      throw new NotFoundError(`No Jenkins instance named '${instance}'`);
    }
    const secret = settings.events.webhookSecret;
    if (!secret) {
      throw new NotFoundError(
        `Build events are off for Jenkins instance '${instance}': it has no events.webhookSecret`,
      );
    }
    if (!carriesWebhookSecret(authorization, secret)) {
      throw new AuthenticationError(
        `The build event for Jenkins instance '${instance}' does not carry its webhook secret (HTTP Basic password or Bearer token)`,
      );
    }
  }

  /** Parses an authenticated body (raw bytes) and lets the hub handle it. */
  async deliver(instance: string, body: Buffer): Promise<BuildEventOutcome> {
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new InputError(
        `The build event is not valid JSON (the Notification plugin's format must be JSON): ${
          (error as Error).message
        }`,
      );
    }
    const parsed = notificationPayloadSchema.safeParse(json);
    if (!parsed.success) {
      throw new InputError(
        `The build event is not a Notification plugin body: ${parsed.error.issues
          .slice(0, 5)
          .map(issue => `${issue.path.join('.') || 'body'}: ${issue.message}`)
          .join('; ')}`,
      );
    }
    const event = buildEventFromNotification(instance, parsed.data, this.now());
    return event ? this.hub.receive(event) : 'ignored';
  }
}
