import { diffHunks, diffSummary, lineDiff } from './lineDiff';

const script = [
  'pipeline {',
  '  agent any',
  '  stages {',
  "    stage('Test') {",
  "      steps { sh 'make test' }",
  '    }',
  '  }',
  '}',
].join('\n');

describe('lineDiff', () => {
  it('finds nothing changed in the same script', () => {
    const lines = lineDiff(script, `${script}\n`);
    expect(lines.every(l => l.kind === 'same')).toBe(true);
    expect(diffSummary(lines)).toBe('No changes');
    expect(diffHunks(lines)).toEqual([]);
  });

  it('shows an edited line as removed then added, with line numbers of each side', () => {
    const edited = script.replace("sh 'make test'", "sh 'make test -j4'");
    const changed = lineDiff(script, edited).filter(l => l.kind !== 'same');
    expect(changed).toEqual([
      { kind: 'removed', text: "      steps { sh 'make test' }", oldLine: 5 },
      { kind: 'added', text: "      steps { sh 'make test -j4' }", newLine: 5 },
    ]);
    expect(diffSummary(lineDiff(script, edited))).toBe(
      '1 line added, 1 removed',
    );
  });

  it('keeps the lines after an insertion as unchanged, numbered on both sides', () => {
    const lines = script.split('\n');
    lines.splice(2, 0, '  options { timeout(time: 5, unit: "MINUTES") }');
    const diff = lineDiff(script, lines.join('\n'));
    expect(diff.filter(l => l.kind === 'added')).toEqual([
      {
        kind: 'added',
        text: '  options { timeout(time: 5, unit: "MINUTES") }',
        newLine: 3,
      },
    ]);
    expect(diff.filter(l => l.kind === 'removed')).toEqual([]);
    expect(diff[diff.length - 1]).toEqual({
      kind: 'same',
      text: '}',
      oldLine: 8,
      newLine: 9,
    });
  });

  it('finds the common lines between scattered edits', () => {
    const diff = lineDiff('a\nb\nc\nd\ne', 'a\nx\nc\nd\ny\ne');
    expect(diff.map(l => `${l.kind[0]}${l.text}`)).toEqual([
      'sa',
      'rb',
      'ax',
      'sc',
      'sd',
      'ay',
      'se',
    ]);
  });

  it('groups changes into hunks with three lines of context', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const after = [...before];
    after[1] = 'changed 2';
    after[17] = 'changed 18';
    const hunks = diffHunks(lineDiff(before.join('\n'), after.join('\n')));
    expect(hunks).toHaveLength(2);
    expect(hunks[0].lines.map(l => l.text)).toEqual([
      'line 1',
      'line 2',
      'changed 2',
      'line 3',
      'line 4',
      'line 5',
    ]);
    expect(hunks[1].lines[0].text).toBe('line 15');
  });

  it('treats an empty original as all added', () => {
    expect(diffSummary(lineDiff('', 'echo hi\necho there'))).toBe(
      '2 lines added',
    );
  });
});
