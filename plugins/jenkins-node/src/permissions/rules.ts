import { createPermissionRule } from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { jenkinsJobResourceRef } from './jenkinsJobResourceRef';

/**
 * The job's environment is one of `environments`, e.g. `['production']`.
 * Jobs without an environment never match.
 *
 * @public
 */
export const isInEnvironment = createPermissionRule({
  name: 'IS_IN_ENVIRONMENT',
  description: 'Allow jobs whose environment is one of the given ones',
  resourceRef: jenkinsJobResourceRef,
  paramsSchema: z.object({
    environments: z
      .array(z.string())
      .describe('Environments, e.g. production or staging'),
  }),
  apply: (resource, { environments }) =>
    resource.environment !== null &&
    environments.some(
      env =>
        env.toLocaleLowerCase() === resource.environment!.toLocaleLowerCase(),
    ),
  toQuery: ({ environments }) => ({
    property: 'environment',
    values: environments,
  }),
});

/**
 * The job lies in one of `folders` (or below it), e.g. `['payments']`.
 *
 * @public
 */
export const isInFolder = createPermissionRule({
  name: 'IS_IN_FOLDER',
  description: 'Allow jobs in the given Jenkins folders or below them',
  resourceRef: jenkinsJobResourceRef,
  paramsSchema: z.object({
    folders: z.array(z.string()).describe('Jenkins folder full names'),
  }),
  apply: (resource, { folders }) =>
    folders.some(folder => {
      // Jenkins resolves item names ignoring case, so folder rules do too.
      const normalized = folder.replace(/^\/+|\/+$/g, '').toLowerCase();
      const actual = resource.folder.toLowerCase();
      return actual === normalized || actual.startsWith(`${normalized}/`);
    }),
  toQuery: ({ folders }) => ({ property: 'folder', values: folders }),
});

/**
 * The job lives on one of the named Jenkins instances.
 *
 * @public
 */
export const isOnInstance = createPermissionRule({
  name: 'IS_ON_INSTANCE',
  description: 'Allow jobs on the given Jenkins instances',
  resourceRef: jenkinsJobResourceRef,
  paramsSchema: z.object({
    instances: z.array(z.string()).describe('Configured instance names'),
  }),
  apply: (resource, { instances }) => instances.includes(resource.instance),
  toQuery: ({ instances }) => ({ property: 'instance', values: instances }),
});

/**
 * The caller owns the job's entity: one of the entity's owners is among
 * `claims` (pass the caller's ownership refs, as catalog's IS_ENTITY_OWNER).
 *
 * @public
 */
export const isEntityOwner = createPermissionRule({
  name: 'IS_ENTITY_OWNER',
  description: 'Allow jobs of entities owned by the given claims',
  resourceRef: jenkinsJobResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        'List of claims to match at least one on within the entity owners',
      ),
  }),
  apply: (resource, { claims }) => {
    const owners = new Set(resource.owners.map(o => o.toLocaleLowerCase()));
    return claims.some(claim => owners.has(claim.toLocaleLowerCase()));
  },
  toQuery: ({ claims }) => ({ property: 'owners', values: claims }),
});

/**
 * The caller owns the job itself: one of `claims` (pass the caller's
 * ownership refs, as for IS_ENTITY_OWNER) is among the groups the backend's
 * config says own the job (`jenkins.instances[].owners`, the resource's
 * `jobOwners`). Where no owner config covers the job, it falls back to
 * entity ownership: the owners of the entity the job is reached through
 * (the resource's `owners`), as IS_ENTITY_OWNER. So a team that annotates
 * another team's job on an entity it owns does not own that job, as long as
 * config says whose it is.
 *
 * @public
 */
export const isJobOwner = createPermissionRule({
  name: 'IS_JOB_OWNER',
  description:
    'Allow jobs owned by the given claims: the groups that the Jenkins config (jenkins.instances[].owners) says own the job; where no owner config covers the job, the owners of the entity it is reached through',
  resourceRef: jenkinsJobResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        "List of claims to match at least one on within the job's configured owners, or the entity owners where no owner config covers the job",
      ),
  }),
  apply: (resource, { claims }) => {
    // No owner config covers the job (null, or absent from an older backend).
    const configured = resource.jobOwners ?? resource.owners;
    const owners = new Set(configured.map(o => o.toLocaleLowerCase()));
    return claims.some(claim => owners.has(claim.toLocaleLowerCase()));
  },
  toQuery: ({ claims }) => ({ property: 'jobOwners', values: claims }),
});

/**
 * The decision is about a build that one of `claims` started (pass the
 * caller's user entity ref): the starter the backend established from its
 * audit trail or from Jenkins' user cause, never from the request. Use it
 * negated for separation of duties: "not the person who started it".
 *
 * A build whose starter cannot be established (timer, SCM or upstream
 * cause, an anonymous user, a Jenkins user without a Backstage user) is
 * unknown: it matches only when `matchUnknown` is true. So
 * `not(isBuildStartedByCaller({ claims, matchUnknown: true }))` refuses
 * unknown starters, and `matchUnknown: false` (the default) lets them
 * through. A decision about a job as a whole, with no build, never matches.
 *
 * @public
 */
export const isBuildStartedByCaller = createPermissionRule({
  name: 'IS_BUILD_STARTED_BY_CALLER',
  description:
    'Allow builds started by the given claims (pass the caller user entity ref); the starter comes from the audit trail or Jenkins causes. Unknown starters match only with matchUnknown',
  resourceRef: jenkinsJobResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe("The caller's user entity ref (or refs)"),
    matchUnknown: z
      .boolean()
      .optional()
      .describe(
        'Whether a build whose starter cannot be established matches (default false)',
      ),
  }),
  apply: (resource, { claims, matchUnknown }) => {
    const build = resource.build;
    if (!build) {
      return false;
    }
    if (build.startedBy === null) {
      return matchUnknown === true;
    }
    const starter = build.startedBy.toLocaleLowerCase('en-US');
    return claims.some(claim => claim.toLocaleLowerCase('en-US') === starter);
  },
  toQuery: ({ claims }) => ({ property: 'buildStartedBy', values: claims }),
});

/**
 * The request came through one of `via`: `action` for the actions registry
 * (AI assistants over MCP), `http` for the portal, `template` for the
 * scaffolder. The backend sets this from the adapter that received the
 * request — an assistant cannot claim to be the portal — so a policy can
 * refuse, say, production writes through assistants while allowing them in
 * the portal:
 * `{ not: { allOf: [isInEnvironment({ environments: ['production'] }), isRequestedVia({ via: ['action'] })] } }`.
 * A decision about no request (the permission backend applying conditions)
 * never matches.
 *
 * @public
 */
export const isRequestedVia = createPermissionRule({
  name: 'IS_REQUESTED_VIA',
  description:
    'Allow requests that reached the Jenkins backend through the given adapters: action (the actions registry, e.g. AI assistants over MCP), http (the portal) or template (the scaffolder)',
  resourceRef: jenkinsJobResourceRef,
  paramsSchema: z.object({
    via: z
      .array(z.enum(['http', 'action', 'template']))
      .describe('Adapters: action, http or template'),
  }),
  apply: (resource, { via }) =>
    resource.via !== undefined && via.includes(resource.via),
  toQuery: ({ via }) => ({ property: 'via', values: via }),
});

/** Every rule of the `jenkins-job` resource type. @public */
export const jenkinsJobRules = {
  isInEnvironment,
  isInFolder,
  isOnInstance,
  isEntityOwner,
  isJobOwner,
  isBuildStartedByCaller,
  isRequestedVia,
};
