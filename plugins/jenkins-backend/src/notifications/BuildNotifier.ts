import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  BuildResult,
  JenkinsBuildEvent,
} from '@internal/plugin-jenkins-common';
import {
  NotificationAudience,
  NotificationSettings,
  NotificationTrigger,
} from '../config/readNotificationSettings';
import {
  buildNotificationPayload,
  NotificationKind,
} from './NotificationMessages';
import {
  approverRefsOf,
  RecipientFacts,
  recipientRefs,
} from './NotificationRecipients';
import { audiencesFor } from './NotificationRules';
import { NotifiedBuild } from './NotifiedBuild';

/** Options of {@link BuildNotifier}. */
export interface BuildNotifierOptions {
  notifications: Pick<NotificationService, 'send'>;
  settings: NotificationSettings;
  lastResults: {
    record(
      instance: string,
      jobFullName: string,
      buildNumber: number,
      result: BuildResult,
    ): Promise<BuildResult | undefined>;
  };
  /** The user who started the build from Backstage (the audit trail's actor), if any. */
  requesterOf(event: JenkinsBuildEvent): Promise<string | undefined>;
  logger: LoggerService;
}

/** Results a later success recovers from, as Jenkins' "back to normal". */
const BROKEN: Array<BuildResult | undefined> = ['FAILURE', 'UNSTABLE'];

function finishedTrigger(
  result: BuildResult,
  previous: BuildResult | undefined,
): NotificationTrigger | undefined {
  switch (result) {
    case 'SUCCESS':
      return BROKEN.includes(previous) ? 'recovered' : 'succeeded';
    case 'FAILURE':
      return 'failed';
    case 'UNSTABLE':
      return 'unstable';
    case 'ABORTED':
      return 'aborted';
    default:
      return undefined;
  }
}

/**
 * Decides, per build transition, who hears of it under the configured
 * rules, and sends one notification (per-job scope) to all of them.
 */
export class BuildNotifier {
  constructor(private readonly options: BuildNotifierOptions) {}

  /** A build started or finished. */
  async notifyTransition(build: NotifiedBuild): Promise<void> {
    const { event } = build;
    let trigger: NotificationTrigger | undefined;
    if (event.phase === 'STARTED') {
      trigger = 'started';
    } else if (event.phase === 'COMPLETED' && event.result) {
      // Recorded even when notifications are off, so a later recovery is known.
      const previous = await this.options.lastResults.record(
        event.instance,
        event.jobFullName,
        event.buildNumber,
        event.result,
      );
      trigger = finishedTrigger(event.result, previous);
    }
    if (!trigger || !this.options.settings.enabled) {
      return;
    }
    await this.send(build, trigger, trigger, {});
  }

  /**
   * A build waits for input: tells whoever may answer it and whoever
   * started the build; answers whom it told, for {@link notifyInputSettled}.
   */
  async notifyInputPending(
    build: NotifiedBuild,
    inputMessage: string,
  ): Promise<string[]> {
    if (!this.options.settings.enabled) {
      return [];
    }
    return this.send(build, 'input', 'input', {
      approvers: approverRefsOf(this.options.settings.approvers, build),
      inputMessage,
    });
  }

  /**
   * The input was answered or the build ended: the same people get a
   * low-severity replacement in the job's scope, so the request to approve
   * does not linger.
   */
  async notifyInputSettled(
    build: NotifiedBuild,
    recipients: string[],
  ): Promise<void> {
    if (recipients.length === 0) return;
    await this.options.notifications.send({
      recipients: { type: 'entity', entityRef: recipients },
      payload: buildNotificationPayload(build, 'inputSettled'),
    });
  }

  private async send(
    build: NotifiedBuild,
    trigger: NotificationTrigger,
    kind: NotificationKind,
    facts: RecipientFacts & { inputMessage?: string },
  ): Promise<string[]> {
    const audiences = audiencesFor(this.options.settings.rules, build, trigger);
    if (audiences.length === 0) {
      return [];
    }
    const triggeredBy = await this.triggeredBy(build.event, audiences);
    const recipients = recipientRefs(audiences, build, {
      ...facts,
      triggeredBy,
    });
    if (recipients.length === 0) {
      return [];
    }
    await this.options.notifications.send({
      recipients: { type: 'entity', entityRef: recipients },
      payload: buildNotificationPayload(build, kind, {
        triggeredBy,
        inputMessage: facts.inputMessage,
      }),
    });
    return recipients;
  }

  private async triggeredBy(
    event: JenkinsBuildEvent,
    audiences: NotificationAudience[],
  ): Promise<string | undefined> {
    if (!audiences.some(audience => audience.kind === 'triggeredBy')) {
      return undefined;
    }
    try {
      return await this.options.requesterOf(event);
    } catch (error) {
      this.options.logger.warn(
        `Could not tell who started ${event.jobFullName} #${
          event.buildNumber
        }: ${(error as Error).message}`,
      );
      return undefined;
    }
  }
}
