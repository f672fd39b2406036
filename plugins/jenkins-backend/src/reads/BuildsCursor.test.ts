import { InputError } from '@backstage/errors';
import { decodeBuildsCursor, encodeBuildsCursor } from './BuildsCursor';

describe('builds cursors', () => {
  it('round-trips as an opaque URL-safe string', () => {
    const cursor = encodeBuildsCursor({ offset: 200, before: 9801 });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeBuildsCursor(cursor)).toEqual({ offset: 200, before: 9801 });
  });

  it('rejects anything it did not make, naming the cursor', () => {
    expect(() => decodeBuildsCursor('bm9wZQ')).toThrow(InputError);
    expect(() => decodeBuildsCursor('bm9wZQ')).toThrow(/^cursor:/);
    expect(() =>
      decodeBuildsCursor(Buffer.from('-1.5').toString('base64url')),
    ).toThrow(InputError);
  });
});
