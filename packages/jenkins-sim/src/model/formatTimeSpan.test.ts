import { formatTimeSpan } from './formatTimeSpan';

describe('formatTimeSpan', () => {
  it.each([
    [15, '15 ms'],
    [4900, '4.9 sec'],
    [5000, '5.0 sec'],
    [12000, '12 sec'],
    [95000, '1 min 35 sec'],
    [120000, '2 min'],
    [3720000, '1 hr 2 min'],
    [90000000, '1 day 1 hr'],
  ])('formats %d ms as "%s"', (ms, text) => {
    expect(formatTimeSpan(ms)).toBe(text);
  });
});
