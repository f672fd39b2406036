/** One notification the simulator handled, per attempt (or a skip). */
export interface NotificationLogEntry {
  /** The phase's timestamp (simulated epoch ms). */
  time: number;
  job: string;
  number: number;
  phase: string;
  /** The expanded endpoint URL without user info. */
  url: string;
  outcome: 'delivered' | 'failed' | 'skipped';
  /** 1 for the first try of this phase and endpoint. */
  attempt?: number;
  /** The HTTP status answered (any status counts as delivered, as in the plugin). */
  status?: number;
  error?: string;
  reason?: string;
  /** Credentials as sent, so tests can check them. */
  sent?: { authorization?: string };
  /** The JobState sent. */
  body?: Record<string, unknown>;
}

/** Filters for {@link NotificationLog.find}. */
export interface NotificationFilter {
  job?: string;
  phase?: string;
  outcome?: string;
}

const MAX_ENTRIES = 5000;

/** The notifications sent since the last reset, oldest first. */
export class NotificationLog {
  private entries: NotificationLogEntry[] = [];

  add(entry: NotificationLogEntry) {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
  }

  find(filter: NotificationFilter = {}): NotificationLogEntry[] {
    return this.entries.filter(
      e =>
        (filter.job === undefined ||
          e.job.toLowerCase() === filter.job.toLowerCase()) &&
        (filter.phase === undefined || e.phase === filter.phase) &&
        (filter.outcome === undefined || e.outcome === filter.outcome),
    );
  }

  clear() {
    this.entries = [];
  }
}
