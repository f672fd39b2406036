import { SchedulerService } from '@backstage/backend-plugin-api';
import { JenkinsPluginConfig } from '../config/JenkinsConfig';
import { SigningAlgorithm, SigningKeyStore } from './SigningKeyStore';

/**
 * Schedules JWT signing key rotation with the scheduler service, so that one
 * replica rotates and every replica reads the new key from the database.
 * Each algorithm in use rotates at the shortest interval configured for it.
 *
 * @public
 */
export async function scheduleKeyRotation(options: {
  config: JenkinsPluginConfig;
  keys: SigningKeyStore;
  scheduler: SchedulerService;
}): Promise<void> {
  const intervals = new Map<SigningAlgorithm, number>();
  for (const instance of options.config.instances.values()) {
    if (instance.strategy !== 'jwt') {
      continue;
    }
    const minutes = instance.jwt.keyRotationIntervalMinutes;
    const current = intervals.get(instance.jwt.algorithm);
    intervals.set(
      instance.jwt.algorithm,
      current === undefined ? minutes : Math.min(current, minutes),
    );
  }
  if (intervals.size === 0) {
    return;
  }
  const shortest = Math.min(...intervals.values());
  await options.scheduler.scheduleTask({
    id: 'jenkins-jwt-signing-key-rotation',
    // Check a few times per interval so a rotation is never late by much.
    frequency: { minutes: Math.max(1, Math.min(60, Math.floor(shortest / 4))) },
    timeout: { minutes: 1 },
    fn: async () => {
      for (const [algorithm, minutes] of intervals) {
        await options.keys.rotateIfDue(algorithm, minutes * 60_000);
      }
    },
  });
}
