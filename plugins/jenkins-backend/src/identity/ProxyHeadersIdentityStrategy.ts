import { JenkinsIdentity } from '@internal/plugin-jenkins-common';
import { ProxyHeadersSettings } from '../config/JenkinsConfig';
import { basicAuthorization } from './basicAuthorization';
import { IdentityStrategy, JenkinsPrincipal } from './types';

/**
 * Carries the person in `X-Forwarded-*` headers for Jenkins' reverse-proxy-auth
 * realm, plus the instance's own service credentials so that only the backend
 * can reach Jenkins through the proxy.
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
      // Header values must be latin-1; encode anything else rather than fail.
      headers[this.settings.displayNameHeader] = /^[\x20-\x7e]*$/.test(
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

  describe(principal: JenkinsPrincipal): JenkinsIdentity {
    return { strategy: 'proxy-headers', jenkinsUser: principal.userName };
  }
}
