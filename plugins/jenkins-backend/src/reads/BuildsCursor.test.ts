import { InputError } from '@backstage/errors';
import {
  assertWithinHistory,
  decodeBuildsCursor,
  encodeBuildsCursor,
} from './BuildsCursor';

const raw = (text: string) => Buffer.from(text).toString('base64url');

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

  it('refuses numbers that are not canonical decimals within build numbers', () => {
    for (const text of [
      '0.5',
      '5.0',
      '007.9801',
      '200.09801',
      '+2.5',
      '2.5e3',
      '1.2147483648',
      '2147483648.5',
      '99999999999.5',
    ]) {
      expect(() => decodeBuildsCursor(raw(text))).toThrow(/^cursor:/);
    }
    // Base64 with padding or other spellings of the same bytes is not ours.
    expect(() => decodeBuildsCursor(`${raw('200.9801')}==`)).toThrow(
      InputError,
    );
  });

  it('refuses a cursor beyond the history of the job', () => {
    // Page 1 of builds 100…1 by 20 ends at #81 with offset 20: 20 + 81 = 101,
    // and up to 100 builds may have started since #100 was read.
    expect(() =>
      assertWithinHistory({ offset: 20, before: 181 }, 100),
    ).not.toThrow();
    expect(() => assertWithinHistory({ offset: 20, before: 182 }, 100)).toThrow(
      /^cursor: lies beyond the builds of this job \(its newest is #100\)/,
    );
    expect(() =>
      assertWithinHistory({ offset: 999999999, before: 1 }, 100),
    ).toThrow(InputError);
    expect(() => assertWithinHistory({ offset: 1, before: 101 }, 0)).toThrow(
      /no builds/,
    );
  });
});
