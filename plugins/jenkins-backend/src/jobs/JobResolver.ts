import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  decodeJobId,
  encodeJobId,
  JENKINS_JOB_FULL_NAME_ANNOTATION,
  JenkinsAnnotationError,
  JenkinsJobReference,
  parseJobAnnotation,
} from '@internal/plugin-jenkins-common';
import { JenkinsPluginConfig } from '../config/JenkinsConfig';
import { Caller } from '../identity/types';
import { EntityNotFoundError } from './EntityNotFoundError';
import { EnvironmentResolver } from './EnvironmentResolver';
import { JobOwnerResolver } from './JobOwnerResolver';
import { ResolvedJob } from './ResolvedJob';

/**
 * Asks Jenkins, as the caller, whether a named job is a multibranch job.
 * Only consulted for ids that look like a branch of an annotated job, and
 * only once the caller is authorized on it ({@link JobResolver.confirmBranch}).
 */
export type MultibranchCheck = (
  caller: Caller,
  instance: string,
  fullName: string,
) => Promise<boolean>;

/** Options of {@link JobResolver}. @public */
export interface JobResolverOptions {
  catalog: CatalogService;
  config: JenkinsPluginConfig;
  environments: EnvironmentResolver;
  isMultibranch: MultibranchCheck;
}

const MULTIBRANCH_CLASS =
  'org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject';

/** Whether a Jenkins `_class` is a multibranch project. */
export function isMultibranchClass(jenkinsClass: unknown): boolean {
  return (
    typeof jenkinsClass === 'string' &&
    (jenkinsClass === MULTIBRANCH_CLASS ||
      /MultiBranchProject$/.test(jenkinsClass))
  );
}

/**
 * Binds jobs to entities strictly: an entity's jobs are exactly those its
 * `jenkins.io/job-full-name` annotation names (and the branches of named
 * multibranch jobs). Entities are loaded with the caller's credentials, so
 * an entity the caller cannot see does not exist for them (404).
 *
 * @public
 */
export class JobResolver {
  private readonly jobOwners: JobOwnerResolver;

  constructor(private readonly options: JobResolverOptions) {
    this.jobOwners = new JobOwnerResolver(options.config);
  }

