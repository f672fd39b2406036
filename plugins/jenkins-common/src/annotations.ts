/**
 * The annotation that binds an entity to its Jenkins jobs. Same syntax as the
 * community plugin: `[instance:]folder/job`, several separated by commas.
 *
 * @public
 */
export const JENKINS_JOB_FULL_NAME_ANNOTATION = 'jenkins.io/job-full-name';

/**
 * Optional per-entity override of job environments:
 * `folder/job=production, other=staging`.
 *
 * @public
 */
export const JENKINS_ENVIRONMENT_ANNOTATION = 'jenkins.io/environment';

/** The instance used when a reference names none. @public */
export const DEFAULT_JENKINS_INSTANCE = 'default';

/**
 * One job named by an entity annotation.
 *
 * @public
 */
export interface JenkinsJobReference {
  instance: string;
  fullName: string;
}

const INSTANCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Thrown when an annotation value cannot be parsed; the message says which
 * part is wrong so the entity owner can fix it.
 *
 * @public
 */
export class JenkinsAnnotationError extends Error {
  name = 'JenkinsAnnotationError';
}

function parseOne(raw: string): JenkinsJobReference {
  const colon = raw.indexOf(':');
  const instance =
    colon >= 0 ? raw.slice(0, colon).trim() : DEFAULT_JENKINS_INSTANCE;
  const fullName = (colon >= 0 ? raw.slice(colon + 1) : raw)
    .trim()
    .replace(/^\/+|\/+$/g, '');
  if (!INSTANCE_NAME.test(instance)) {
    throw new JenkinsAnnotationError(
      `Invalid Jenkins instance name '${instance}' in '${raw}'`,
    );
  }
  if (!fullName || fullName.split('/').some(part => !part.trim())) {
    throw new JenkinsAnnotationError(`Invalid Jenkins job name in '${raw}'`);
  }
  return { instance, fullName };
}

/**
 * Parses the value of {@link JENKINS_JOB_FULL_NAME_ANNOTATION}. Whitespace
 * around entries is tolerated and duplicates are dropped.
 *
 * @public
 */
export function parseJobAnnotation(
  value: string | undefined,
): JenkinsJobReference[] {
  if (!value || !value.trim()) {
    return [];
  }
  const seen = new Set<string>();
  const refs: JenkinsJobReference[] = [];
  for (const raw of value.split(',')) {
    if (!raw.trim()) {
      continue;
    }
    const ref = parseOne(raw.trim());
    const key = `${ref.instance}:${ref.fullName}`;
    if (!seen.has(key)) {
      seen.add(key);
      refs.push(ref);
    }
  }
  return refs;
}

/**
 * Parses {@link JENKINS_ENVIRONMENT_ANNOTATION} into a map from job full name
 * (optionally prefixed with `instance:`) to environment.
 *
 * @public
 */
export function parseEnvironmentAnnotation(
  value: string | undefined,
): Map<string, string> {
  const result = new Map<string, string>();
  for (const raw of (value ?? '').split(',')) {
    const [job, env] = raw.split('=').map(s => s?.trim());
    if (job && env) {
      result.set(job, env);
    }
  }
  return result;
}

/**
 * Whether an entity carries the Jenkins annotation.
 *
 * @public
 */
export function hasJenkinsAnnotation(entity: {
  metadata: { annotations?: Record<string, string> };
}): boolean {
  return Boolean(
    entity.metadata.annotations?.[JENKINS_JOB_FULL_NAME_ANNOTATION]?.trim(),
  );
}
