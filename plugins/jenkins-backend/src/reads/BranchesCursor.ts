import { InputError } from '@backstage/errors';

/** The furthest offset a cursor may name: far beyond any branch count. */
const MAX_OFFSET = 999_999_999;

/**
 * The cursor of the next page of a multibranch job's branches: the offset
 * into the matching branches, opaque to clients.
 */
export function encodeBranchesCursor(offset: number): string {
  return Buffer.from(`b${offset}`).toString('base64url');
}

/**
 * The offset a branches cursor stands for, accepted only in the canonical
 * form this service issues (one offset, one cursor); InputError naming
 * `cursor` otherwise.
 */
export function decodeBranchesCursor(cursor: string): number {
  const match = /^b(0|[1-9][0-9]{0,8})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  const offset = match ? Number(match[1]) : -1;
  if (
    offset < 0 ||
    offset > MAX_OFFSET ||
    encodeBranchesCursor(offset) !== cursor
  ) {
    throw new InputError(
      "Invalid query field 'cursor': must be a cursor from a previous page",
    );
  }
  return offset;
}