  /** The entity as the caller sees it; NotFoundError when absent or hidden. */
  async loadEntity(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new EntityNotFoundError(entityRef);
    }
    return entity;
  }

  /** Every job the entity's annotation names, in annotation order. */
  async jobsOf(
    caller: Caller,
    entityRef: string,
  ): Promise<{ entity: Entity; jobs: ResolvedJob[] }> {
    const entity = await this.loadEntity(caller.credentials, entityRef);
    return {
      entity,
      jobs: this.annotatedJobs(entity).map(ref =>
        this.toResolvedJob(entity, ref.instance, ref.fullName, ref.fullName),
      ),
    };
  }

  /**
   * The job an id stands for, if the entity names it (or it may be a branch
   * of a job the entity names); NotFoundError otherwise. It never calls
   * Jenkins: a branch id still needs {@link JobResolver.confirmBranch}, once
   * the permission policy has allowed the caller on the job.
   */
  async resolveJob(
    caller: Caller,
    entityRef: string,
    jobId: string,
  ): Promise<ResolvedJob> {
    const decoded = decodeJobId(jobId);
    if (!decoded) {
      throw new NotFoundError(`No Jenkins job ${jobId} on ${entityRef}`);
    }
    const entity = await this.loadEntity(caller.credentials, entityRef);
    const match = this.matchAnnotated(entity, decoded);
    if (!match) {
      throw new NotFoundError(
        `${stringifyEntityRef(entity)} has no Jenkins job ${jobId}`,
      );
    }
    return this.toResolvedJob(
      entity,
      decoded.instance,
      match.fullName,
      match.annotated,
    );
  }

  /**
   * Confirms, asking Jenkins as the caller, that a branch id names a branch
   * of a multibranch job (NotFoundError otherwise). The question is a read of
   * the job: ask it only once the caller is authorized on the job.
   */
  async confirmBranch(caller: Caller, job: ResolvedJob): Promise<void> {
    if (job.fullName === job.annotatedFullName) {
      return;
    }
    if (
      !(await this.options.isMultibranch(
        caller,
        job.instance,
        job.annotatedFullName,
      ))
    ) {
      throw new NotFoundError(`${job.entityRef} has no Jenkins job ${job.id}`);
    }
  }

  /**
   * Rebuilds a resolved job from an entity the caller already loaded, e.g.
   * for the branches of a multibranch job in the jobs list.
   */
  branchOf(parent: ResolvedJob, branchFullName: string): ResolvedJob {
    return {
      ...this.toResolvedJob(
        parent.entity,
        parent.instance,
        branchFullName,
        parent.annotatedFullName,
      ),
      kind: 'pipeline',
    };
  }

  /**
   * The job for a permission resource ref (`<entityRef>|<jobId>`), loaded
   * with the given (service) credentials; undefined when it does not resolve,
   * and for a branch id: only Jenkins, asked as a person (a loader has none),
   * tells a branch from a made-up child of a plain job.
   */
  async resourceFor(
    credentials: BackstageCredentials,
    resourceRef: string,
  ): Promise<ResolvedJob | undefined> {
    const separator = resourceRef.lastIndexOf('|');
    if (separator <= 0) {
      return undefined;
    }
    const entityRef = resourceRef.slice(0, separator);
    const decoded = decodeJobId(resourceRef.slice(separator + 1));
    if (!decoded) {
      return undefined;
    }
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    const match = entity && this.matchAnnotated(entity, decoded);
    if (!entity || !match || match.branch !== undefined) {
      return undefined;
    }
    return this.toResolvedJob(
      entity,
      decoded.instance,
      match.fullName,
      match.annotated,
    );
  }

  private annotatedJobs(entity: Entity): JenkinsJobReference[] {
    const entityRef = stringifyEntityRef(entity);
    let refs: JenkinsJobReference[];
    try {
      refs = parseJobAnnotation(
        entity.metadata.annotations?.[JENKINS_JOB_FULL_NAME_ANNOTATION],
      );
    } catch (error) {
      if (error instanceof JenkinsAnnotationError) {
        throw new InputError(
          `${entityRef} has an invalid ${JENKINS_JOB_FULL_NAME_ANNOTATION} annotation: ${error.message}`,
        );
      }
      throw error;
    }
    for (const ref of refs) {
      if (!this.options.config.instances.has(ref.instance)) {
        const configured = [...this.options.config.instances.keys()];
        throw new InputError(
          `${entityRef} names Jenkins instance '${
            ref.instance
          }' in its ${JENKINS_JOB_FULL_NAME_ANNOTATION} annotation, but only ${
            configured.length
              ? configured.map(name => `'${name}'`).join(', ')
              : 'no instances'
          } ${configured.length === 1 ? 'is' : 'are'} configured`,
        );
      }
    }
    return refs;
  }

  /**
   * The annotated job a decoded id names, compared ignoring case as Jenkins
   * resolves item names (`Jenkins.getItem`, `AbstractFolder.getItem` over
   * `CaseInsensitiveComparator` maps); the job keeps the annotation's
   * spelling, so that config patterns, the audit trail and caches see one
   * name for one job.
   */
  private matchAnnotated(
    entity: Entity,
    job: { instance: string; fullName: string },
  ): { annotated: string; fullName: string; branch?: string } | undefined {
    const wanted = job.fullName.toLowerCase();
    for (const ref of this.annotatedJobs(entity)) {
      if (ref.instance !== job.instance) {
        continue;
      }
      const annotated = ref.fullName.toLowerCase();
      if (wanted === annotated) {
        return { annotated: ref.fullName, fullName: ref.fullName };
      }
      const rest = wanted.startsWith(`${annotated}/`)
        ? job.fullName.slice(ref.fullName.length + 1)
        : '';
      // A branch job is exactly one segment below its multibranch job, and
      // never `.` or `..`, which an HTTP stack would resolve to another item.
      const decodedRest = safeDecode(rest);
      if (
        rest &&
        !rest.includes('/') &&
        decodedRest !== '.' &&
        decodedRest !== '..'
      ) {
        return {
          annotated: ref.fullName,
          fullName: `${ref.fullName}/${rest}`,
          branch: decodedRest,
        };
      }
    }
    return undefined;
  }

  private toResolvedJob(
    entity: Entity,
    instance: string,
    fullName: string,
    annotatedFullName: string,
  ): ResolvedJob {
    const entityRef = stringifyEntityRef(entity);
    const folderOf = annotatedFullName.includes('/')
      ? annotatedFullName.slice(0, annotatedFullName.lastIndexOf('/'))
      : '';
    const branch =
      fullName === annotatedFullName
        ? undefined
        : safeDecode(fullName.slice(annotatedFullName.length + 1));
    return {
      id: encodeJobId(instance, fullName),
      entityRef,
      instance,
      fullName,
      annotatedFullName,
      branch,
      resource: {
        entityRef,
        instance,
        jobFullName: fullName,
        environment: this.options.environments.environmentFor(
          entity,
          instance,
          fullName,
          annotatedFullName,
        ),
        folder: folderOf,
        owners: ownersOf(entity),
        jobOwners: this.jobOwners.ownersOf(
          instance,
          fullName,
          annotatedFullName,
        ),
      },
      entity,
    };
  }
}

/** `spec.owner` and `ownedBy` relations, as full entity refs. */
export function ownersOf(entity: Entity): string[] {
  const owners = new Set<string>();
  const specOwner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof specOwner === 'string' && specOwner) {
    try {
      owners.add(
        stringifyEntityRef(
          parseEntityRef(specOwner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ),
      );
    } catch {
      // An unparsable owner simply owns nothing.
    }
  }
  for (const relation of entity.relations ?? []) {
    if (relation.type === RELATION_OWNED_BY) {
      owners.add(relation.targetRef);
    }
  }
  return [...owners];
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
