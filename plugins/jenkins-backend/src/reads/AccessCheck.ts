import { CacheService } from '@backstage/backend-plugin-api';
import {
  JenkinsInstanceConfig,
  JenkinsPluginConfig,
} from '../config/JenkinsConfig';
import { callIdentityKey } from '../jenkins/CallIdentity';
import {
  JenkinsGateway,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';
import { RawJob } from '../jenkins/JenkinsJson';
import { ACCESS_CHECK_TREE, FOLDER_ACCESS_TREE } from '../jenkins/jenkinsTrees';
import { isMultibranchClass } from '../jobs/JobResolver';

/** A job Jenkins listed to a person: its name, kind and branches. */
type ListedItem = NonNullable<RawJob['jobs']>[number] & {
  jobs?: Array<{ name?: string }>;
};

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
 * (`GET /job/…/api/json?tree=name,…`). 200 is remembered per person per
 * job for `accessCheckTtlSeconds`, and with it the first branches of a
 * multibranch job that Jenkins listed to the person (it lists only those
 * they may read), so that the branch a view shows needs no check of its own; Jenkins' 403/404 (or any other failure) is
 * passed on as in `perUser` mode and never remembered as "allowed", so a
 * denied person gets no shared data. Concurrent checks of one person on one
 * job are one request.
 *
 * @public
 */
export class AccessCheck {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly listings = new Map<
    string,
    Promise<Map<string, ListedItem>>
  >();

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
    const key = accessKey(person, instance, fullName);
    let check = this.inFlight.get(key);
    if (!check) {
      check = this.check(person, instance, fullName, key).finally(() =>
        this.inFlight.delete(key),
      );
      this.inFlight.set(key, check);
    }
    await check;
    return { ...ctx, accessVerified: true };
  }

  /**
   * Checks a person on several jobs of one folder with one request: the
   * folder's items as the person (`tree=jobs[name]`), which Jenkins filters
   * to those they may read. Jobs listed are remembered as allowed, as
   * {@link AccessCheck.contextFor} would; a job not listed, or a folder
   * Jenkins refuses, is left to its own check, which carries Jenkins' own
   * answer. Nothing happens where reads are not `verified`.
   */
  async verifyListed(
    ctx: JenkinsRequestContext,
    folder: string,
    fullNames: string[],
  ): Promise<void> {
    const instance = this.options.config.instances.get(ctx.instance);
    if (instance?.reads !== 'verified' || ctx.purpose !== 'read') {
      return;
    }
    const person = { ...ctx, accessVerified: false };
    const keys = fullNames.map(name => accessKey(person, instance, name));
    const known = await Promise.all(
      keys.map(key => this.options.cache.get<boolean>(key)),
    );
    if (known.every(Boolean)) {
      return;
    }
    const listKey = `${accessKey(person, instance, folder)}\nlist`;
    let listing = this.listings.get(listKey);
    if (!listing) {
      listing = this.listedNames(person, folder).finally(() =>
        this.listings.delete(listKey),
      );
      this.listings.set(listKey, listing);
    }
    const listed = await listing;
    await Promise.all(
      fullNames.map((name, index) => {
        const item = listed.get(lastSegment(name).toLowerCase());
        return !known[index] && item
          ? this.remember(person, instance, name, item)
          : undefined;
      }),
    );
  }

  /** The folder's items the person may read, by lowercased name. */
  private async listedNames(
    person: JenkinsRequestContext,
    folder: string,
  ): Promise<Map<string, ListedItem>> {
    try {
      const raw = (await this.options.gateway.getJob(
        person,
        folder,
        FOLDER_ACCESS_TREE,
      )) as RawJob;
      return new Map(
        (raw.jobs ?? []).map(item => [
          (item.name ?? '').toLowerCase(),
          item as ListedItem,
        ]),
      );
    } catch (error) {
      // Refused on the folder: each job's own check says what Jenkins says.
      if (
        error instanceof Error &&
        (error.name === 'NotAllowedError' || error.name === 'NotFoundError')
      ) {
        return new Map();
      }
      throw error;
    }
  }

  /**
   * Remembers that Jenkins let the person read a job, and, of a
   * multibranch job, the branches it listed to them (only those they may
   * read: `getItems()` filters on `Item.READ`).
   */
  private async remember(
    person: JenkinsRequestContext,
    instance: JenkinsInstanceConfig,
    fullName: string,
    answer: ListedItem,
  ): Promise<void> {
    const ttl = instance.accessCheckTtlSeconds * 1000;
    const branches = isMultibranchClass(answer._class)
      ? (answer.jobs ?? []).filter(branch => branch.name)
      : [];
    await Promise.all([
      this.options.cache.set(accessKey(person, instance, fullName), true, {
        ttl,
      }),
      ...branches.map(branch =>
        this.options.cache.set(
          accessKey(person, instance, `${fullName}/${branch.name}`),
          true,
          { ttl },
        ),
      ),
    ]);
  }

  private async check(
    person: JenkinsRequestContext,
    instance: JenkinsInstanceConfig,
    fullName: string,
    key: string,
  ): Promise<void> {
    if (await this.options.cache.get<boolean>(key)) {
      return;
    }
    // Throws Jenkins' answer (403 NotAllowedError, 404 NotFoundError, …).
    const answer = (await this.options.gateway.getJob(
      person,
      fullName,
      ACCESS_CHECK_TREE,
    )) as ListedItem;
    await this.remember(person, instance, fullName, answer);
  }
}

/** Where a person's confirmed access to one job is remembered. */
function accessKey(
  person: JenkinsRequestContext,
  instance: JenkinsInstanceConfig,
  fullName: string,
): string {
  return `access:${person.instance}:${callIdentityKey(
    person,
    instance,
  )}:${fullName}`;
}

/** The item name of a job: the last part of its full name. */
function lastSegment(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('/') + 1);
}
