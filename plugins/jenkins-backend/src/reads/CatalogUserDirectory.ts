import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Caller } from '../identity/types';

/** The most e-mails one lookup asks the catalog about. */
export const MAX_EMAIL_LOOKUPS = 50;

/**
 * Finds catalog users by `spec.profile.email`, with the caller's own
 * credentials: a person is linked only to users they may see. One catalog
 * request per lookup, for at most {@link MAX_EMAIL_LOOKUPS} e-mails.
 */
export class CatalogUserDirectory {
  constructor(private readonly catalog: CatalogService) {}

  /** Lower-case e-mail → user entity ref, for the users found. */
  async userRefsByEmail(
    caller: Caller,
    emails: string[],
  ): Promise<Map<string, string>> {
    const wanted = [...new Set(emails.map(e => e.toLocaleLowerCase('en-US')))]
      .filter(Boolean)
      .slice(0, MAX_EMAIL_LOOKUPS);
    const found = new Map<string, string>();
    if (wanted.length === 0) {
      return found;
    }
    const { items } = await this.catalog.getEntities(
      {
        filter: { kind: 'user', 'spec.profile.email': wanted },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'spec.profile.email',
        ],
        limit: MAX_EMAIL_LOOKUPS * 2,
      },
      { credentials: caller.credentials },
    );
    for (const entity of items) {
      const email = (entity.spec?.profile as { email?: unknown } | undefined)
        ?.email;
      if (typeof email !== 'string') continue;
      const key = email.toLocaleLowerCase('en-US');
      // Two users with one e-mail are ambiguous: link neither.
      if (found.has(key)) {
        found.set(key, '');
      } else {
        found.set(key, stringifyEntityRef(entity));
      }
    }
    for (const [key, ref] of found) {
      if (!ref) found.delete(key);
    }
    return found;
  }
}
