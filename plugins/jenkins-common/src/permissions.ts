import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** The resource type of Jenkins job permissions. @public */
export const JENKINS_JOB_RESOURCE_TYPE = 'jenkins-job';

/**
 * What a permission decision about a Jenkins job can look at.
 *
 * @public
 */
export interface JenkinsJobResource {
  /** The entity through which the job is reached, e.g. `component:default/payments-service`. */
  entityRef: string;
  /** The configured Jenkins instance name. */
  instance: string;
  /** The job's full name in Jenkins, e.g. `payments/deploy-production`. */
  jobFullName: string;
  /**
   * The environment from config patterns; for a job they leave unclassified,
   * from the entity's `jenkins.io/environment` annotation when the backend
   * allows it (`jenkins.environments.allowAnnotations`); else null.
   */
  environment: string | null;
  /** The job's folder path, `''` for a top-level job. */
  folder: string;
  /** The entity's owners (`spec.owner` and `ownedBy` relations), as entity refs. */
  owners: string[];
  /**
   * The job's owners by the backend's config (`jenkins.instances[].owners`),
   * as lower-case entity refs; null when no owner config covers the job.
   * Unlike `owners`, nobody can claim these by editing an entity.
   */
  jobOwners: string[] | null;
}

/** A permission about Jenkins jobs. @public */
export type JenkinsJobPermission = ResourcePermission<
  typeof JENKINS_JOB_RESOURCE_TYPE
>;

/** See a job, its builds, stages and tests. @public */
export const jenkinsJobReadPermission = createPermission({
  name: 'jenkins.job.read',
  attributes: { action: 'read' },
  resourceType: JENKINS_JOB_RESOURCE_TYPE,
});

/** Read build console logs. @public */
export const jenkinsBuildLogsReadPermission = createPermission({
  name: 'jenkins.build.logs.read',
  attributes: { action: 'read' },
  resourceType: JENKINS_JOB_RESOURCE_TYPE,
});

/** Run a job. @public */
export const jenkinsJobTriggerPermission = createPermission({
  name: 'jenkins.job.trigger',
  attributes: { action: 'create' },
  resourceType: JENKINS_JOB_RESOURCE_TYPE,
});

/** Run a build again with the same parameters. @public */
export const jenkinsBuildRebuildPermission = createPermission({
  name: 'jenkins.build.rebuild',
  attributes: { action: 'create' },
  resourceType: JENKINS_JOB_RESOURCE_TYPE,
});

/** Abort a running build or cancel a queued one. @public */
export const jenkinsBuildAbortPermission = createPermission({
  name: 'jenkins.build.abort',
  attributes: { action: 'update' },
  resourceType: JENKINS_JOB_RESOURCE_TYPE,
});

/** Answer a pipeline input step (approve or reject). @public */
export const jenkinsBuildApprovePermission = createPermission({
  name: 'jenkins.build.approve',
  attributes: { action: 'update' },
  resourceType: JENKINS_JOB_RESOURCE_TYPE,
});

/** Read and export the whole audit trail. @public */
export const jenkinsAuditReadPermission = createPermission({
  name: 'jenkins.audit.read',
  attributes: { action: 'read' },
});

/** Every Jenkins permission, for registration with the permissions registry. @public */
export const jenkinsPermissions = [
  jenkinsJobReadPermission,
  jenkinsBuildLogsReadPermission,
  jenkinsJobTriggerPermission,
  jenkinsBuildRebuildPermission,
  jenkinsBuildAbortPermission,
  jenkinsBuildApprovePermission,
  jenkinsAuditReadPermission,
];

/** The resource permissions that a job's capabilities report on. @public */
export const jenkinsJobActionPermissions = {
  trigger: jenkinsJobTriggerPermission,
  rebuild: jenkinsBuildRebuildPermission,
  abort: jenkinsBuildAbortPermission,
  approve: jenkinsBuildApprovePermission,
  readLogs: jenkinsBuildLogsReadPermission,
} as const;
