import { CacheService } from '@backstage/backend-plugin-api';

/** How long what an instance has is remembered: plugins are installed rarely. */
export const GRAPH_SOURCE_TTL_MS = 60 * 60 * 1000;

/**
 * Whether an instance has the Pipeline Graph View plugin, learnt once per
 * instance (not per request) from the first build that shows it: its
 * `stages/tree` answers (it has), or it answers 404 where `wfapi/describe`
 * of the same build answers (it has not). Remembered in process and in the
 * cache service (shared by replicas) for {@link GRAPH_SOURCE_TTL_MS}.
 */
export class GraphSourceDetector {
  private readonly known = new Map<
    string,
    { hasGraphView: boolean; until: number }
  >();

  constructor(
    private readonly cache: CacheService,
    private readonly now: () => number = Date.now,
  ) {}

  /** True or false once learnt; undefined while unknown. */
  async hasGraphView(instance: string): Promise<boolean | undefined> {
    const local = this.known.get(instance);
    if (local && local.until > this.now()) {
      return local.hasGraphView;
    }
    const shared = await this.cache.get<boolean>(this.key(instance));
    if (typeof shared === 'boolean') {
      this.known.set(instance, {
        hasGraphView: shared,
        until: this.now() + GRAPH_SOURCE_TTL_MS,
      });
      return shared;
    }
    return undefined;
  }

  async remember(instance: string, hasGraphView: boolean): Promise<void> {
    const local = this.known.get(instance);
    if (local?.hasGraphView === hasGraphView && local.until > this.now()) {
      return;
    }
    this.known.set(instance, {
      hasGraphView,
      until: this.now() + GRAPH_SOURCE_TTL_MS,
    });
    await this.cache.set(this.key(instance), hasGraphView, {
      ttl: GRAPH_SOURCE_TTL_MS,
    });
  }

  private key(instance: string): string {
    return `features:${instance}:pipeline-graph-view`;
  }
}
