import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  JENKINS_JOB_RESOURCE_TYPE,
  JenkinsJobResource,
} from '@internal/plugin-jenkins-common';

/**
 * Jobs are never listed from a store by query, so rules translate to a
 * simple description of what they match rather than a database filter.
 *
 * @public
 */
export type JenkinsJobQuery = {
  property:
    | 'environment'
    | 'folder'
    | 'instance'
    | 'owners'
    | 'jobOwners'
    | 'buildStartedBy'
    | 'via';
  values: string[];
};

/**
 * The `jenkins-job` resource type, owned by the `jenkins` plugin.
 *
 * @public
 */
export const jenkinsJobResourceRef = createPermissionResourceRef<
  JenkinsJobResource,
  JenkinsJobQuery
>().with({ pluginId: 'jenkins', resourceType: JENKINS_JOB_RESOURCE_TYPE });

/**
 * The resource ref of a job reached through an entity: `<entityRef>|<jobId>`.
 *
 * @public
 */
export function jobResourceRef(entityRef: string, jobId: string): string {
  return `${entityRef}|${jobId}`;
}
