import { MalformedTreeError, parseTreeExpression } from './treeExpression';

describe('parseTreeExpression', () => {
  it('parses nested names, stars and ranges', () => {
    const tree = parseTreeExpression(
      'jobs[name,builds[number]{0,10}],actions[*[*]]',
    );
    const jobs = tree.children.get('jobs')!;
    expect([...jobs.children.keys()]).toEqual(['name', 'builds']);
    expect(jobs.children.get('builds')!.range).toEqual({ start: 0, end: 10 });
    expect(
      tree.children.get('actions')!.children.get('*')!.children.has('*'),
    ).toBe(true);
  });

  it.each([
    ['{3}', { start: 3, end: 4 }],
    ['{3,}', { start: 3, end: Number.MAX_SAFE_INTEGER }],
    ['{,3}', { start: 0, end: 3 }],
    ['{1,3}', { start: 1, end: 3 }],
  ])('parses the range %s', (range, expected) => {
    expect(
      parseTreeExpression(`builds${range}`).children.get('builds')!.range,
    ).toEqual(expected);
  });

  it.each(['a[b', 'a]', 'a,,b', 'a{x}', 'a{1', '[a]'])('rejects %s', expr => {
    expect(() => parseTreeExpression(expr)).toThrow(MalformedTreeError);
  });
});
