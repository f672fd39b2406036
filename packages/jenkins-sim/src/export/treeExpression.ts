/**
 * Parser for the `tree=` query parameter, following stapler's `NamedPathPruner`.
 */

/** A half-open index range applied to arrays, `{M,N}` in the tree grammar. */
export interface TreeRange {
  start: number;
  end: number;
}

/** A parsed tree expression node: named children (possibly `*`) and an optional range. */
export interface TreeNode {
  children: Map<string, TreeNode>;
  range?: TreeRange;
}

/** Raised for an expression stapler would reject with a ServletException. */
export class MalformedTreeError extends Error {
  constructor(detail: string) {
    super(`Malformed tree expression: ${detail}`);
    this.name = 'MalformedTreeError';
  }
}

const SPECIAL = new Set(['[', ']', '{', '}', ',']);

function parseRange(text: string, expr: string): TreeRange {
  const parseIndex = (s: string) => {
    if (!/^\d+$/.test(s.trim())) {
      throw new MalformedTreeError(expr);
    }
    return Number(s.trim());
  };
  const comma = text.indexOf(',');
  if (comma === -1) {
    const only = parseIndex(text);
    return { start: only, end: only + 1 };
  }
  const start = comma === 0 ? 0 : parseIndex(text.slice(0, comma));
  const end =
    comma === text.length - 1
      ? Number.MAX_SAFE_INTEGER
      : parseIndex(text.slice(comma + 1));
  return { start, end };
}

/** Parses a tree expression such as `jobs[name,builds[number]{0,10}]`. */
export function parseTreeExpression(expr: string): TreeNode {
  let pos = 0;

  const parseList = (): TreeNode => {
    const node: TreeNode = { children: new Map() };
    for (;;) {
      let name = '';
      while (pos < expr.length && !SPECIAL.has(expr[pos])) {
        name += expr[pos++];
      }
      if (name === '') {
        throw new MalformedTreeError(expr);
      }
      const child: TreeNode = node.children.get(name) ?? {
        children: new Map(),
      };
      if (expr[pos] === '[') {
        pos++;
        const sub = parseList();
        for (const [k, v] of sub.children) {
          child.children.set(k, v);
        }
        if (expr[pos] !== ']') {
          throw new MalformedTreeError(expr);
        }
        pos++;
      }
      if (expr[pos] === '{') {
        const close = expr.indexOf('}', pos);
        if (close === -1) {
          throw new MalformedTreeError(expr);
        }
        child.range = parseRange(expr.slice(pos + 1, close), expr);
        pos = close + 1;
      }
      node.children.set(name, child);
      if (expr[pos] === ',') {
        pos++;
        continue;
      }
      return node;
    }
  };

  if (expr === '') {
    return { children: new Map() };
  }
  const root = parseList();
  if (pos !== expr.length) {
    throw new MalformedTreeError(expr);
  }
  return root;
}
