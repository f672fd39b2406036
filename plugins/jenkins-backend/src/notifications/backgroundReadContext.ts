import { JenkinsPluginConfig } from '../config/JenkinsConfig';
import { JenkinsRequestContext } from '../jenkins/JenkinsGateway';

/** A Jenkins user (and groups) that background reads are made as. */
export interface RunAs {
  user: string;
  groups: string[];
}

/**
 * The context of a read nobody asked for (a background check): the
 * instance's shared read identity where reads are shared, else the
 * watcher's `events.poll.runAs`, else `fallback`
 * (`jenkins.notifications.pendingInputs.runAs`); undefined when the
 * instance has none, as no identity may read on nobody's behalf.
 */
export function backgroundReadContext(
  config: Pick<JenkinsPluginConfig, 'instances'>,
  instance: string,
  fallback?: RunAs,
): JenkinsRequestContext | undefined {
  const settings = config.instances.get(instance);
  if (!settings) return undefined;
  const shared =
    settings.reads === 'shared' && settings.readCredentials
      ? { user: settings.readCredentials.user, groups: [] }
      : undefined;
  const runAs = shared ?? settings.events?.poll?.runAs ?? fallback;
  if (!runAs) return undefined;
  return {
    instance,
    purpose: 'read',
    // With shared reads the gateway sends the read credentials instead.
    principal: {
      userRef: 'service:jenkins-notifications',
      userName: runAs.user,
      groups: runAs.groups,
    },
  };
}
