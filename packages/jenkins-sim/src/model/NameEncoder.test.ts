import { decodeBranchName, encodeBranchName } from './NameEncoder';

// jenkinsci/branch-api-plugin, jenkins.branch.NameEncoder#encode / #decode.
describe('branch names', () => {
  it('encodes like branch-api NameEncoder', () => {
    expect(encodeBranchName('feature/fast-refunds')).toBe(
      'feature%2Ffast-refunds',
    );
    expect(encodeBranchName('100%/x')).toBe('100%25%2Fx');
    expect(encodeBranchName('a#b?c[d]e\\f')).toBe('a%23b%3Fc%5Bd%5De%5Cf');
    expect(encodeBranchName('')).toBe('%00');
    expect(encodeBranchName('.')).toBe('%2E');
    expect(encodeBranchName('..')).toBe('%2E.');
  });

  it('decodes what it encodes and leaves other escapes alone', () => {
    for (const name of ['a%2F/b', 'x#y?z', '', '.', '..', 'a[b]\\c']) {
      expect(decodeBranchName(encodeBranchName(name))).toBe(name);
    }
    expect(decodeBranchName('a%2fb%41')).toBe('a%2fb%41');
  });
});
