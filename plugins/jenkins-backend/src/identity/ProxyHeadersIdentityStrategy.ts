import { JenkinsIdentity } from '@internal/plugin-jenkins-common';
import { ProxyHeadersSettings } from '../config/JenkinsConfig';
import { basicAuthorization } from './basicAuthorization';
import { IdentityMappingError } from './IdentityMappingError';
import { IdentityStrategy, JenkinsPrincipal } from './types';

/** Visible ASCII: what a user id, group or e-mail header may carry as is. */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
/** Printable ASCII and spaces: a display name sent as is. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** C0 and C1 controls, DEL and Unicode line separators: never in a header. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;

/**
 * Carries the person in `X-Forwarded-*` headers for Jenkins' reverse-proxy-auth
 * realm, plus the instance's own service credentials so that only the backend
 * can reach Jenkins through the proxy.
 *
 * Every value is checked before it is sent: the user, each group and the
 * e-mail must be visible ASCII (Jenkins would store an encoded name as a
 * different user), groups must not contain the separator, and no value may
 * hold a line break or other control character. A display name outside
 * printable ASCII is sent percent-encoded (UTF-8). A value that fails is an
 * IdentityMappingError (403) for that person, raised before Jenkins is
 * called.
 *
 * @public
 */
export class ProxyHeadersIdentityStrategy implements IdentityStrategy {
  readonly name = 'proxy-headers' as const;
  /** Header authentication is not API-token auth: POSTs need a crumb. */
  readonly needsCrumb = true;

  constructor(private readonly settings: ProxyHeadersSettings) {}

  async headersFor(
    principal: JenkinsPrincipal,
  ): Promise<Record<string, string>> {
    this.check(principal);
    const headers: Record<string, string> = {
      [this.settings.userHeader]: principal.userName,
      [this.settings.groupsHeader]: principal.groups.join(
        this.settings.groupsSeparator,
      ),
    };
    if (principal.email) {
      headers[this.settings.mailHeader] = principal.email;
    }
    if (principal.displayName) {
      headers[this.settings.displayNameHeader] = PRINTABLE_ASCII.test(
        principal.displayName,
      )
        ? principal.displayName
        : encodeURIComponent(principal.displayName);
    }
    if (this.settings.serviceCredentials) {
      headers.Authorization = basicAuthorization(
        this.settings.serviceCredentials,
      );
    }
    return headers;
  }

  check(principal: JenkinsPrincipal): void {
    const refuse = (what: string) => {
      throw new IdentityMappingError(
        principal.userRef,
        `${what} cannot be sent in a proxy header`,
      );
    };
    if (!VISIBLE_ASCII.test(principal.userName)) {
      refuse(`the Jenkins user name '${quoted(principal.userName)}'`);
    }
    for (const group of principal.groups) {
      if (
        !VISIBLE_ASCII.test(group) ||
        group.includes(this.settings.groupsSeparator)
      ) {
        refuse(`the group '${quoted(group)}'`);
      }
    }
    if (principal.email && !VISIBLE_ASCII.test(principal.email)) {
      refuse(`the catalog e-mail '${quoted(principal.email)}'`);
    }
    if (principal.displayName && CONTROL.test(principal.displayName)) {
      refuse(`the catalog display name '${quoted(principal.displayName)}'`);
    }
  }

  describe(principal: JenkinsPrincipal): JenkinsIdentity {
    return { strategy: 'proxy-headers', jenkinsUser: principal.userName };
  }
}

/** A value safe to quote in a message: control characters escaped. */
function quoted(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
