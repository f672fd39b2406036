import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { UserMappingConfig } from '../config/JenkinsConfig';

/** User ids Jenkins keeps for itself; never a person. */
const RESERVED = new Set(['anonymous', 'system', 'unknown', 'SYSTEM']);

/** Entity names: `[a-zA-Z0-9]` with `-_.` inside, at most 63 characters. */
const ENTITY_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

function lower(value: string): string {
  return value.toLocaleLowerCase('en-US');
}

/**
 * Maps a Jenkins user id (a `hudson.model.Cause$UserIdCause`'s `userId`)
 * back to the Backstage user it stands for, by the inverse of
 * `jenkins.userMapping` (see `PrincipalMapper`): `bob` →
 * `user:default/bob`, `alice@contractors` → `user:contractors/alice`, and
 * for e-mail mappings the catalog user with that address (in a configured
 * domain). The user must exist in the catalog; anything else, Jenkins'
 * own users, or a Jenkins user with no Backstage user (e.g. the service
 * account), is unknown (null), never a guess.
 */
export class JenkinsUserRefs {
  constructor(
    private readonly mapping: UserMappingConfig,
    private readonly deps: {
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      catalog: Pick<CatalogService, 'getEntityByRef' | 'getEntities'>;
    },
  ) {}

  async userRefOf(
    jenkinsUserId: string | null | undefined,
  ): Promise<string | null> {
    const id = jenkinsUserId?.trim();
    if (!id || RESERVED.has(id) || RESERVED.has(lower(id))) {
      return null;
    }
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    if (this.mapping.userName === 'name') {
      const ref = this.refOfName(id);
      if (!ref) {
        return null;
      }
      const user = await this.deps.catalog.getEntityByRef(ref, { credentials });
      return user ? lower(stringifyEntityRef(user)) : null;
    }
    const emails =
      this.mapping.userName === 'email'
        ? [id]
        : (this.mapping.emailDomains ?? []).map(domain => `${id}@${domain}`);
    for (const email of emails) {
      const domain = lower(email.split('@').pop() ?? '');
      if (
        this.mapping.emailDomains &&
        !this.mapping.emailDomains.includes(domain)
      ) {
        continue;
      }
      const { items } = await this.deps.catalog.getEntities(
        { filter: { kind: 'User', 'spec.profile.email': email } },
        { credentials },
      );
      // Two users with one address: nobody can tell which of them it was.
      if (items.length === 1) {
        return lower(stringifyEntityRef(items[0]));
      }
    }
    return null;
  }

  /** `bob` → `user:default/bob`; `alice@contractors` → `user:contractors/alice`. */
  private refOfName(id: string): string | null {
    const [name, namespace, ...rest] = id.split('@');
    if (rest.length || !ENTITY_NAME.test(name)) {
      return null;
    }
    if (namespace === undefined) {
      return lower(`user:default/${name}`);
    }
    if (
      this.mapping.otherNamespaces === 'refuse' ||
      !ENTITY_NAME.test(namespace) ||
      lower(namespace) === 'default'
    ) {
      return null;
    }
    return lower(`user:${namespace}/${name}`);
  }
}
