/**
 * branch-api's `jenkins.branch.NameEncoder`: how a branch name becomes a job
 * name that is safe as one URL path segment, and back.
 */

const ENCODE: Record<string, string> = {
  '#': '%23',
  '%': '%25',
  '/': '%2F',
  '?': '%3F',
  '[': '%5B',
  ']': '%5D',
  '\\': '%5C',
};

const DECODE: Record<string, string> = Object.fromEntries(
  Object.entries(ENCODE).map(([c, e]) => [e, c]),
);

/** `NameEncoder.encode` (`feature/x` → `feature%2Fx`). */
export function encodeBranchName(branch: string): string {
  if (branch === '') return '%00';
  // Just enough to stop the segment meaning "this" or "parent".
  if (branch === '.') return '%2E';
  if (branch === '..') return '%2E.';
  return branch.replace(/[#%/?[\]\\]/g, c => ENCODE[c]);
}

/** `NameEncoder.decode`: only the escapes `encode` writes (upper case hex); anything else stays. */
export function decodeBranchName(name: string): string {
  if (!name.includes('%')) return name;
  if (name === '%00') return '';
  if (name === '%2E') return '.';
  if (name === '%2E.') return '..';
  return name.replace(/%(?:2[35F]|3F|5[BCD])/g, e => DECODE[e]);
}
