import type { RealmKind } from '../security/Authenticator';

/** One served request, as the control API reports it. */
export interface RequestLogEntry {
  /** Wall-clock time (epoch ms). */
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  user: string;
  groups: string[];
  realm: RealmKind | 'rejected';
  crumb: 'valid' | 'invalid' | 'not-required';
  /** Id of the injected fault that applied, if any. */
  fault?: string;
  /**
   * The credentials the request carried, as sent (`Authorization`, `Cookie`,
   * `Jenkins-Crumb`), so that a test can check that none of them ever
   * leaks out of the client. Simulator-only.
   */
  sent: { authorization?: string; cookie?: string; crumb?: string };
}

/** Filters for {@link RequestLog.find}. */
export interface RequestFilter {
  method?: string;
  /** Regex tested against the path. */
  path?: string;
  user?: string;
  realm?: string;
  status?: number;
}

/** Aggregate counts since the last clear. */
export interface RequestCounters {
  total: number;
  byStatus: Record<string, number>;
  byMethod: Record<string, number>;
  byRealm: Record<string, number>;
  byCrumb: Record<string, number>;
}

const MAX_ENTRIES = 20000;

const emptyCounters = (): RequestCounters => ({
  total: 0,
  byStatus: {},
  byMethod: {},
  byRealm: {},
  byCrumb: {},
});

/** A bounded log of served requests with counters. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private totals = emptyCounters();

  record(entry: RequestLogEntry) {
    this.entries.push(entry);
    // Trim in batches so a long benchmark does not shift the array per request.
    if (this.entries.length > MAX_ENTRIES * 1.25) {
      this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    }
    const t = this.totals;
    t.total++;
    const bump = (m: Record<string, number>, k: string) => {
      m[k] = (m[k] ?? 0) + 1;
    };
    bump(t.byStatus, String(entry.status));
    bump(t.byMethod, entry.method);
    bump(t.byRealm, entry.realm);
    bump(t.byCrumb, entry.crumb);
  }

  find(filter: RequestFilter = {}): RequestLogEntry[] {
    const path = filter.path ? new RegExp(filter.path) : undefined;
    return this.entries.filter(
      e =>
        (!filter.method || e.method === filter.method.toUpperCase()) &&
        (!path || path.test(e.path)) &&
        (!filter.user || e.user === filter.user) &&
        (!filter.realm || e.realm === filter.realm) &&
        (filter.status === undefined || e.status === Number(filter.status)),
    );
  }

  counters(): RequestCounters {
    return JSON.parse(JSON.stringify(this.totals));
  }

  clear() {
    this.entries = [];
    this.totals = emptyCounters();
  }
}
