import { MAX_AUDIT_SCRIPT_DIFF_BYTES } from '@internal/plugin-jenkins-common';
import { createHash } from 'node:crypto';
import { auditScriptOf, unifiedDiff } from './ScriptDiff';

const sha = (text: string) =>
  createHash('sha256').update(text, 'utf8').digest('hex');

describe('unifiedDiff', () => {
  it('is empty for equal scripts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'Jenkinsfile')).toBe('');
  });

  it('writes one hunk with three lines of context, as diff -u does', () => {
    const original = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n');
    const edited = ['1', '2', '3', '4', 'five', '6', '7', '8', '9'].join('\n');
    expect(unifiedDiff(original, edited, 'Jenkinsfile')).toBe(
      [
        '--- a/Jenkinsfile',
        '+++ b/Jenkinsfile',
        '@@ -2,7 +2,7 @@',
        ' 2',
        ' 3',
        ' 4',
        '-5',
        '+five',
        ' 6',
        ' 7',
        ' 8',
        '',
      ].join('\n'),
    );
  });

  it('separates changes far apart into hunks and counts lines in each', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const edited = [...lines];
    edited[1] = 'changed 2';
    edited.splice(25, 1);
    const diff = unifiedDiff(lines.join('\n'), edited.join('\n'), 'f');
    expect(diff.match(/^@@ .* @@$/gm)).toEqual([
      '@@ -1,5 +1,5 @@',
      '@@ -23,7 +23,6 @@',
    ]);
    expect(diff).toContain('-line 26\n');
  });

  it('shows an addition to an empty script from line 0', () => {
    expect(unifiedDiff('', 'echo hi\n', 'f')).toBe(
      '--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+echo hi\n',
    );
  });
});

describe('auditScriptOf', () => {
  const original = { main: 'stage("a") {}\n', loaded: { Script1: 'x = 1\n' } };

  it('hashes the script run and the original with sha256', () => {
    const edited = { main: 'stage("b") {}\n', loaded: original.loaded };
    const script = auditScriptOf(original, edited);
    expect(script.sha256).toBe(sha(edited.main));
    expect(script.originalSha256).toBe(sha(original.main));
    expect(script.diff).toContain('-stage("a") {}\n+stage("b") {}\n');
    expect(script.diffTruncated).toBe(false);
  });

  it('diffs loaded scripts under their names', () => {
    const script = auditScriptOf(original, {
      main: original.main,
      loaded: { Script1: 'x = 2\n' },
    });
    expect(script.sha256).toBe(script.originalSha256);
    expect(script.diff).toBe(
      '--- a/Script1\n+++ b/Script1\n@@ -1,1 +1,1 @@\n-x = 1\n+x = 2\n',
    );
  });

  it('cuts a huge diff on a line and says so', () => {
    const big = Array.from({ length: 20000 }, (_, i) => `echo ${i}`).join('\n');
    const script = auditScriptOf(
      { main: 'node {}\n', loaded: {} },
      { main: big, loaded: {} },
    );
    expect(script.diffTruncated).toBe(true);
    expect(Buffer.byteLength(script.diff)).toBeLessThanOrEqual(
      MAX_AUDIT_SCRIPT_DIFF_BYTES,
    );
    expect(script.diff.endsWith('\n')).toBe(true);
  });
});
