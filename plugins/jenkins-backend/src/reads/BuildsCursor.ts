import { InputError } from '@backstage/errors';

/**
 * Where the next page of builds starts: the offset into Jenkins' newest-first
 * list, and the last build number returned, so that builds started since the
 * previous page are skipped rather than repeated.
 */
export interface BuildsCursor {
  offset: number;
  before: number;
}

/** Jenkins' build numbers are Java `int`s. */
const MAX_BUILD_NUMBER = 2147483647;

/** Encodes a cursor as an opaque URL-safe string. */
export function encodeBuildsCursor(cursor: BuildsCursor): string {
  return Buffer.from(`${cursor.offset}.${cursor.before}`).toString('base64url');
}

/**
 * Decodes {@link encodeBuildsCursor}: both numbers canonical decimals
 * (no sign, no leading zero), at least 1 and within Jenkins' build numbers,
 * as every cursor this service issues is; InputError naming `cursor`
 * otherwise.
 */
export function decodeBuildsCursor(value: string): BuildsCursor {
  const match = /^([1-9][0-9]{0,9})\.([1-9][0-9]{0,9})$/.exec(
    Buffer.from(value, 'base64url').toString('utf8'),
  );
  const cursor = match
    ? { offset: Number(match[1]), before: Number(match[2]) }
    : undefined;
  if (
    !cursor ||
    cursor.offset > MAX_BUILD_NUMBER ||
    cursor.before > MAX_BUILD_NUMBER ||
    encodeBuildsCursor(cursor) !== value
  ) {
    throw new InputError('cursor: must be a cursor from a previous page');
  }
  return cursor;
}

/**
 * Builds that may have started since the newest build number was read: it
 * may come from the cache (`cacheTtlSeconds`) while the page came fresh.
 */
const NEW_BUILDS_SLACK = 100;

/**
 * Refuses a cursor that lies beyond the job's history, before Jenkins is
 * asked for that range (an `allBuilds{M,N}` range makes Jenkins load every
 * build record up to M). When a page was issued, the `offset - 1` builds
 * before its last one were newer than `before`, so
 * `offset + before <= lastBuildNumber + 1` holds for every cursor issued,
 * and keeps holding as new builds come.
 */
export function assertWithinHistory(
  cursor: BuildsCursor,
  lastBuildNumber: number,
): void {
  if (cursor.offset + cursor.before > lastBuildNumber + 1 + NEW_BUILDS_SLACK) {
    throw new InputError(
      lastBuildNumber > 0
        ? `cursor: lies beyond the builds of this job (its newest is #${lastBuildNumber}); start again from the first page`
        : 'cursor: this job has no builds; start again from the first page',
    );
  }
}
