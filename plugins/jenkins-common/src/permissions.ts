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
  /**
   * The build a decision is about (approving, rejecting, aborting or
   * rebuilding act on a build), as the backend established it from its own
   * audit trail and from Jenkins, never from the request. Absent when the
   * decision is about the job as a whole (running it, reading it).
   */
  build?: JenkinsBuildFacts;
  /**
   * How the request reached the backend, as the backend itself knows it
   * (which of its adapters received it), never from the request's content:
   * `http` for the portal's HTTP API, `action` for the actions registry
   * (AI assistants over MCP, and other callers of actions), `template` for
   * the scaffolder. Absent when a decision is not about a request (e.g. the
   * permission backend applying conditions).
   */
  via?: 'http' | 'action' | 'template';
}

/**
 * What the backend knows about a build when a permission decision is about
 * it.
 *
 * @public
 */
export interface JenkinsBuildFacts {
  /** The build number. */
  number: number;
  /**
   * The user entity ref of the person who started the build, lower case:
   * from the audit trail for builds started through Backstage, else from
   * Jenkins' `hudson.model.Cause$UserIdCause` mapped back through
   * `jenkins.userMapping`. Null when it cannot be established (a timer,
   * SCM or upstream cause, an anonymous user, a Jenkins user with no
   * Backstage user).
   */
  startedBy: string | null;
  /** Where `startedBy` came from. */
  startedBySource: 'audit' | 'jenkins' | 'unknown';
  /** The names of the build's parameters (never their values). */
  parameterNames: string[];
  /** The job's environment, as for the job. */
  environment: string | null;
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

/** Download a build's archived artifacts. @public */
export const jenkinsBuildArtifactsReadPermission = createPermission({
  name: 'jenkins.build.artifacts.read',
  attributes: { action: 'read' },
  resourceType: JENKINS_JOB_RESOURCE_TYPE,
});

/**
 * Restart a finished Declarative pipeline from one of its stages
 * (Jenkins: `RestartDeclarativePipelineAction`, Item/Build). @public
 */
export const jenkinsBuildRestartPermission = createPermission({
  name: 'jenkins.build.restart',
  attributes: { action: 'create' },
  resourceType: JENKINS_JOB_RESOURCE_TYPE,
});

/**
 * Run a pipeline build again with the same script (Jenkins: `ReplayAction`
 * `rebuild`, Item/Build). An edited script also needs
 * {@link jenkinsBuildReplayEditPermission}. @public
 */
export const jenkinsBuildReplayPermission = createPermission({
  name: 'jenkins.build.replay',
  attributes: { action: 'create' },
  resourceType: JENKINS_JOB_RESOURCE_TYPE,
});

/**
 * Replay a pipeline build with an edited script (Jenkins: `ReplayAction`
 * `run`, Run/Replay): a separate decision, so that a policy can allow
 * reruns and still refuse edited scripts, e.g. in production. @public
 */
export const jenkinsBuildReplayEditPermission = createPermission({
  name: 'jenkins.build.replay.edit',
  attributes: { action: 'create' },
  resourceType: JENKINS_JOB_RESOURCE_TYPE,
});

/**
 * Pause or resume a running pipeline (Pipeline Graph View's `stages/pause`
 * and `stages/resume`). Jenkins checks Item/Cancel for these, as for an
 * abort; Backstage decides them apart, because holding a build is milder
 * than killing it and a policy may allow one without the other. @public
 */
export const jenkinsBuildPausePermission = createPermission({
  name: 'jenkins.build.pause',
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
  jenkinsBuildArtifactsReadPermission,
  jenkinsBuildRestartPermission,
  jenkinsBuildReplayPermission,
  jenkinsBuildReplayEditPermission,
  jenkinsBuildPausePermission,
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
