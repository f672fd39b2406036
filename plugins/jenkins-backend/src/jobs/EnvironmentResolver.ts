import { Entity } from '@backstage/catalog-model';
import {
  JENKINS_ENVIRONMENT_ANNOTATION,
  parseEnvironmentAnnotation,
} from '@internal/plugin-jenkins-common';
import { JenkinsPluginConfig } from '../config/JenkinsConfig';

/**
 * A job-name pattern from config: `/…/` is a regular expression, anything
 * else a glob where `*` matches within one path segment and `**` across them.
 * Both ignore case, as Jenkins does when it resolves item names (its item
 * maps use `CaseInsensitiveComparator`): `payments/Deploy-Production` is the
 * job `payments/deploy-production`, so it is production too.
 */
export function compileJobPattern(pattern: string): RegExp {
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
    return new RegExp(pattern.slice(1, -1), 'i');
  }
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 'i');
}

/**
 * Decides a job's environment. Config is authoritative: the instance's
 * configured patterns first, in order; only a job none of them matches may
 * take its environment from the entity's `jenkins.io/environment` annotation
 * (`job=env` or `instance:job=env`), and only while
 * `jenkins.environments.allowAnnotations` is on; else none. The annotation is
 * written by whoever edits the entity, the very people a policy on
 * environments governs, so it never reclassifies a job config classified.
 *
 * @public
 */
export class EnvironmentResolver {
  private readonly patterns = new Map<
    string,
    Array<{ regex: RegExp; environment: string }>
  >();
  private readonly allowAnnotations: boolean;

  constructor(config: JenkinsPluginConfig) {
    this.allowAnnotations = config.environments.allowAnnotations;
    for (const instance of config.instances.values()) {
      this.patterns.set(
        instance.name,
        instance.environments.map(env => ({
          regex: compileJobPattern(env.pattern),
          environment: env.environment,
        })),
      );
    }
  }

  /**
   * The environment of `fullName`; `annotatedFullName` is the job the
   * annotation names (the multibranch job for a branch), consulted second.
   */
  environmentFor(
    entity: Entity,
    instance: string,
    fullName: string,
    annotatedFullName: string = fullName,
  ): string | null {
    const names = new Set([fullName, annotatedFullName]);
    for (const name of names) {
      for (const { regex, environment } of this.patterns.get(instance) ?? []) {
        if (regex.test(name)) {
          return environment;
        }
      }
    }
    if (!this.allowAnnotations) {
      return null;
    }
    const declared = parseEnvironmentAnnotation(
      entity.metadata.annotations?.[JENKINS_ENVIRONMENT_ANNOTATION],
    );
    for (const name of names) {
      const environment =
        declared.get(`${instance}:${name}`) ?? declared.get(name);
      if (environment) {
        return environment;
      }
    }
    return null;
  }
}
