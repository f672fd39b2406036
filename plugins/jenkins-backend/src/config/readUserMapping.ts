import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';

/** How Backstage users and groups map to Jenkins names. @public */
export interface UserMappingConfig {
  userName: 'name' | 'email' | 'emailLocalPart';
  groupName: 'name' | 'ref';
  /**
   * Only these groups are sent, as lower-case full refs (a bare name in
   * config means `group:default/<name>`).
   */
  includeGroups?: string[];
  /**
   * Users and groups outside the `default` namespace: `prefix` (default)
   * sends `<name>@<namespace>`, `refuse` refuses such users (403) and leaves
   * such groups out.
   */
  otherNamespaces?: 'prefix' | 'refuse';
  /**
   * Lower-case e-mail domains whose addresses may be used (required for
   * `emailLocalPart`); an address of any other domain is refused.
   */
  emailDomains?: string[];
}

const DOMAIN =
  /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

function groupRef(value: string): string {
  try {
    const ref = parseEntityRef(value.trim(), {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new Error('not a group');
    }
    return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
  } catch {
    throw new Error(
      `jenkins.userMapping.includeGroups has an invalid group ref '${value}'`,
    );
  }
}

function emailDomain(value: string): string {
  const domain = value.trim().replace(/^@/, '').toLocaleLowerCase('en-US');
  if (!DOMAIN.test(domain)) {
    throw new Error(
      `jenkins.userMapping.emailDomains has an invalid domain '${value}'`,
    );
  }
  return domain;
}

/**
 * Reads `jenkins.userMapping`, applying the defaults documented in
 * `config.d.ts`; invalid settings fail at startup.
 */
export function readUserMapping(config: Config): UserMappingConfig {
  const mapping = config.getOptionalConfig('jenkins.userMapping');
  const userName = mapping?.getOptionalString('userName') ?? 'name';
  if (
    userName !== 'name' &&
    userName !== 'email' &&
    userName !== 'emailLocalPart'
  ) {
    throw new Error(
      'jenkins.userMapping.userName must be name, email or emailLocalPart',
    );
  }
  const groupName = mapping?.getOptionalString('groupName') ?? 'name';
  if (groupName !== 'name' && groupName !== 'ref') {
    throw new Error('jenkins.userMapping.groupName must be name or ref');
  }
  const otherNamespaces =
    mapping?.getOptionalString('otherNamespaces') ?? 'prefix';
  if (otherNamespaces !== 'prefix' && otherNamespaces !== 'refuse') {
    throw new Error(
      'jenkins.userMapping.otherNamespaces must be prefix or refuse',
    );
  }
  const emailDomains = mapping
    ?.getOptionalStringArray('emailDomains')
    ?.map(emailDomain);
  if (userName === 'emailLocalPart' && !emailDomains?.length) {
    // Local parts of different domains collide (`bob@example.com` and
    // `bob@evil.example` are both `bob`): the domains must be named.
    throw new Error(
      'jenkins.userMapping.emailDomains must list the e-mail domains whose local parts are Jenkins user names when userName is emailLocalPart',
    );
  }
  return {
    userName,
    groupName,
    includeGroups: mapping
      ?.getOptionalStringArray('includeGroups')
      ?.map(groupRef),
    otherNamespaces,
    emailDomains,
  };
}
