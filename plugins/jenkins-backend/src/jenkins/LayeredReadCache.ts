import { CacheService } from '@backstage/backend-plugin-api';
import { MemoryLru } from './MemoryLru';

/** How long a job's cache generation is remembered; longer than any read TTL. */
const GENERATION_TTL_MS = 60 * 60 * 1000;

/**
 * How long this replica trusts the generation it last read from the shared
 * cache. A write or build event on another replica is therefore seen here
 * after at most this long (plus one cache round trip); on this replica at
 * once.
 */
export const GENERATION_RECHECK_MS = 1000;

/** Fresh for the TTL shortened by up to this share, so entries spread out. */
const TTL_JITTER = 0.2;

/** Entries past their TTL are served (while one refresh runs) up to this many TTLs. */
const STALE_FACTOR = 2;

/** The in-process layer's byte bound (estimated from JSON length). */
const MAX_MEMORY_BYTES = 64 * 1024 * 1024;

/** Which cached read: its instance, job, identity and view. */
export interface ReadScope {
  instance: string;
  fullName: string;
  /** The identity the read is made as (`callIdentityKey`). */
  identity: string;
  view: string;
  ttlMs: number;
}

interface MemoryEntry {
  value: unknown;
  generation: string;
  freshUntil: number;
  staleUntil: number;
}

type SharedEntry = {
  value: any;
  /** When Jenkins answered; older entries (without it) count as new. */
  storedAt?: number;
};

/** Options of {@link LayeredReadCache}. */
export interface LayeredReadCacheOptions {
  memoryEntries: number;
  now?: () => number;
  random?: () => number;
}

/**
 * Reads cached in two layers: parsed values in process (a bounded LRU, so a
 * hit costs no deserialization), in front of Backstage's cache service,
 * which replicas share. Past its (jittered) TTL an entry is still served, up
 * to {@link STALE_FACTOR} TTLs after Jenkins answered, while one refresh
 * runs in the background. Identical reads in flight share one Jenkins call.
 * A job's generation (in the shared cache) changes on every write or build
 * event; entries of an older generation are never served.
 */
export class LayeredReadCache {
  private readonly memory: MemoryLru<MemoryEntry>;
  private readonly generations = new MemoryLru<{
    value: string;
    checkedAt: number;
  }>({ maxEntries: 20000, maxBytes: Number.MAX_SAFE_INTEGER });
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    private readonly cache: CacheService,
    options: LayeredReadCacheOptions,
  ) {
    this.memory = new MemoryLru({
      maxEntries: options.memoryEntries,
      maxBytes: MAX_MEMORY_BYTES,
    });
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** The cached value of a read, or what `load` answers; see the class. */
  async read<T>(scope: ReadScope, load: () => Promise<T>): Promise<T> {
    const generation = await this.generation(scope.instance, scope.fullName);
    const sharedKey = `read:${scope.instance}:${scope.identity}:${generation}:${scope.fullName}:${scope.view}`;
    if (scope.ttlMs <= 0) {
      return this.coalesced(sharedKey, load);
    }
    const memoryKey = memoryKeyOf(scope);
    const entry = this.memory.get(memoryKey);
    const now = this.now();
    if (entry && entry.generation === generation && now < entry.staleUntil) {
      if (now >= entry.freshUntil) {
        this.refresh(scope, generation, sharedKey, load);
      }
      return entry.value as T;
    }
    return this.coalesced(sharedKey, () =>
      this.fill(scope, generation, sharedKey, load, 'cold'),
    );
  }

  /** Forgets the job's (and its parents') entries in both layers. */
  async invalidate(instance: string, fullName: string): Promise<void> {
    const parts = fullName.split('/');
    const generation = `${this.now()}-${this.random()}`;
    await Promise.all(
      parts.map((_, index) => {
        const name = parts.slice(0, index + 1).join('/');
        this.generations.set(
          jobKeyOf(instance, name),
          { value: generation, checkedAt: this.now() },
          1,
        );
        this.memory.deletePrefix(`${jobKeyOf(instance, name)}\n`);
        return this.cache.set(generationKey(instance, name), generation, {
          ttl: GENERATION_TTL_MS,
        });
      }),
    );
  }

  /** The job's generation, read from the shared cache when not recent. */
  private async generation(instance: string, fullName: string) {
    const key = jobKeyOf(instance, fullName);
    const known = this.generations.get(key);
    const asked = this.now();
    if (known && asked - known.checkedAt < GENERATION_RECHECK_MS) {
      return known.value;
    }
    const value = await this.coalesced(`gen\n${key}`, async () => {
      const shared = await this.cache.get<string>(
        generationKey(instance, fullName),
      );
      return shared ?? '0';
    });
    const latest = this.generations.get(key);
    // An invalidation on this replica while we asked wins.
    if (!latest || latest.checkedAt <= asked) {
      this.generations.set(key, { value, checkedAt: asked }, 1);
      return value;
    }
    return latest.value;
  }

  private refresh(
    scope: ReadScope,
    generation: string,
    sharedKey: string,
    load: () => Promise<unknown>,
  ): void {
    // One refresh per entry at a time (apart from cold reads, which may be
    // what found the entry stale). A failed refresh leaves the stale entry
    // until its bound; the next stale hit tries again.
    this.coalesced(`refresh\n${sharedKey}`, () =>
      this.fill(scope, generation, sharedKey, load, 'refresh'),
    ).catch(() => undefined);
  }

  private async fill<T>(
    scope: ReadScope,
    generation: string,
    sharedKey: string,
    load: () => Promise<T>,
    mode: 'cold' | 'refresh',
  ): Promise<T> {
    if (mode === 'cold') {
      const hit = await this.cache.get<SharedEntry>(sharedKey);
      const storedAt = hit?.storedAt ?? this.now();
      const age = this.now() - storedAt;
      if (hit && age < STALE_FACTOR * scope.ttlMs) {
        this.remember(scope, generation, hit.value, storedAt);
        if (age >= scope.ttlMs) {
          this.refresh(scope, generation, sharedKey, load);
        }
        return hit.value as T;
      }
    }
    const value = await load();
    const storedAt = this.now();
    await this.cache.set(
      sharedKey,
      { value: value as any, storedAt },
      {
        ttl: STALE_FACTOR * scope.ttlMs,
      },
    );
    this.remember(scope, generation, value, storedAt);
    return value;
  }

  private remember(
    scope: ReadScope,
    generation: string,
    value: unknown,
    storedAt: number,
  ): void {
    const current = this.generations.get(
      jobKeyOf(scope.instance, scope.fullName),
    );
    if (current && current.value !== generation) {
      return; // invalidated while Jenkins answered
    }
    const freshMs = scope.ttlMs * (1 - TTL_JITTER * this.random());
    this.memory.set(
      memoryKeyOf(scope),
      {
        value: deepFreeze(value),
        generation,
        freshUntil: storedAt + freshMs,
        staleUntil: storedAt + STALE_FACTOR * scope.ttlMs,
      },
      (JSON.stringify(value) ?? '').length,
    );
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

/** Values are shared by every reader in process: none may change them. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}

function jobKeyOf(instance: string, fullName: string): string {
  return `${instance}\n${fullName}`;
}

function memoryKeyOf(scope: ReadScope): string {
  return `${jobKeyOf(scope.instance, scope.fullName)}\n${scope.identity}\n${
    scope.view
  }`;
}

function generationKey(instance: string, fullName: string): string {
  return `gen:${instance}:${fullName}`;
}
