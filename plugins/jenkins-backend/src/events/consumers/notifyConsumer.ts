import { BuildNotifications } from '../../notifications/createBuildNotifications';
import { BuildEventConsumer } from '../types';

/**
 * Notifications through Backstage's notifications service: build starts and
 * outcomes under the configured rules (`jenkins.notifications.rules`), and,
 * through the pending-input watch, the inputs of the builds that started.
 */
export function notifyBuilds(
  notifications: BuildNotifications,
): BuildEventConsumer {
  return {
    name: 'notifications',
    async handle(event, context) {
      const build = { event, ...context };
      if (event.phase === 'STARTED') {
        notifications.pendingInputs.track(build);
      } else if (event.phase === 'COMPLETED' || event.phase === 'FINALIZED') {
        await notifications.pendingInputs.finish(event);
      }
      await notifications.notifier.notifyTransition(build);
    },
  };
}
