import { caseFold } from '../model/caseFold';
import type { Identity } from '../model/types';
import type { PermissionName, Scenario } from '../scenario/scenarioSchema';
import { IMPLIED_BY } from './permissions';

interface CompiledRole {
  pattern?: RegExp;
  permissions: Set<PermissionName>;
  users: Set<string>;
  groups: Set<string>;
}

/** Translates Java regex inline flags JS lacks at the start, e.g. `(?i)`. */
function compilePattern(pattern: string): RegExp {
  let source = pattern;
  let flags = '';
  const inline = /^\(\?([imsu]+)\)/.exec(source);
  if (inline) {
    flags = inline[1];
    source = source.slice(inline[0].length);
  }
  // Java's matches() must match the whole name.
  return new RegExp(`^(?:${source})$`, flags);
}

/** Sids compared as the realm's `IdStrategy` does: `CASE_INSENSITIVE`. */
const sids = (names: string[]) => new Set(names.map(caseFold));

/**
 * role-strategy's authorization (`RoleMap.hasPermission`): global roles
 * apply everywhere, item roles to items whose full name the pattern
 * `matches()` (case-sensitive, `Pattern.compile(pattern)`); assignments
 * match the user id or any of their authorities (groups plus
 * `authenticated`), ignoring case unless `FORCE_CASE_SENSITIVE` is set.
 */
export class RoleStrategy {
  private readonly global: CompiledRole[];
  private readonly items: CompiledRole[];

  constructor(roles: Scenario['roles']) {
    this.global = roles.global.map(r => ({
      permissions: new Set(r.permissions),
      users: sids(r.users),
      groups: sids(r.groups),
    }));
    this.items = roles.items.map(r => ({
      pattern: compilePattern(r.pattern),
      permissions: new Set(r.permissions),
      users: sids(r.users),
      groups: sids(r.groups),
    }));
  }

  private assigned(role: CompiledRole, who: Identity): boolean {
    if (who.anonymous) {
      return role.users.has('anonymous') || role.groups.has('anonymous');
    }
    if (role.users.has(caseFold(who.id)) || role.groups.has('authenticated')) {
      return true;
    }
    return who.groups.some(g => {
      const sid = caseFold(g);
      return role.groups.has(sid) || role.users.has(sid);
    });
  }

  private grants(role: CompiledRole, permission: PermissionName): boolean {
    if (role.permissions.has('Overall/Administer')) return true;
    if (role.permissions.has(permission)) return true;
    const implier = IMPLIED_BY[permission];
    return implier !== undefined && this.grants(role, implier);
  }

  /** Whether `who` has `permission` globally (root) or on the item `fullName`. */
  hasPermission(who: Identity, permission: PermissionName, fullName?: string) {
    for (const role of this.global) {
      if (this.assigned(role, who) && this.grants(role, permission)) {
        return true;
      }
    }
    if (fullName === undefined) return false;
    for (const role of this.items) {
      if (
        role.pattern!.test(fullName) &&
        this.assigned(role, who) &&
        this.grants(role, permission)
      ) {
        return true;
      }
    }
    return false;
  }

  isAdmin(who: Identity) {
    return this.hasPermission(who, 'Overall/Administer');
  }
}
