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

/** Encodes a cursor as an opaque URL-safe string. */
export function encodeBuildsCursor(cursor: BuildsCursor): string {
  return Buffer.from(`${cursor.offset}.${cursor.before}`).toString('base64url');
}

/** Decodes {@link encodeBuildsCursor}; InputError naming `cursor` otherwise. */
export function decodeBuildsCursor(value: string): BuildsCursor {
  const match = /^(\d{1,9})\.(\d{1,12})$/.exec(
    Buffer.from(value, 'base64url').toString('utf8'),
  );
  if (!match) {
    throw new InputError('cursor: must be a cursor from a previous page');
  }
  return { offset: Number(match[1]), before: Number(match[2]) };
}
