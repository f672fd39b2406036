/** `1h 2m`, `3m 4s`, `5s`: the way people read build times. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms < 0) {
    return '—';
  }
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m ${seconds % 60}s`;
  }
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** `3 min ago`, `yesterday`: when something happened, relative to now. */
export function formatRelativeTime(
  epochMs: number | null | undefined,
  now: number = Date.now(),
): string {
  if (epochMs === null || epochMs === undefined) {
    return '—';
  }
  const seconds = Math.round((epochMs - now) / 1000);
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) {
    return format.format(seconds, 'second');
  }
  if (abs < 3600) {
    return format.format(Math.round(seconds / 60), 'minute');
  }
  if (abs < 86400) {
    return format.format(Math.round(seconds / 3600), 'hour');
  }
  return format.format(Math.round(seconds / 86400), 'day');
}

/** The full local date and time, for a tooltip next to a relative time. */
export function formatTimestamp(epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined) {
    return '';
  }
  return new Date(epochMs).toLocaleString();
}
