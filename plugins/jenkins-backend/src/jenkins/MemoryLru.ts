/** Bounds of a {@link MemoryLru}. */
export interface MemoryLruBounds {
  /** Entries kept at most. */
  maxEntries: number;
  /** Estimated bytes kept at most. */
  maxBytes: number;
}

/**
 * A least-recently-used map bounded by entry count and by estimated size:
 * whichever bound is passed first evicts the least recently used entries.
 * An entry bigger than the whole byte bound is not kept.
 */
export class MemoryLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private bytes = 0;

  constructor(private readonly bounds: MemoryLruBounds) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value, marked as most recently used. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.bounds.maxBytes) {
      return;
    }
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    while (
      this.entries.size > this.bounds.maxEntries ||
      this.bytes > this.bounds.maxBytes
    ) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }

  /** Drops every entry whose key starts with `prefix`. */
  deletePrefix(prefix: string): void {
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(prefix)) {
        this.delete(key);
      }
    }
  }
}
