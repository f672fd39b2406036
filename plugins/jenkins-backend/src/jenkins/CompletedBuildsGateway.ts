import { CacheService } from '@backstage/backend-plugin-api';
import { JenkinsPluginConfig } from '../config/JenkinsConfig';
import { callIdentityKey } from './CallIdentity';
import {
  JenkinsGateway,
  JenkinsLogChunk,
  JenkinsLogStream,
  JenkinsRequestContext,
} from './JenkinsGateway';

/**
 * How long a completed build's stages and test report are kept: they never
 * change, so as long as builds are commonly kept, bounded only so the store
 * forgets deleted builds.
 */
export const COMPLETED_BUILD_TTL_MS = 24 * 60 * 60 * 1000;

/** Builds seen completed, remembered per replica (bounded). */
const MAX_COMPLETED_BUILDS = 10000;

/** `wfapi/describe` statuses of a run that has ended (pipeline-stage-view `StatusExt`). */
const ENDED_RUN_STATUSES = new Set([
  'SUCCESS',
  'FAILED',
  'ABORTED',
  'UNSTABLE',
]);

/**
 * A {@link JenkinsGateway} that keeps completed builds' stages
 * (`wfapi/describe`) and test reports for {@link COMPLETED_BUILD_TTL_MS}, in
 * Backstage's cache service, keyed by build number and identity, and beyond
 * any job cache generation: a build event of the job drops its short-lived
 * views, not these. Running builds are never kept. Sits under the caching
 * gateway, so its short TTL still applies in front; with the instance's
 * cache off (`cacheTtlSeconds: 0`) it keeps nothing either.
 */
export class CompletedBuildsGateway implements JenkinsGateway {
  private readonly completed = new Set<string>();

  constructor(
    private readonly inner: JenkinsGateway,
    private readonly cache: CacheService,
    private readonly config: JenkinsPluginConfig,
  ) {}

  async getBuild(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    tree: string,
  ) {
    const build = (await this.inner.getBuild(
      ctx,
      fullName,
      buildNumber,
      tree,
    )) as { building?: boolean; result?: string | null } | undefined;
    if (build?.building === false && build.result) {
      this.rememberCompleted(ctx.instance, fullName, buildNumber);
    }
    return build;
  }

  getRunDescription(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ) {
    return this.kept(
      ctx,
      fullName,
      `wfapi:${buildNumber}`,
      () => this.inner.getRunDescription(ctx, fullName, buildNumber),
      run =>
        ENDED_RUN_STATUSES.has(String((run as { status?: unknown }).status)),
    );
  }

  getTestReport(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    tree: string,
  ) {
    // A report is final once its build is: known from a build read before
    // (the build view reads the build first).
    const ended = this.completed.has(
      completedKey(ctx.instance, fullName, buildNumber),
    );
    return this.kept(
      ctx,
      fullName,
      `tests:${buildNumber}:${tree}`,
      () => this.inner.getTestReport(ctx, fullName, buildNumber, tree),
      () => ended,
    );
  }

