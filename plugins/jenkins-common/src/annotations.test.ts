import { parseJobAnnotation } from './annotations';

describe('parseJobAnnotation', () => {
  it('parses several jobs across instances, tolerating whitespace', () => {
    expect(
      parseJobAnnotation(' payments/svc ,  other:platform/backup,payments/svc'),
    ).toEqual([
      { instance: 'default', fullName: 'payments/svc' },
      { instance: 'other', fullName: 'platform/backup' },
    ]);
  });

  it('rejects an empty job name with a message naming the entry', () => {
    expect(() => parseJobAnnotation('ci:')).toThrow(
      "Invalid Jenkins job name in 'ci:'",
    );
  });
});
