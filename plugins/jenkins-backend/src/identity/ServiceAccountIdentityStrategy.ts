import { JenkinsIdentity } from '@internal/plugin-jenkins-common';
import { BasicCredentials } from '../config/JenkinsConfig';
import { basicAuthorization } from './basicAuthorization';
import { IdentityStrategy, JenkinsPrincipal } from './types';

/**
 * Compatibility mode: every call uses one bot's Basic API token. Jenkins sees
 * the bot; the person is still recorded on the Backstage side (audit trail).
 *
 * @public
 */
export class ServiceAccountIdentityStrategy implements IdentityStrategy {
  readonly name = 'service-account' as const;
  /** Basic API-token requests are exempt from CSRF crumbs. */
  readonly needsCrumb = false;

  constructor(private readonly account: BasicCredentials) {}

  async headersFor(
    _principal: JenkinsPrincipal,
  ): Promise<Record<string, string>> {
    return { Authorization: basicAuthorization(this.account) };
  }

  describe(principal: JenkinsPrincipal): JenkinsIdentity {
    return {
      strategy: 'service-account',
      jenkinsUser: this.account.user,
      notice: `Jenkins sees the service account '${this.account.user}', not you (${principal.userName}); your name is recorded in Backstage's audit trail only.`,
    };
  }
}
