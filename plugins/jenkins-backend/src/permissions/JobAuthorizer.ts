import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  Capability,
  JenkinsBuildFacts,
  JenkinsJobPermission,
  jenkinsJobActionPermissions,
  JenkinsJobResource,
  JobCapabilities,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { ResolvedJob } from '../jobs/ResolvedJob';

/** Evaluates a conditional decision against a resource. */
export type ConditionEvaluator = (
  decision: PolicyDecision,
  resource: JenkinsJobResource,
) => boolean;

/** A starter that is nobody's user ref, for the counterfactual decision. */
const SOMEONE_ELSE = 'user:jenkins.backstage.io/someone-else';

/**
 * Decides what a caller may do on a job with the permission framework:
 * `authorizeConditional`, then conditional decisions evaluated locally with
 * the `jenkins-job` rules against the job's resource (no round trip).
 *
 * @public
 */
export class JobAuthorizer {
  constructor(
    private readonly permissions: PermissionsService,
    private readonly evaluate: ConditionEvaluator,
  ) {}

  /**
   * Throws NotAllowedError when the policy denies it, naming the
   * permission, or saying why when the build's starter decided it.
   */
  async authorizeJob(
    caller: Caller,
    permission: JenkinsJobPermission,
    job: ResolvedJob,
  ): Promise<void> {
    const [capability] = await this.capabilities(caller, [permission], job);
    if (!capability.allowed) {
      throw new NotAllowedError(capability.reason);
    }
  }

  /**
   * Whether each permission is allowed, with a human reason for each
   * denial; one policy call for all of them. When the resource carries a
   * build and a conditional decision would allow it but for who started
   * the build, the reason says so (see {@link separationReason}).
   */
  async capabilities(
    caller: Caller,
    permissions: JenkinsJobPermission[],
    job: ResolvedJob,
  ): Promise<Capability[]> {
    const decisions = await this.permissions.authorizeConditional(
      permissions.map(permission => ({ permission })),
      { credentials: caller.credentials },
    );
    return decisions.map((decision, index) => {
      const permission = permissions[index];
      if (decision.result === AuthorizeResult.ALLOW) {
        return { allowed: true };
      }
      if (decision.result === AuthorizeResult.CONDITIONAL) {
        return this.explain(decision, permission, caller, job.resource);
      }
      return {
        allowed: false,
        reason: denialReason(permission, job.resource),
      };
    });
  }

  /**
   * Decides a permission on one build of the job. The build's facts (who
   * started it) are asked for only when they can change the decision: a
   * conditional decision that comes out differently for a build the caller
   * started, someone else started, or nobody knows who started. So a
   * plain allow or deny, or a condition that ignores the starter, costs no
   * look-up (and no Jenkins request).
   */
  async capabilityOnBuild(
    caller: Caller,
    permission: JenkinsJobPermission,
    job: ResolvedJob,
    buildNumber: number,
    factsOf: () => Promise<JenkinsBuildFacts>,
  ): Promise<Capability> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials: caller.credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      return { allowed: true };
    }
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return { allowed: false, reason: denialReason(permission, job.resource) };
    }
    const probe = (startedBy: string | null) =>
      this.evaluate(decision, {
        ...requestResource(caller, job),
        build: {
          number: buildNumber,
          startedBy,
          startedBySource: startedBy ? 'audit' : 'unknown',
          parameterNames: [],
          environment: job.resource.environment,
        },
      });
    const outcomes = new Set([
      probe(caller.userRef.toLocaleLowerCase('en-US')),
      probe(SOMEONE_ELSE),
      probe(null),
    ]);
    if (outcomes.size === 1 && outcomes.has(true)) {
      return { allowed: true };
    }
    const build = outcomes.size === 1 ? undefined : await factsOf();
    return this.explain(decision, permission, caller, {
      ...job.resource,
      ...(build ? { build } : {}),
    });
  }

  /** Throws NotAllowedError with the reason when {@link capabilityOnBuild} denies. */
  async authorizeBuild(
    caller: Caller,
    permission: JenkinsJobPermission,
    job: ResolvedJob,
    buildNumber: number,
    factsOf: () => Promise<JenkinsBuildFacts>,
  ): Promise<void> {
    const capability = await this.capabilityOnBuild(
      caller,
      permission,
      job,
      buildNumber,
      factsOf,
    );
    if (!capability.allowed) {
      throw new NotAllowedError(capability.reason);
    }
  }

  /**
   * A conditional decision applied to the resource as requested, with the
   * reason of a denial: the way the request came, who started the build,
   * or the permission and job.
   */
  private explain(
    decision: PolicyDecision,
    permission: JenkinsJobPermission,
    caller: Caller,
    jobResource: JenkinsJobResource,
  ): Capability {
    const resource = { ...jobResource, via: caller.via };
    if (this.evaluate(decision, resource)) {
      return { allowed: true };
    }
    // Would the portal be allowed? Then the way the request came decided.
    if (
      caller.via !== 'http' &&
      this.evaluate(decision, { ...resource, via: 'http' })
    ) {
      return {
        allowed: false,
        reason: viaReason(permission, jobResource, caller.via),
      };
    }
    const build = jobResource.build;
    // Would someone else's build be allowed? Then the starter decided.
    if (
      build &&
      this.evaluate(decision, {
        ...resource,
        build: { ...build, startedBy: SOMEONE_ELSE, startedBySource: 'audit' },
      })
    ) {
      return {
        allowed: false,
        reason: separationReason(permission, jobResource),
      };
    }
    return { allowed: false, reason: denialReason(permission, jobResource) };
  }

  /** Whether each permission is allowed; one policy call for all of them. */
  async decide(
    caller: Caller,
    permissions: JenkinsJobPermission[],
    job: ResolvedJob,
  ): Promise<boolean[]> {
    const decisions = await this.permissions.authorizeConditional(
      permissions.map(permission => ({ permission })),
      { credentials: caller.credentials },
    );
    return decisions.map(decision => {
      if (decision.result === AuthorizeResult.ALLOW) {
        return true;
      }
      if (decision.result === AuthorizeResult.CONDITIONAL) {
        return this.evaluate(decision, requestResource(caller, job));
      }
      return false;
    });
  }

  /** What the caller may do on the job, with a human reason for each denial. */
  async capabilitiesFor(
    caller: Caller,
    job: ResolvedJob,
  ): Promise<JobCapabilities> {
    const entries = Object.entries(jenkinsJobActionPermissions) as Array<
      [keyof JobCapabilities, JenkinsJobPermission]
    >;
    const allowed = await this.decide(
      caller,
      entries.map(([, permission]) => permission),
      job,
    );
    const capabilities = {} as JobCapabilities;
    entries.forEach(([name, permission], index) => {
      capabilities[name] = allowed[index]
        ? { allowed: true }
        : { allowed: false, reason: denialReason(permission, job.resource) };
    });
    return capabilities;
  }
}

