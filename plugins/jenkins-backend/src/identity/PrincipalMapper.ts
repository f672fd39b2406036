import { parseEntityRef } from '@backstage/catalog-model';
import { UserMappingConfig } from '../config/JenkinsConfig';
import { Caller, JenkinsPrincipal } from './types';

/**
 * Maps a Backstage caller to the person Jenkins should see, following
 * `jenkins.userMapping`: `user:default/alice` → `alice`,
 * `group:default/release-managers` → `release-managers` by default.
 *
 * @public
 */
export class PrincipalMapper {
  constructor(private readonly mapping: UserMappingConfig) {}

  /** The Jenkins principal for a caller. */
  principalFor(caller: Caller): JenkinsPrincipal {
    return {
      userRef: caller.userRef,
      userName: this.userNameFor(caller),
      groups: this.groupsFor(caller.ownershipRefs),
      email: caller.email,
      displayName: caller.displayName,
    };
  }

  private userNameFor(caller: Caller): string {
    const parsed = safeParse(caller.userRef);
    // A service caller (`plugin:catalog`, `external:bot`) keeps its whole
    // subject, so it can never pass for a person of the same name.
    if (!parsed || parsed.kind.toLocaleLowerCase() !== 'user') {
      return caller.userRef;
    }
    const name = parsed.name;
    if (this.mapping.userName === 'name' || !caller.email) {
      return name;
    }
    return this.mapping.userName === 'email'
      ? caller.email
      : caller.email.split('@')[0];
  }

  private groupsFor(ownershipRefs: string[]): string[] {
    const include = this.mapping.includeGroups
      ? new Set(this.mapping.includeGroups.map(g => g.toLocaleLowerCase()))
      : undefined;
    const groups = new Set<string>();
    for (const ref of ownershipRefs) {
      const parsed = safeParse(ref);
      if (!parsed || parsed.kind.toLocaleLowerCase() !== 'group') {
        continue;
      }
      const fullRef = `group:${parsed.namespace}/${parsed.name}`;
      if (
        include &&
        !include.has(parsed.name.toLocaleLowerCase()) &&
        !include.has(fullRef.toLocaleLowerCase())
      ) {
        continue;
      }
      groups.add(this.mapping.groupName === 'ref' ? fullRef : parsed.name);
    }
    return [...groups].sort();
  }
}

function safeParse(ref: string) {
  try {
    return parseEntityRef(ref);
  } catch {
    return undefined;
  }
}
