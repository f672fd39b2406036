import {
  AuditScript,
  MAX_AUDIT_SCRIPT_DIFF_BYTES,
} from '@internal/plugin-jenkins-common';
import { scriptSha256 } from '../reads/ReplayPage';

/** Lines of context around each change, as `diff -u` shows. */
const CONTEXT = 3;

/** Beyond this many line pairs, a changed middle is shown replaced whole. */
const MAX_LCS_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

/**
 * A unified diff (`diff -u` format) of one script against its original.
 * Common leading and trailing lines are matched first; the changed middle
 * is matched line by line (longest common subsequence) when it is small
 * enough, else shown removed and added whole — always a correct diff,
 * bounded in time and memory. Empty when the texts are equal.
 */
export function unifiedDiff(
  original: string,
  edited: string,
  name: string,
): string {
  if (original === edited) {
    return '';
  }
  const a = splitLines(original);
  const b = splitLines(edited);
  const ops = diffLines(a, b);
  const out = [`--- a/${name}`, `+++ b/${name}`];
  for (const hunk of hunksOf(ops)) {
    out.push(hunk);
  }
  return `${out.join('\n')}\n`;
}

/**
 * What the audit trail keeps of a replay's scripts: the sha256 of the main
 * script run and of the original, and the unified diff of every script
 * that changed, cut at {@link MAX_AUDIT_SCRIPT_DIFF_BYTES} on a line.
 */
export function auditScriptOf(
  original: { main: string; loaded: Record<string, string> },
  edited: { main: string; loaded: Record<string, string> },
): AuditScript {
  const parts = [unifiedDiff(original.main, edited.main, 'Jenkinsfile')];
  const names = [
    ...new Set([
      ...Object.keys(original.loaded),
      ...Object.keys(edited.loaded),
    ]),
  ].sort();
  for (const name of names) {
    parts.push(
      unifiedDiff(
        original.loaded[name] ?? '',
        edited.loaded[name] ?? original.loaded[name] ?? '',
        name,
      ),
    );
  }
  const { text, truncated } = bounded(
    parts.join(''),
    MAX_AUDIT_SCRIPT_DIFF_BYTES,
  );
  return {
    sha256: scriptSha256(edited.main),
    originalSha256: scriptSha256(original.main),
    diff: text,
    diffTruncated: truncated,
  };
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffLines(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = a.slice(0, start).map(line => ({ kind: ' ', line }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length <= MAX_LCS_CELLS) {
    ops.push(...lcsOps(midA, midB));
  } else {
    ops.push(...midA.map(line => ({ kind: '-' as const, line })));
    ops.push(...midB.map(line => ({ kind: '+' as const, line })));
  }
  ops.push(...a.slice(endA).map(line => ({ kind: ' ' as const, line })));
  return ops;
}

function lcsOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j]: LCS of a[i..] and b[j..], in one flat array.
  const lengths = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * (m + 1) + j + 1] + 1
          : Math.max(
              lengths[(i + 1) * (m + 1) + j],
              lengths[i * (m + 1) + j + 1],
            );
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] });
      i++;
      j++;
    } else if (lengths[(i + 1) * (m + 1) + j] >= lengths[i * (m + 1) + j + 1]) {
      ops.push({ kind: '-', line: a[i++] });
    } else {
      ops.push({ kind: '+', line: b[j++] });
    }
  }
  while (i < n) ops.push({ kind: '-', line: a[i++] });
  while (j < m) ops.push({ kind: '+', line: b[j++] });
  return ops;
}

/** The ops grouped into `@@ -l,s +l,s @@` hunks with their context. */
function hunksOf(ops: Op[]): string[] {
  const changed = ops
    .map((op, index) => (op.kind === ' ' ? -1 : index))
    .filter(index => index >= 0);
  const hunks: string[] = [];
  let k = 0;
  while (k < changed.length) {
    const from = Math.max(0, changed[k] - CONTEXT);
    let to = Math.min(ops.length, changed[k] + CONTEXT + 1);
    while (k + 1 < changed.length && changed[k + 1] - CONTEXT <= to) {
      k++;
      to = Math.min(ops.length, changed[k] + CONTEXT + 1);
    }
    k++;
    let lineA = 1;
    let lineB = 1;
    for (let i = 0; i < from; i++) {
      if (ops[i].kind !== '+') lineA++;
      if (ops[i].kind !== '-') lineB++;
    }
    const body = ops.slice(from, to);
    const countA = body.filter(op => op.kind !== '+').length;
    const countB = body.filter(op => op.kind !== '-').length;
    hunks.push(
      `@@ -${countA === 0 ? lineA - 1 : lineA},${countA} +${
        countB === 0 ? lineB - 1 : lineB
      },${countB} @@`,
      ...body.map(op => `${op.kind}${op.line}`),
    );
  }
  return hunks;
}

function bounded(
  text: string,
  maxBytes: number,
): { text: string; truncated: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) {
    return { text, truncated: false };
  }
  const cut = bytes.subarray(0, maxBytes);
  const newline = cut.lastIndexOf(0x0a);
  return {
    text: cut.subarray(0, newline >= 0 ? newline + 1 : 0).toString('utf8'),
    truncated: true,
  };
}
