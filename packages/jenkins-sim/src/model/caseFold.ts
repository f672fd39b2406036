/**
 * The key under which Jenkins' item maps find a name: core's `Jenkins.items`
 * and cloudbees-folder's `AbstractFolder.items` are
 * `CopyOnWriteMap.Tree<>(String.CASE_INSENSITIVE_ORDER)`, so `getItem("PAYMENTS")`
 * finds `payments` and children iterate sorted by this key.
 *
 * `String.CASE_INSENSITIVE_ORDER` compares char by char after
 * `Character.toUpperCase` then `Character.toLowerCase`; one-to-many case
 * mappings (`ß` → `SS`) do not apply to a single `char`, so they are skipped.
 */
export function caseFold(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    const upper = c.toUpperCase();
    const u = upper.length === 1 ? upper : c;
    const lower = u.toLowerCase();
    out += lower.length === 1 ? lower : u;
  }
  return out;
}

/** `String.CASE_INSENSITIVE_ORDER.compare`, for sorting names. */
export function compareIgnoringCase(a: string, b: string): number {
  const x = caseFold(a);
  const y = caseFold(b);
  if (x === y) return 0;
  return x < y ? -1 : 1;
}
