import { QueueState } from '@internal/plugin-jenkins-common';

/** The parts of `GET /queue/item/N/api/json` the write side reads. */
export interface RawQueueItem {
  _class?: string;
  id?: number;
  why?: string | null;
  cancelled?: boolean;
  blocked?: boolean;
  buildable?: boolean;
  task?: { name?: string; url?: string } | null;
  executable?: { number?: number; url?: string } | null;
}

/** Maps a Jenkins queue item to the API's queue state. */
export function toQueueState(queueId: number, raw: RawQueueItem): QueueState {
  const cls = raw._class ?? '';
  const base = {
    queueId,
    why: raw.why ?? null,
    buildNumber: null,
    buildUrl: null,
  };
  if (raw.executable && typeof raw.executable.number === 'number') {
    return {
      ...base,
      state: 'started',
      why: null,
      buildNumber: raw.executable.number,
      buildUrl: raw.executable.url ?? null,
    };
  }
  if (raw.cancelled || /\$LeftItem$/.test(cls)) {
    return { ...base, state: 'cancelled', why: null };
  }
  if (raw.blocked || /\$BlockedItem$/.test(cls)) {
    return { ...base, state: 'blocked' };
  }
  if (
    /\$BuildableItem$/.test(cls) ||
    (raw.buildable && !/\$WaitingItem$/.test(cls))
  ) {
    return { ...base, state: 'buildable' };
  }
  return { ...base, state: 'waiting' };
}

/**
 * The job full name of a Jenkins job URL (`…/job/a/job/b%20c/` → `a/b c`),
 * or undefined when the URL is not a job URL.
 */
export function jobFullNameOfUrl(url: string | undefined): string | undefined {
  if (!url) {
    return undefined;
  }
  let path: string;
  try {
    path = new URL(url, 'http://jenkins.invalid/').pathname;
  } catch {
    return undefined;
  }
  const segments = path.split('/').filter(Boolean);
  const names: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    if (segments[i] === 'job' && i + 1 < segments.length) {
      try {
        names.push(decodeURIComponent(segments[i + 1]));
      } catch {
        return undefined;
      }
      i++;
    }
  }
  return names.length ? names.join('/') : undefined;
}