/**
 * The job's resource as a decision about this request sees it: with the
 * adapter the request came through (the caller's `via`, which the backend
 * sets, never the request).
 */
function requestResource(caller: Caller, job: ResolvedJob): JenkinsJobResource {
  return { ...job.resource, via: caller.via };
}

const VIA_NAMES: Record<Caller['via'], string> = {
  http: 'the portal',
  action:
    'an AI assistant or other automation (the Backstage actions registry)',
  template: 'a software template',
};

/**
 * Why a decision went against the caller because of the way the request
 * came: "Your permission policy does not allow jenkins.job.trigger on
 * payments/deploy-production (production) through an AI assistant …; do
 * it in the Backstage portal".
 */
export function viaReason(
  permission: JenkinsJobPermission,
  resource: JenkinsJobResource,
  via: Caller['via'],
): string {
  return `${denialReason(permission, resource)} through ${
    VIA_NAMES[via]
  }; do it in the Backstage portal`;
}

const VERBS: Record<string, string> = {
  'jenkins.build.approve': 'approve',
  'jenkins.build.abort': 'abort',
  'jenkins.build.rebuild': 'rebuild',
};

/**
 * Why a decision about a build went against the caller because of who
 * started it: "You started this deploy; another release manager must
 * approve it", or that nobody can tell who started it.
 */
export function separationReason(
  permission: JenkinsJobPermission,
  resource: JenkinsJobResource,
): string {
  const what = resource.environment ? 'deploy' : 'build';
  const verb = VERBS[permission.name] ?? `use ${permission.name} on`;
  const build = resource.build!;
  if (build.startedBy === null) {
    return `Nobody can tell who started this ${what} (#${build.number} was not started through Backstage and Jenkins names no Backstage user), and your permission policy requires someone other than the person who started it to ${verb} it`;
  }
  if (permission.name === 'jenkins.build.approve') {
    return `You started this ${what}; another ${
      resource.environment === 'production' ? 'release manager' : 'approver'
    } must approve it`;
  }
  return `You started this ${what}; your permission policy requires someone else to ${verb} it`;
}

/**
 * "Your permission policy does not allow jenkins.job.trigger on
 * payments/deploy-production (production)".
 */
export function denialReason(
  permission: JenkinsJobPermission,
  resource: JenkinsJobResource,
): string {
  return `Your permission policy does not allow ${permission.name} on ${
    resource.jobFullName
  }${resource.environment ? ` (${resource.environment})` : ''}`;
}
