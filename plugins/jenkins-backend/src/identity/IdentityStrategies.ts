import { NotFoundError } from '@backstage/errors';
import { JenkinsPluginConfig } from '../config/JenkinsConfig';
import { JwtIdentityStrategy } from './JwtIdentityStrategy';
import { ProxyHeadersIdentityStrategy } from './ProxyHeadersIdentityStrategy';
import { ServiceAccountIdentityStrategy } from './ServiceAccountIdentityStrategy';
import { SigningKeyStore } from './SigningKeyStore';
import { IdentityStrategy, JenkinsPrincipal } from './types';

/**
 * The identity strategy of every configured instance.
 *
 * @public
 */
export class IdentityStrategies {
  private readonly byInstance = new Map<string, IdentityStrategy>();

  constructor(config: JenkinsPluginConfig, keys: SigningKeyStore) {
    for (const instance of config.instances.values()) {
      let strategy: IdentityStrategy;
      switch (instance.strategy) {
        case 'jwt':
          strategy = new JwtIdentityStrategy(instance.jwt, keys);
          break;
        case 'proxy-headers':
          strategy = new ProxyHeadersIdentityStrategy(instance.proxyHeaders);
          break;
        default:
          strategy = new ServiceAccountIdentityStrategy(
            instance.serviceAccount!,
          );
      }
      this.byInstance.set(instance.name, strategy);
    }
  }

  /** The strategy of an instance; NotFoundError for an unknown instance. */
  forInstance(instance: string): IdentityStrategy {
    const strategy = this.byInstance.get(instance);
    if (!strategy) {
      throw new NotFoundError(`Unknown Jenkins instance '${instance}'`);
    }
    return strategy;
  }

  /**
   * Throws IdentityMappingError when the instance's strategy cannot carry
   * the person exactly (checked before anything is sent).
   */
  check(instance: string, principal: JenkinsPrincipal): void {
    this.forInstance(instance).check?.(principal);
  }

  /**
   * The Jenkins user a person acts as on an instance, as the audit trail and
   * build labels name them; null for an unknown instance.
   */
  jenkinsUserOf(instance: string, principal: JenkinsPrincipal): string | null {
    return (
      this.byInstance.get(instance)?.describe(principal).jenkinsUser ?? null
    );
  }
}
