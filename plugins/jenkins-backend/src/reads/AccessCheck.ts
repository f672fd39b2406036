import { CacheService } from '@backstage/backend-plugin-api';
import { JenkinsPluginConfig } from '../config/JenkinsConfig';
import { callIdentityKey } from '../jenkins/CallIdentity';
import {
  JenkinsGateway,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';

/** The smallest read that still needs `Job/Read` on the job. */
export const ACCESS_CHECK_TREE = 'name';

/** Options of {@link AccessCheck}. @public */
export interface AccessCheckOptions {
  /** The gateway the check is sent through, as the person (uncached). */
  gateway: JenkinsGateway;
  /** Where confirmed access is remembered, shared by replicas. */
  cache: CacheService;
  config: Pick<JenkinsPluginConfig, 'instances'>;
}

/**
 * `reads: verified`: before a read of shared job data, Jenkins itself is
 * asked, as the person, whether they may read the job
 * (`GET /job/…/api/json?tree=name`). 200 is remembered per person per job
 * for `accessCheckTtlSeconds`; Jenkins' 403/404 (or any other failure) is
 * passed on as in `perUser` mode and never remembered as "allowed", so a
 * denied person gets no shared data. Concurrent checks of one person on one
 * job are one request.
 *
 * @public
 */
export class AccessCheck {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly options: AccessCheckOptions) {}

  /**
   * The context to read `fullName` with: where the instance's reads are
   * `verified`, the person's access is checked (or known) first and the
   * context lets the read use the shared read identity; otherwise `ctx`.
   */
  async contextFor(
    ctx: JenkinsRequestContext,
    fullName: string,
  ): Promise<JenkinsRequestContext> {
    const instance = this.options.config.instances.get(ctx.instance);
    if (instance?.reads !== 'verified' || ctx.purpose !== 'read') {
      return ctx;
    }
    const person = { ...ctx, accessVerified: false };
    const key = `access:${ctx.instance}:${callIdentityKey(
      person,
      instance,
    )}:${fullName}`;
    let check = this.inFlight.get(key);
    if (!check) {
      check = this.check(
        person,
        fullName,
        key,
        instance.accessCheckTtlSeconds,
      ).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, check);
    }
    await check;
    return { ...ctx, accessVerified: true };
  }

  private async check(
    person: JenkinsRequestContext,
    fullName: string,
    key: string,
    ttlSeconds: number,
  ): Promise<void> {
    if (await this.options.cache.get<boolean>(key)) {
      return;
    }
    // Throws Jenkins' answer (403 NotAllowedError, 404 NotFoundError, …).
    await this.options.gateway.getJob(person, fullName, ACCESS_CHECK_TREE);
    await this.options.cache.set(key, true, { ttl: ttlSeconds * 1000 });
  }
}
