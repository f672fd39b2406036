import { SchedulerService } from '@backstage/backend-plugin-api';
import { PendingInputWatch } from './PendingInputWatch';

/**
 * Checks the running builds this replica saw start for pending inputs,
 * every `intervalSeconds`. Local scope: each replica watches the builds
 * whose STARTED event it handled.
 */
export async function schedulePendingInputChecks(options: {
  scheduler: SchedulerService;
  watch: PendingInputWatch;
  intervalSeconds: number;
}): Promise<void> {
  await options.scheduler.scheduleTask({
    id: 'jenkins-pending-input-check',
    frequency: { seconds: options.intervalSeconds },
    timeout: { seconds: Math.max(60, options.intervalSeconds * 4) },
    initialDelay: { seconds: options.intervalSeconds },
    scope: 'local',
    fn: () => options.watch.checkAll(),
  });
}
