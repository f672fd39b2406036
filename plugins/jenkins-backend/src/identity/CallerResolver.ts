import {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Caller } from './types';

/** How long a user's profile (e-mail, display name) is remembered. */
const PROFILE_TTL_MS = 60_000;

interface Profile {
  email?: string;
  displayName?: string;
  loadedAt: number;
}

/**
 * Turns request credentials into a {@link Caller}: the user entity ref and
 * ownership refs from `userInfo`, and e-mail and display name from the
 * user's catalog entity. A service caller acts as itself, with no groups.
 *
 * @public
 */
export class CallerResolver {
  private readonly profiles = new Map<string, Profile>();

  constructor(
    private readonly auth: AuthService,
    private readonly userInfo: UserInfoService,
    private readonly catalog: CatalogService,
  ) {}

  async callerFor(
    credentials: BackstageCredentials,
    via: Caller['via'] = 'http',
  ): Promise<Caller> {
    if (this.auth.isPrincipal(credentials, 'user')) {
      const info = await this.userInfo.getUserInfo(credentials);
      const profile = await this.profileOf(info.userEntityRef);
      return {
        userRef: info.userEntityRef,
        ownershipRefs: info.ownershipEntityRefs,
        email: profile.email,
        displayName: profile.displayName,
        credentials,
        via,
      };
    }
    const subject = this.auth.isPrincipal(credentials, 'service')
      ? credentials.principal.subject
      : 'anonymous';
    return { userRef: subject, ownershipRefs: [], credentials, via };
  }

  /**
   * The person behind a write: builds are run, aborted and approved as a
   * person, never as a service (403 otherwise), whichever adapter asks.
   */
  async personFor(
    credentials: BackstageCredentials,
    via: Caller['via'],
  ): Promise<Caller> {
    if (!this.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(
        'Jenkins builds are run as a person: sign in as a user to do this',
      );
    }
    return this.callerFor(credentials, via);
  }

  private async profileOf(userRef: string): Promise<Profile> {
    const cached = this.profiles.get(userRef);
    if (cached && Date.now() - cached.loadedAt < PROFILE_TTL_MS) {
      return cached;
    }
    // The profile is the caller's own; read it as the plugin so that a
    // policy hiding User entities does not break the identity mapping.
    const entity = await this.catalog
      .getEntityByRef(userRef, {
        credentials: await this.auth.getOwnServiceCredentials(),
      })
      .catch(() => undefined);
    const spec = entity?.spec as
      | { profile?: { email?: string; displayName?: string } }
      | undefined;
    const profile: Profile = {
      email: spec?.profile?.email,
      displayName: spec?.profile?.displayName,
      loadedAt: Date.now(),
    };
    this.profiles.set(userRef, profile);
    return profile;
  }
}