  getJob(ctx: JenkinsRequestContext, fullName: string, tree: string) {
    return this.inner.getJob(ctx, fullName, tree);
  }
  getPendingInputs(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ) {
    return this.inner.getPendingInputs(ctx, fullName, buildNumber);
  }
  getLog(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    start: number,
  ): Promise<JenkinsLogChunk> {
    return this.inner.getLog(ctx, fullName, buildNumber, start);
  }
  streamLog(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ): Promise<JenkinsLogStream> {
    return this.inner.streamLog(ctx, fullName, buildNumber);
  }
  getQueueItem(ctx: JenkinsRequestContext, queueId: number) {
    return this.inner.getQueueItem(ctx, queueId);
  }
  getQueue(ctx: JenkinsRequestContext, tree: string) {
    return this.inner.getQueue(ctx, tree);
  }
  /**
   * Pipeline Graph View answers and wfapi node descriptions of a finished
   * run never change: kept like its stages (the graph of a completed run is
   * served from here as long as it is kept).
   */
  getBuildResource(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    path: string,
    query?: Record<string, string>,
  ) {
    const read = () =>
      this.inner.getBuildResource(ctx, fullName, buildNumber, path, query);
    const ended = endedRunPredicate(path);
    if (!ended) {
      return read();
    }
    return this.kept(
      ctx,
      fullName,
      `resource:${buildNumber}:${path}:${JSON.stringify(query ?? {})}`,
      read,
      ended,
    );
  }
  getBuildText: JenkinsGateway['getBuildText'] = (...args) =>
    this.inner.getBuildText(...args);
  streamArtifact: JenkinsGateway['streamArtifact'] = (...args) =>
    this.inner.streamArtifact(...args);
  postBuildAction: JenkinsGateway['postBuildAction'] = (...args) =>
    this.inner.postBuildAction(...args);
  triggerBuild: JenkinsGateway['triggerBuild'] = (...args) =>
    this.inner.triggerBuild(...args);
  stopBuild: JenkinsGateway['stopBuild'] = (...args) =>
    this.inner.stopBuild(...args);
  cancelQueueItem: JenkinsGateway['cancelQueueItem'] = (...args) =>
    this.inner.cancelQueueItem(...args);
  answerInput: JenkinsGateway['answerInput'] = (...args) =>
    this.inner.answerInput(...args);
  setBuildDescription: JenkinsGateway['setBuildDescription'] = (...args) =>
    this.inner.setBuildDescription(...args);

  async close(): Promise<void> {
    await this.inner.close?.();
  }

  private rememberCompleted(
    instance: string,
    fullName: string,
    buildNumber: number,
  ) {
    const key = completedKey(instance, fullName, buildNumber);
    this.completed.delete(key);
    this.completed.add(key);
    if (this.completed.size > MAX_COMPLETED_BUILDS) {
      const oldest = this.completed.values().next().value;
      if (oldest !== undefined) this.completed.delete(oldest);
    }
  }

  private async kept<T>(
    ctx: JenkinsRequestContext,
    fullName: string,
    view: string,
    read: () => Promise<T>,
    ended: (value: NonNullable<T>) => boolean,
  ): Promise<T> {
    const instance = this.config.instances.get(ctx.instance);
    if (!instance || instance.cacheTtlSeconds <= 0) {
      return read();
    }
    const key = `completed:${ctx.instance}:${callIdentityKey(
      ctx,
      instance,
    )}:${fullName}:${view}`;
    const hit = await this.cache.get<{ value: any }>(key);
    if (hit) {
      return hit.value as T;
    }
    const value = await read();
    if (value !== undefined && value !== null && ended(value)) {
      await this.cache.set(
        key,
        { value: value as any },
        { ttl: COMPLETED_BUILD_TTL_MS },
      );
    }
    return value;
  }
}

function completedKey(
  instance: string,
  fullName: string,
  buildNumber: number,
): string {
  return `${instance}\n${fullName}\n${buildNumber}`;
}

/**
 * How to tell from an answer that its run has ended, for the build
 * resources that are kept once it has: Pipeline Graph View's envelope
 * (`data.complete` of `stages/tree`, `data.runIsComplete` of
 * `stages/allSteps`) and wfapi's statuses. Undefined: never kept.
 */
function endedRunPredicate(
  path: string,
): ((value: unknown) => boolean) | undefined {
  if (path === 'stages/tree') {
    return value =>
      (value as { data?: { complete?: unknown } }).data?.complete === true;
  }
  if (path === 'stages/allSteps') {
    return value =>
      (value as { data?: { runIsComplete?: unknown } }).data?.runIsComplete ===
      true;
  }
  if (
    path === 'wfapi/describe' ||
    /^execution\/node\/\d+\/wfapi\/describe$/.test(path)
  ) {
    return value =>
      ENDED_RUN_STATUSES.has(String((value as { status?: unknown }).status));
  }
  return undefined;
}
