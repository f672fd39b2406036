import { CacheService } from '@backstage/backend-plugin-api';
import { JenkinsPluginConfig } from '../config/JenkinsConfig';
import { callIdentityKey } from './CallIdentity';
import { LayeredReadCache, LayeredReadCacheOptions } from './LayeredReadCache';
import {
  JenkinsGateway,
  JenkinsLogChunk,
  JenkinsRequestContext,
} from './JenkinsGateway';

/**
 * A {@link JenkinsGateway} that caches reads per (instance, identity, job,
 * view) for the instance's short TTL, in process and in Backstage's cache
 * service behind it (see {@link LayeredReadCache}: stale-while-revalidate,
 * jittered expiry), coalesces concurrent identical reads into one Jenkins
 * call, and forgets a job's cached views after any write to it.
 *
 * The identity is part of the key whenever reads are per person, because
 * Jenkins may show different people different things.
 *
 * @public
 */
export class CachingJenkinsGateway implements JenkinsGateway {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly reads = new Map<string, LayeredReadCache>();

  constructor(
    private readonly inner: JenkinsGateway,
    cache: CacheService,
    private readonly config: JenkinsPluginConfig,
    options: Omit<LayeredReadCacheOptions, 'memoryEntries'> = {},
  ) {
    for (const instance of config.instances.values()) {
      this.reads.set(
        instance.name,
        new LayeredReadCache(cache, {
          ...options,
          memoryEntries: instance.memoryCacheEntries,
        }),
      );
    }
  }

  getJob(ctx: JenkinsRequestContext, fullName: string, tree: string) {
    return this.cached(ctx, fullName, `job:${tree}`, () =>
      this.inner.getJob(ctx, fullName, tree),
    );
  }

  getBuild(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    tree: string,
  ) {
    return this.cached(ctx, fullName, `build:${buildNumber}:${tree}`, () =>
      this.inner.getBuild(ctx, fullName, buildNumber, tree),
    );
  }

  getRunDescription(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ) {
    return this.cached(ctx, fullName, `wfapi:${buildNumber}`, () =>
      this.inner.getRunDescription(ctx, fullName, buildNumber),
    );
  }

  getPendingInputs(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ) {
    return this.cached(ctx, fullName, `inputs:${buildNumber}`, () =>
      this.inner.getPendingInputs(ctx, fullName, buildNumber),
    );
  }

  getTestReport(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    tree: string,
  ) {
    return this.cached(ctx, fullName, `tests:${buildNumber}:${tree}`, () =>
      this.inner.getTestReport(ctx, fullName, buildNumber, tree),
    );
  }

  /** Logs grow while a build runs: coalesced, never cached. */
  getLog(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    start: number,
  ): Promise<JenkinsLogChunk> {
    return this.coalesced(
      `log:${ctx.instance}:${this.identityKey(
        ctx,
      )}:${fullName}:${buildNumber}:${start}`,
      () => this.inner.getLog(ctx, fullName, buildNumber, start),
    );
  }

  /** A download streams straight through: never cached nor coalesced. */
  streamLog(ctx: JenkinsRequestContext, fullName: string, buildNumber: number) {
    return this.inner.streamLog(ctx, fullName, buildNumber);
  }

  /** Queue items change by the second while polled: coalesced, never cached. */
  getQueueItem(ctx: JenkinsRequestContext, queueId: number) {
    return this.coalesced(
      `queue:${ctx.instance}:${this.identityKey(ctx)}:${queueId}`,
      () => this.inner.getQueueItem(ctx, queueId),
    );
  }

  /** The queue, read to find a write: coalesced, never cached. */
  getQueue(ctx: JenkinsRequestContext, tree: string) {
    return this.coalesced(
      `queue-list:${ctx.instance}:${this.identityKey(ctx)}:${tree}`,
      () => this.inner.getQueue(ctx, tree),
    );
  }

