import { Entity } from '@backstage/catalog-model';
import { JenkinsJobResource, JobKind } from '@internal/plugin-jenkins-common';

/**
 * A job that an entity's annotation names (or a branch of a multibranch job
 * it names), ready for authorization and Jenkins calls.
 *
 * @public
 */
export interface ResolvedJob {
  /** The opaque id of `instance:fullName` (`encodeJobId`). */
  id: string;
  /** The entity through which the job is reached, e.g. `component:default/payments-service`. */
  entityRef: string;
  instance: string;
  /** The job's full name in Jenkins; for a branch, e.g. `payments/payments-service/feature%2Ffast-refunds`. */
  fullName: string;
  /** The job the annotation names: `fullName` itself, or the multibranch job of a branch. */
  annotatedFullName: string;
  /** The git branch name when this is a branch of a multibranch job. */
  branch?: string;
  /** Known once Jenkins was asked (branches are always `pipeline`). */
  kind?: JobKind;
  /** What permission decisions look at. */
  resource: JenkinsJobResource;
  /** The entity, as the caller may see it. */
  entity: Entity;
}
