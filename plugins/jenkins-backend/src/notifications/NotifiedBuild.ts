import {
  decodeJobId,
  JenkinsBuildEvent,
} from '@internal/plugin-jenkins-common';

/**
 * A build transition as notifications see it: the event and the entities
 * that annotate its job (the same shape as the events' `BuildEventContext`,
 * restated so that notifications depend on no event plumbing).
 */
export interface NotifiedBuild {
  event: JenkinsBuildEvent;
  entities: Array<{
    entityRef: string;
    jobId: string;
    ownerRefs: string[];
    annotatedFullName?: string;
  }>;
  environment?: string;
}

/** Branch names Jenkins multibranch projects use for the default branch. */
const DEFAULT_BRANCHES = new Set(['main', 'master']);

/**
 * The branch of a multibranch branch build (the event's job is a child of
 * the annotated job), decoded as Jenkins encodes branch names in item names
 * (`feature%2Fx`); undefined for a job that is not a branch.
 */
export function branchOf(build: NotifiedBuild): string | undefined {
  const { event } = build;
  for (const entity of build.entities) {
    const annotated =
      entity.annotatedFullName ?? decodeJobId(entity.jobId)?.fullName;
    if (
      annotated &&
      annotated.toLocaleLowerCase('en-US') !==
        event.jobFullName.toLocaleLowerCase('en-US') &&
      event.jobFullName
        .toLocaleLowerCase('en-US')
        .startsWith(`${annotated.toLocaleLowerCase('en-US')}/`)
    ) {
      const segment = event.jobFullName.slice(annotated.length + 1);
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    }
  }
  return undefined;
}

/**
 * Whether the build is of its job's default branch: every build of a job
 * that is not multibranch is, and of a multibranch job only `main` or
 * `master`.
 */
export function isDefaultBranch(build: NotifiedBuild): boolean {
  const branch = branchOf(build);
  return branch === undefined || DEFAULT_BRANCHES.has(branch);
}

/** The job's name as people say it: `deploy-production`, `payments-service » main`. */
export function jobLabelOf(build: NotifiedBuild): string {
  const segments = build.event.jobFullName.split('/');
  const branch = branchOf(build);
  if (branch !== undefined && segments.length > 1) {
    return `${segments[segments.length - 2]} » ${branch}`;
  }
  return segments[segments.length - 1];
}

/** The per-job scope: a newer notification replaces the last one of the job. */
export function scopeOf(event: JenkinsBuildEvent): string {
  return `jenkins:${event.instance}:${event.jobFullName.toLocaleLowerCase(
    'en-US',
  )}`;
}
