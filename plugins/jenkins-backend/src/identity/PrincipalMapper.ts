import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { UserMappingConfig } from '../config/JenkinsConfig';
import { IdentityMappingError } from './IdentityMappingError';
import { Caller, JenkinsPrincipal } from './types';

/**
 * User ids Jenkins reserves for itself (`hudson.model.User`
 * `ILLEGAL_PERSISTED_USERNAMES`, compared ignoring case): a person mapped to
 * one of them would be Jenkins' anonymous or system user, not themselves.
 */
const JENKINS_RESERVED_USERS = new Set(['anonymous', 'system', 'unknown']);

/** An e-mail address as a user id: RFC 5322 `dot-atom` local part, ASCII domain. */
const EMAIL =
  /^([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)$/;

const DEFAULT_NAMESPACE = 'default';

/** Options of {@link PrincipalMapper}. @public */
export interface PrincipalMapperOptions {
  /** Told once per caller whose identity is refused, e.g. to audit it. */
  onRefused?: (caller: Caller, error: IdentityMappingError) => void;
}

/**
 * Maps a Backstage caller to the person Jenkins should see, following
 * `jenkins.userMapping`, so that two people never map to one Jenkins name:
 * `user:default/alice` → `alice`; another namespace is prefixed
 * (`user:contractors/alice` → `alice@contractors`, which no default-namespace
 * name can be, as entity names have no `@`) or refused; an e-mail is used
 * only from the configured domains. A caller who cannot be mapped gets an
 * {@link IdentityMappingError} (403) that says why.
 *
 * @public
 */
export class PrincipalMapper {
  // One decision per request: a Caller is built per request.
  private readonly decided = new WeakMap<
    Caller,
    JenkinsPrincipal | IdentityMappingError
  >();

  constructor(
    private readonly mapping: UserMappingConfig,
    private readonly options: PrincipalMapperOptions = {},
  ) {}

  /** The Jenkins principal for a caller; IdentityMappingError when refused. */
  principalFor(caller: Caller): JenkinsPrincipal {
    let decision = this.decided.get(caller);
    if (!decision) {
      decision = this.decide(caller);
      this.decided.set(caller, decision);
      if (decision instanceof IdentityMappingError) {
        this.options.onRefused?.(caller, decision);
      }
    }
    if (decision instanceof IdentityMappingError) {
      throw decision;
    }
    return decision;
  }

  private decide(caller: Caller): JenkinsPrincipal | IdentityMappingError {
    try {
      return {
        userRef: caller.userRef,
        userName: this.userNameFor(caller),
        groups: this.groupsFor(caller.ownershipRefs),
        email: caller.email,
        displayName: caller.displayName,
      };
    } catch (error) {
      if (error instanceof IdentityMappingError) {
        return error;
      }
      throw error;
    }
  }

  private userNameFor(caller: Caller): string {
    const refuse = (reason: string) =>
      new IdentityMappingError(caller.userRef, reason);
    const parsed = safeParse(caller.userRef);
    if (!parsed) {
      // A service subject (`plugin:catalog`, `external:bot`) keeps its whole
      // subject, so it can never pass for a person of the same name; one
      // without a kind could.
      if (!/^[a-z0-9-]+:\S+$/i.test(caller.userRef)) {
        throw refuse('it is not a user entity ref nor a service subject');
      }
      return caller.userRef;
    }
    if (lower(parsed.kind) !== 'user') {
      return caller.userRef;
    }
    const namespace = lower(parsed.namespace);
    const otherNamespace = namespace !== DEFAULT_NAMESPACE;
    if (otherNamespace && this.mapping.otherNamespaces === 'refuse') {
      throw refuse(
        `users outside the '${DEFAULT_NAMESPACE}' namespace are refused (jenkins.userMapping.otherNamespaces is 'refuse')`,
      );
    }
    const base = this.baseUserName(parsed.name, caller, refuse);
    if (JENKINS_RESERVED_USERS.has(lower(base))) {
      throw refuse(`'${base}' is a user name Jenkins reserves for itself`);
    }
    return otherNamespace ? `${base}@${namespace}` : base;
  }

  /** The user name before any namespace suffix. */
  private baseUserName(
    name: string,
    caller: Caller,
    refuse: (reason: string) => IdentityMappingError,
  ): string {
    if (this.mapping.userName === 'name') {
      return name;
    }
    // No fallback to the entity name: it could be another person's local part.
    if (!caller.email) {
      throw refuse(
        `jenkins.userMapping.userName is '${this.mapping.userName}' and the user entity has no e-mail`,
      );
    }
    const match = EMAIL.exec(caller.email);
    if (!match) {
      throw refuse(
        `the user entity's e-mail '${printable(
          caller.email,
        )}' is not a plain address`,
      );
    }
    const [, localPart, domain] = match;
    const domains = this.mapping.emailDomains;
    if (domains && !domains.includes(lower(domain))) {
      throw refuse(
        `the e-mail domain '${domain}' is not one of jenkins.userMapping.emailDomains`,
      );
    }
    return this.mapping.userName === 'email' ? caller.email : localPart;
  }

  private groupsFor(ownershipRefs: string[]): string[] {
    const include = this.mapping.includeGroups
      ? new Set(this.mapping.includeGroups.map(lower))
      : undefined;
    const groups = new Set<string>();
    for (const ref of ownershipRefs) {
      const parsed = safeParse(ref);
      if (!parsed || lower(parsed.kind) !== 'group') {
        continue;
      }
      const namespace = lower(parsed.namespace);
      const fullRef = `group:${namespace}/${parsed.name}`;
      // Full refs only: `release-managers` in config is
      // `group:default/release-managers`, never `group:sandbox/…`.
      if (include && !include.has(lower(fullRef))) {
        continue;
      }
      if (this.mapping.groupName === 'ref') {
        groups.add(fullRef);
      } else if (namespace === DEFAULT_NAMESPACE) {
        groups.add(parsed.name);
      } else if (this.mapping.otherNamespaces !== 'refuse') {
        groups.add(`${parsed.name}@${namespace}`);
      }
      // Refused namespaces: the group is left out; a group only grants.
    }
    return [...groups].sort();
  }
}

function lower(value: string): string {
  return value.toLocaleLowerCase('en-US');
}

/** A value safe to quote in a message: control characters escaped. */
function printable(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

function safeParse(ref: string): CompoundEntityRef | undefined {
  try {
    return parseEntityRef(ref);
  } catch {
    return undefined;
  }
}
