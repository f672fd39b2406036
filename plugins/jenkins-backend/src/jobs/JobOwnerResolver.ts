import { JenkinsPluginConfig } from '../config/JenkinsConfig';
import { compileJobPattern } from './EnvironmentResolver';

/**
 * Decides who owns a job by config (`jenkins.instances[].owners`): the groups
 * of the first entry whose `path` matches the job's full name (ignoring case,
 * the syntax of environment patterns), else null. Only config decides it:
 * nothing an entity declares can make its owners the owners of a job.
 *
 * @public
 */
export class JobOwnerResolver {
  private readonly owners = new Map<
    string,
    Array<{ regex: RegExp; groups: string[] }>
  >();

  constructor(config: JenkinsPluginConfig) {
    for (const instance of config.instances.values()) {
      this.owners.set(
        instance.name,
        instance.owners.map(owner => ({
          regex: compileJobPattern(owner.path),
          groups: owner.groups,
        })),
      );
    }
  }

  /**
   * The configured owners of `fullName`, or null when no entry covers it;
   * `annotatedFullName` (the multibranch job of a branch) is consulted
   * second, so that a branch has the owners of its multibranch job.
   */
  ownersOf(
    instance: string,
    fullName: string,
    annotatedFullName: string = fullName,
  ): string[] | null {
    for (const name of new Set([fullName, annotatedFullName])) {
      for (const { regex, groups } of this.owners.get(instance) ?? []) {
        if (regex.test(name)) {
          return [...groups];
        }
      }
    }
    return null;
  }
}