  async triggerBuild(
    ctx: JenkinsRequestContext,
    fullName: string,
    parameters?: Record<string, string>,
  ) {
    try {
      return await this.inner.triggerBuild(ctx, fullName, parameters);
    } finally {
      await this.invalidateJob(ctx.instance, fullName);
    }
  }

  async stopBuild(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ) {
    try {
      return await this.inner.stopBuild(ctx, fullName, buildNumber);
    } finally {
      await this.invalidateJob(ctx.instance, fullName);
    }
  }

  cancelQueueItem(ctx: JenkinsRequestContext, queueId: number) {
    return this.inner.cancelQueueItem(ctx, queueId);
  }

  async answerInput(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    inputId: string,
    answer: {
      action: 'approve' | 'reject';
      parameters?: Record<string, string>;
    },
  ) {
    try {
      return await this.inner.answerInput(
        ctx,
        fullName,
        buildNumber,
        inputId,
        answer,
      );
    } finally {
      await this.invalidateJob(ctx.instance, fullName);
    }
  }

  async setBuildDescription(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    description: string,
  ) {
    try {
      return await this.inner.setBuildDescription(
        ctx,
        fullName,
        buildNumber,
        description,
      );
    } finally {
      await this.invalidateJob(ctx.instance, fullName);
    }
  }

  getBuildResource(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    path: string,
    query?: Record<string, string>,
  ) {
    return this.cached(
      ctx,
      fullName,
      `resource:${buildNumber}:${path}:${JSON.stringify(query ?? {})}`,
      () =>
        this.inner.getBuildResource(ctx, fullName, buildNumber, path, query),
    );
  }

  /** Parts of growing logs: coalesced, never cached. */
  getBuildText(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    path: string,
    options: {
      query?: Record<string, string>;
      skipBytes?: number;
      maxBytes: number;
    },
  ) {
    return this.coalesced(
      `text:${ctx.instance}:${this.identityKey(
        ctx,
      )}:${fullName}:${buildNumber}:${path}:${JSON.stringify(options)}`,
      () => this.inner.getBuildText(ctx, fullName, buildNumber, path, options),
    );
  }

  /** A download streams straight through: never cached nor coalesced. */
  streamArtifact(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    relativePath: string,
  ) {
    return this.inner.streamArtifact(ctx, fullName, buildNumber, relativePath);
  }

  async postBuildAction(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    path: string,
    form?: Record<string, string>,
    refusals?: number[],
  ) {
    try {
      return await this.inner.postBuildAction(
        ctx,
        fullName,
        buildNumber,
        path,
        form,
        refusals,
      );
    } finally {
      await this.invalidateJob(ctx.instance, fullName);
    }
  }

  /**
   * Forgets every cached view of a job and of the folders and multibranch
   * jobs above it (their views include its last build), for every identity:
   * in process at once, on other replicas within `GENERATION_RECHECK_MS`.
   */
  async invalidateJob(instance: string, fullName: string): Promise<void> {
    await this.reads.get(instance)?.invalidate(instance, fullName);
  }

  /** Releases the inner gateway's pooled connections. */
  async close(): Promise<void> {
    await this.inner.close?.();
  }

  /** The same identity the inner gateway sends the call as. */
  private identityKey(ctx: JenkinsRequestContext): string {
    return callIdentityKey(ctx, this.config.instances.get(ctx.instance));
  }

  private cached<T>(
    ctx: JenkinsRequestContext,
    fullName: string,
    view: string,
    read: () => Promise<T>,
  ): Promise<T> {
    const reads = this.reads.get(ctx.instance);
    if (!reads) {
      return read(); // an unknown instance: the inner gateway says so
    }
    const scope = {
      instance: ctx.instance,
      fullName,
      identity: this.identityKey(ctx),
      view,
      ttlMs:
        (this.config.instances.get(ctx.instance)?.cacheTtlSeconds ?? 0) * 1000,
    };
    return reads.read(scope, read);
  }

  private coalesced<T>(key: string, run: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) {
      return existing as Promise<T>;
    }
    const promise = run().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }
}
