/** One line of a line diff. Line numbers count from 1. */
export type DiffLine =
  | { kind: 'same'; text: string; oldLine: number; newLine: number }
  | { kind: 'removed'; text: string; oldLine: number }
  | { kind: 'added'; text: string; newLine: number };

/** Past this many cells the middle of a diff is shown as removed-then-added. */
const MAX_LCS_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  if (text === '') {
    return [];
  }
  return text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
}

/**
 * The lines of `after` against `before`, in order: a longest common
 * subsequence diff (as `diff` does) between the common prefix and suffix.
 * Scripts are short; a middle too large for the table is shown as a block
 * removed and a block added rather than making the browser wait.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) {
    prefix++;
  }
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  const result: DiffLine[] = [];
  for (let i = 0; i < prefix; i++) {
    result.push({ kind: 'same', text: a[i], oldLine: i + 1, newLine: i + 1 });
  }
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  result.push(...middleDiff(midA, midB, prefix));
  for (let k = suffix; k > 0; k--) {
    const i = a.length - k;
    const j = b.length - k;
    result.push({ kind: 'same', text: a[i], oldLine: i + 1, newLine: j + 1 });
  }
  return result;
}

function middleDiff(a: string[], b: string[], offset: number): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_LCS_CELLS) {
    return [
      ...a.map((text, i) => ({
        kind: 'removed' as const,
        text,
        oldLine: offset + i + 1,
      })),
      ...b.map((text, j) => ({
        kind: 'added' as const,
        text,
        newLine: offset + j + 1,
      })),
    ];
  }
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] =
        a[i] === b[j]
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const result: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      result.push({
        kind: 'same',
        text: a[i],
        oldLine: offset + i + 1,
        newLine: offset + j + 1,
      });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] > lcs[i + 1][j])) {
      result.push({ kind: 'added', text: b[j], newLine: offset + j + 1 });
      j++;
    } else {
      result.push({ kind: 'removed', text: a[i], oldLine: offset + i + 1 });
      i++;
    }
  }
  return result;
}

/** A run of diff lines to show: changes with `context` unchanged lines around them. */
export interface DiffHunk {
  lines: DiffLine[];
}

/**
 * The changed lines with `context` unchanged lines on each side, as
 * `diff -u` groups them; an empty list when nothing changed.
 */
export function diffHunks(lines: DiffLine[], context = 3): DiffHunk[] {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, index) => {
    if (line.kind !== 'same') {
      for (
        let k = Math.max(0, index - context);
        k <= Math.min(lines.length - 1, index + context);
        k++
      ) {
        keep[k] = true;
      }
    }
  });
  const hunks: DiffHunk[] = [];
  let current: DiffLine[] | undefined;
  lines.forEach((line, index) => {
    if (keep[index]) {
      if (!current) {
        current = [];
        hunks.push({ lines: current });
      }
      current.push(line);
    } else {
      current = undefined;
    }
  });
  return hunks;
}

/** "2 lines added, 1 removed", or "No changes". */
export function diffSummary(lines: DiffLine[]): string {
  const added = lines.filter(l => l.kind === 'added').length;
  const removed = lines.filter(l => l.kind === 'removed').length;
  if (added === 0 && removed === 0) {
    return 'No changes';
  }
  const plural = (count: number, word: string) =>
    `${count} ${count === 1 ? 'line' : 'lines'} ${word}`;
  if (removed === 0) {
    return plural(added, 'added');
  }
  if (added === 0) {
    return plural(removed, 'removed');
  }
  return `${plural(added, 'added')}, ${removed} removed`;
}
