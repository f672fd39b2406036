import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuditEntry, encodeJobId } from '@internal/plugin-jenkins-common';
import { Caller } from '../../identity/types';
import { ResolvedJob } from '../../jobs/ResolvedJob';

/** What {@link recordedStarter} reads the catalog with. */
export interface RecordedStarterDeps {
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  resolver: {
    resolveJob(
      caller: Caller,
      entityRef: string,
      jobId: string,
    ): Promise<ResolvedJob>;
  };
}

/**
 * The groups a user entity belongs to, as Backstage's default sign-in
 * ownership counts them: its `memberOf` relations (which the catalog also
 * derives from groups' `spec.members`) and its own `spec.memberOf`.
 */
function groupRefsOf(user: Entity): string[] {
  const refs = new Set<string>();
  for (const relation of user.relations ?? []) {
    if (relation.type === 'memberOf') {
      refs.add(relation.targetRef.toLocaleLowerCase('en-US'));
    }
  }
  const memberOf = (user.spec as { memberOf?: unknown } | undefined)?.memberOf;
  for (const group of Array.isArray(memberOf) ? memberOf : []) {
    if (typeof group !== 'string') {
      continue;
    }
    try {
      refs.add(
        stringifyEntityRef(
          parseEntityRef(group, {
            defaultKind: 'group',
            defaultNamespace: user.metadata.namespace ?? 'default',
          }),
        ),
      );
    } catch {
      // A malformed membership grants nothing.
    }
  }
  return [...refs];
}

/**
 * The person who started a run on record and the job it ran, rebuilt
 * without a request of theirs (a build event has none): the person from
 * their user entity, the job through the entity on record. Both are read
 * with the plugin's own credentials; the write was authorized when it was
 * made, and a label written now goes to Jenkins as that person, who decides
 * again.
 */
export async function recordedStarter(
  deps: RecordedStarterDeps,
  entry: AuditEntry,
): Promise<{ caller: Caller; job: ResolvedJob }> {
  const credentials = await deps.auth.getOwnServiceCredentials();
  const userRef = entry.actor.userRef;
  const user = await deps.catalog.getEntityByRef(userRef, { credentials });
  if (!user) {
    throw new NotFoundError(`${userRef} is no longer in the catalog`);
  }
  const profile = (
    user.spec as
      | { profile?: { email?: string; displayName?: string } }
      | undefined
  )?.profile;
  const caller: Caller = {
    userRef,
    ownershipRefs: [userRef, ...groupRefsOf(user)],
    email: profile?.email,
    displayName: profile?.displayName,
    credentials,
    via: entry.via,
  };
  const job = await deps.resolver.resolveJob(
    caller,
    entry.entityRef,
    encodeJobId(entry.instance, entry.jobFullName),
  );
  return { caller, job };
}
