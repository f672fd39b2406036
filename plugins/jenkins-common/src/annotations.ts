import { decodeJobId, encodeJobId } from './jobId';

/**
 * The annotation that binds an entity to its Jenkins jobs. Same syntax as the
 * community plugin: `[instance:]folder/job`, several separated by commas.
 *
 * @public
 */
export const JENKINS_JOB_FULL_NAME_ANNOTATION = 'jenkins.io/job-full-name';

/**
 * Optional per-entity environments of jobs:
 * `folder/job=production, other=staging`. The backend's config is
 * authoritative: the annotation only classifies a job that the instance's
 * `environments` patterns leave unclassified, and only while
 * `jenkins.environments.allowAnnotations` is on.
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
  /** The annotation whose value is invalid, e.g. `jenkins.io/job-full-name`. */
  readonly annotation: string;

  constructor(message: string, annotation = JENKINS_JOB_FULL_NAME_ANNOTATION) {
    super(message);
    this.annotation = annotation;
  }
}

// C0 controls and DEL: no Jenkins item name holds them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Why a job's full name is refused, or undefined when it is acceptable. A
 * name must mean one job everywhere: to config patterns and permission rules,
 * which see it as written, and to the HTTP stack, which resolves `.` and `..`
 * segments (also percent-encoded) to another item: the URL of
 * `payments/../deploy-production`, `/job/payments/job/../job/deploy-production`,
 * is requested as `/job/payments/job/deploy-production`, the production job,
 * while no pattern matches the name as written. So every segment must be
 * non-empty, not a dot segment, without surrounding whitespace or control
 * characters, and the name must survive the round trips it takes: into the
 * Jenkins URL path (`/job/<segment>` each, percent-encoded) and into the job
 * id.
 */
function jobNameProblem(
  instance: string,
  fullName: string,
): string | undefined {
  const segments = fullName.split('/');
  for (const segment of segments) {
    if (!segment.trim()) {
      return 'it has an empty segment';
    }
    const decoded = safeDecode(segment);
    if (decoded === '.' || decoded === '..') {
      return `the segment '${segment}' would name another item`;
    }
    if (segment !== segment.trim()) {
      return `the segment '${segment}' has surrounding whitespace`;
    }
    if (CONTROL_CHARACTER.test(segment)) {
      return 'it contains a control character';
    }
  }
  let path: string;
  try {
    path = segments.map(s => `/job/${encodeURIComponent(s)}`).join('');
  } catch {
    return 'it cannot be written in a URL';
  }
  if (new URL(path, 'http://jenkins.invalid').pathname !== path) {
    return 'a URL would name another item';
  }
  const id = decodeJobId(encodeJobId(instance, fullName));
  if (id?.instance !== instance || id?.fullName !== fullName) {
    return 'it does not survive encoding as a job id';
  }
  return undefined;
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
      `Invalid Jenkins instance name '${instance}' in '${raw}' (${JENKINS_JOB_FULL_NAME_ANNOTATION})`,
    );
  }
  if (!fullName) {
    throw new JenkinsAnnotationError(
      `Invalid Jenkins job name in '${raw}' (${JENKINS_JOB_FULL_NAME_ANNOTATION}): it is empty`,
    );
  }
  const problem = jobNameProblem(instance, fullName);
  if (problem) {
    throw new JenkinsAnnotationError(
      `Invalid Jenkins job name in '${raw}' (${JENKINS_JOB_FULL_NAME_ANNOTATION}): ${problem}`,
    );
  }
  return { instance, fullName };
}

/** Annotation values already parsed (only valid ones), oldest first. */
const parsedAnnotations = new Map<string, JenkinsJobReference[]>();
const PARSED_ANNOTATIONS_MAX = 1000;
const PARSED_ANNOTATION_MAX_LENGTH = 4096;

/**
 * Parses the value of {@link JENKINS_JOB_FULL_NAME_ANNOTATION}. Whitespace
 * around entries is tolerated and duplicates are dropped. A job name with an
 * empty, `.` or `..` segment (also percent-encoded), a segment with
 * surrounding whitespace or control characters, or a name that does not
 * round-trip through the Jenkins URL path and the job id is refused with a
 * {@link JenkinsAnnotationError} naming the annotation: the HTTP stack would
 * resolve it to another job than the one config patterns and policies see.
 *
 * @public
 */
export function parseJobAnnotation(
  value: string | undefined,
): JenkinsJobReference[] {
  if (!value || !value.trim()) {
    return [];
  }
  // Every read resolves its entity's jobs; the checks of a name (URL and
  // job id round trips) cost more than the request that needs them.
  let refs = parsedAnnotations.get(value);
  if (!refs) {
    refs = parseReferences(value);
    if (value.length > PARSED_ANNOTATION_MAX_LENGTH) {
      return refs;
    }
    if (parsedAnnotations.size >= PARSED_ANNOTATIONS_MAX) {
      parsedAnnotations.delete(parsedAnnotations.keys().next().value!);
    }
    parsedAnnotations.set(value, refs);
  }
  return refs.map(ref => ({ ...ref }));
}

function parseReferences(value: string): JenkinsJobReference[] {
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
