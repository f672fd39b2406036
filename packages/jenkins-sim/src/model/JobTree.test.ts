import { decodeBranchName, encodeBranchName } from './JobTree';

describe('branch names', () => {
  it('encodes like branch-api NameEncoder', () => {
    expect(encodeBranchName('feature/fast-refunds')).toBe(
      'feature%2Ffast-refunds',
    );
    expect(encodeBranchName('100%/x')).toBe('100%25%2Fx');
  });

  it('decodes what it encodes', () => {
    expect(decodeBranchName(encodeBranchName('a%2F/b'))).toBe('a%2F/b');
  });
});
