import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationSettings } from '../config/readNotificationSettings';
import { Caller } from '../identity/types';
import { submitterRefs } from '../notifications/NotificationRecipients';
import { compileJobPattern } from './EnvironmentResolver';
import { ResolvedJob } from './ResolvedJob';

/** Whom to ask to answer a build's input steps. */
export interface Approvers {
  /** Group refs. */
  groups: string[];
  /** Their members' user refs, without the caller and the build's starter. */
  people: string[];
}

/**
 * Whom to ask to answer a job's input steps: the groups of the first
 * `jenkins.notifications.approvers` entry whose path matches the job (as
 * its Jenkinsfile's `submitter` says; Jenkins' API does not tell), else
 * the job's owners by config, else its entity's owners; and their members,
 * read from the catalog with the caller's credentials.
 */
export class ApproverDirectory {
  constructor(
    private readonly approvers: NotificationSettings['approvers'],
    private readonly catalog: Pick<CatalogService, 'getEntityByRef'>,
  ) {}

  async approversOf(
    caller: Caller,
    job: ResolvedJob,
    startedBy: string | null,
  ): Promise<Approvers> {
    const entry = this.approvers.find(candidate =>
      compileJobPattern(candidate.path).test(job.fullName),
    );
    const groups = (
      entry
        ? submitterRefs(entry.submitter)
        : job.resource.jobOwners ?? job.resource.owners
    ).filter(ref => ref.toLocaleLowerCase('en-US').startsWith('group:'));
    const excluded = new Set(
      [caller.userRef, startedBy]
        .filter((ref): ref is string => !!ref)
        .map(ref => ref.toLocaleLowerCase('en-US')),
    );
    const people = new Set<string>();
    for (const group of groups.slice(0, 10)) {
      const entity = await this.catalog
        .getEntityByRef(group, { credentials: caller.credentials })
        .catch(() => undefined);
      if (!entity) {
        continue;
      }
      // The catalog's `hasMember` relations, and `spec.members` as written.
      const members = [
        ...(entity.relations ?? [])
          .filter(relation => relation.type === 'hasMember')
          .map(relation => relation.targetRef),
        ...memberRefsOf(entity),
      ];
      for (const member of members) {
        const ref = member.toLocaleLowerCase('en-US');
        if (!excluded.has(ref)) {
          people.add(ref);
        }
      }
    }
    return { groups, people: [...people].sort() };
  }
}

/** A group's `spec.members` as user refs. */
function memberRefsOf(group: Entity): string[] {
  const members = (group.spec as { members?: unknown } | undefined)?.members;
  return (Array.isArray(members) ? members : []).flatMap(member => {
    if (typeof member !== 'string') {
      return [];
    }
    try {
      return [
        stringifyEntityRef(
          parseEntityRef(member, {
            defaultKind: 'user',
            defaultNamespace: group.metadata.namespace ?? 'default',
          }),
        ),
      ];
    } catch {
      return [];
    }
  });
}
