import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { JenkinsIdentity } from '@internal/plugin-jenkins-common';

/**
 * The signed-in person a request is made for, as Backstage knows them.
 */
export interface Caller {
  /** e.g. `user:default/alice`. */
  userRef: string;
  /** Ownership refs from `userInfo.getUserInfo`, e.g. `group:default/team-payments`. */
  ownershipRefs: string[];
  email?: string;
  displayName?: string;
  /** The caller's own credentials, used to read the catalog on their behalf. */
  credentials: BackstageCredentials;
  /**
   * How the request arrived: the portal's HTTP API, the actions registry
   * (MCP), or the HTTP API called by the scaffolder for a template's user.
   */
  via: 'http' | 'action' | 'template';
}

/**
 * The person as Jenkins should see them, after the configured user and group
 * mapping (`user:default/alice` → `alice`, `group:default/release-managers` →
 * `release-managers`).
 */
export interface JenkinsPrincipal {
  /** The Backstage user entity ref (the JWT `sub`), e.g. `user:default/alice`. */
  userRef: string;
  /** The Jenkins user name, e.g. `alice`. */
  userName: string;
  /** Jenkins group names, e.g. `team-payments`. */
  groups: string[];
  email?: string;
  displayName?: string;
}

/**
 * Builds the outgoing credentials that carry a person's identity to one
 * Jenkins instance. One implementation per strategy (`jwt`,
 * `proxy-headers`, `service-account`).
 */
export interface IdentityStrategy {
  readonly name: JenkinsIdentity['strategy'];
  /** Headers to send to Jenkins for this person (e.g. `Authorization`). */
  headersFor(principal: JenkinsPrincipal): Promise<Record<string, string>>;
  /** Whether POSTs need the crumb + session cookie round trip (false only for Basic API tokens). */
  readonly needsCrumb: boolean;
  /** What the API reports about who Jenkins sees. */
  describe(principal: JenkinsPrincipal): JenkinsIdentity;
  /**
   * Throws IdentityMappingError when this strategy cannot carry the person
   * exactly (e.g. a header value with a line break), before anything is
   * sent; `headersFor` throws the same.
   */
  check?(principal: JenkinsPrincipal): void;
}
