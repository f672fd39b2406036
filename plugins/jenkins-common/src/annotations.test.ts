import { JenkinsAnnotationError, parseJobAnnotation } from './annotations';

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

  it.each([
    ['payments/../deploy-production', "the segment '..'"],
    ['payments/./deploy-production', "the segment '.'"],
    ['../deploy-production', "the segment '..'"],
    ['payments/deploy-staging/..', "the segment '..'"],
    ['ci:payments/%2e%2E/deploy-production', "the segment '%2e%2E'"],
    ['payments/%2E/deploy-production', "the segment '%2E'"],
    ['payments//deploy-production', 'an empty segment'],
    ['payments/ /deploy-production', 'an empty segment'],
  ])(
    "refuses '%s', whose URL would name another job than config sees",
    (value, reason) => {
      const error = (() => {
        try {
          parseJobAnnotation(`payments/svc, ${value}`);
          return undefined;
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(JenkinsAnnotationError);
      expect((error as JenkinsAnnotationError).annotation).toBe(
        'jenkins.io/job-full-name',
      );
      expect((error as Error).message).toContain('(jenkins.io/job-full-name)');
      expect((error as Error).message).toContain(reason);
    },
  );

  it.each([
    ['payments/ deploy-production', 'surrounding whitespace'],
    ['payments/deploy-production /x', 'surrounding whitespace'],
    ['payments/deploy\nproduction', 'control character'],
    ['payments/deploy-\u0000production', 'control character'],
    ['payments/deploy-\ud800production', 'cannot be written in a URL'],
  ])("refuses '%s', which does not round-trip", (value, reason) => {
    expect(() => parseJobAnnotation(value)).toThrow(JenkinsAnnotationError);
    expect(() => parseJobAnnotation(value)).toThrow(reason);
  });

  it('keeps names that only look like dot segments, and encoded branch names', () => {
    expect(
      parseJobAnnotation(
        'payments/...,payments/.hidden,payments/v1..v2,payments/svc/release%2F2.x',
      ).map(ref => ref.fullName),
    ).toEqual([
      'payments/...',
      'payments/.hidden',
      'payments/v1..v2',
      'payments/svc/release%2F2.x',
    ]);
  });

  it('names the annotation when an instance name is invalid', () => {
    expect(() => parseJobAnnotation('bad instance:payments/svc')).toThrow(
      "Invalid Jenkins instance name 'bad instance' in 'bad instance:payments/svc' (jenkins.io/job-full-name)",
    );
  });
  it('parses a value once and hands out copies the caller may change', () => {
    const value = 'payments/copies-a, other:platform/copies-b';
    const first = parseJobAnnotation(value);
    first[0].fullName = 'changed';
    first.pop();
    expect(parseJobAnnotation(value)).toEqual([
      { instance: 'default', fullName: 'payments/copies-a' },
      { instance: 'other', fullName: 'platform/copies-b' },
    ]);
  });

  it('refuses an invalid value every time it is asked', () => {
    for (let i = 0; i < 3; i++) {
      expect(() => parseJobAnnotation('payments/../deploy')).toThrow(
        JenkinsAnnotationError,
      );
    }
  });

  it('parses values longer than it remembers just the same', () => {
    const names = Array.from({ length: 400 }, (_, i) => `folder/job-${i}`);
    const value = names.join(',');
    expect(value.length).toBeGreaterThan(4096);
    expect(parseJobAnnotation(value).map(ref => ref.fullName)).toEqual(names);
    expect(parseJobAnnotation(value)).toHaveLength(400);
  });
});
