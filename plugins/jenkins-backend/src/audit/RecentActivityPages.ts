import { AuditPage } from './types';

/** How long an entity's newest activity page is served from memory. */
export const RECENT_ACTIVITY_TTL_MS = 1000;

/** Entities whose pages are kept at most (the oldest goes first). */
const MAX_PAGES = 500;

interface Kept {
  generation: number;
  expiresAt: number;
  page: Promise<AuditPage>;
}

/**
 * The newest page of each entity's activity, as the tab's every view and
 * refresh asks for it: kept for a second and shared by concurrent reads, so
 * a crowd watching one entity costs the database one query a second, not
 * one per view. Every write through this process's store forgets them all
 * at once (a write started after a read began is never hidden by it); a
 * write by another replica shows within the TTL.
 */
export class RecentActivityPages {
  private generation = 0;
  private readonly pages = new Map<string, Kept>();

  constructor(
    private readonly ttlMs: number = RECENT_ACTIVITY_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The page under `key`, loaded at most once per TTL and generation. */
  read(key: string, load: () => Promise<AuditPage>): Promise<AuditPage> {
    const kept = this.pages.get(key);
    if (
      kept &&
      kept.generation === this.generation &&
      kept.expiresAt > this.now()
    ) {
      return kept.page;
    }
    const generation = this.generation;
    const page = load();
    const entry: Kept = {
      generation,
      expiresAt: this.now() + this.ttlMs,
      page,
    };
    this.pages.delete(key);
    if (this.pages.size >= MAX_PAGES) {
      this.pages.delete(this.pages.keys().next().value!);
    }
    this.pages.set(key, entry);
    // A failed read is not kept: the next view asks again.
    page.catch(() => {
      if (this.pages.get(key) === entry) {
        this.pages.delete(key);
      }
    });
    return page;
  }

  /** Something was written: no page read before now may be served again. */
  changed(): void {
    this.generation++;
    this.pages.clear();
  }
}
