import type { Build, Item } from '../model/types';

/** `Util.rawEncode` of one name. */
export function rawEncode(name: string): string {
  return encodeURIComponent(name);
}

// Items never move, so their paths are computed once.
const pathCache = new WeakMap<Item, string>();

/** The path of an item below the context root, e.g. `job/a/job/b/` (root: ``). */
export function itemPath(item: Item): string {
  if (!item.parent) return '';
  let path = pathCache.get(item);
  if (path === undefined) {
    path = `${itemPath(item.parent)}job/${rawEncode(item.name)}/`;
    pathCache.set(item, path);
  }
  return path;
}

/** `/job/a/job/b/12/` (context-relative, leading slash). */
export function buildPath(build: Build): string {
  return `/${itemPath(build.job)}${build.number}/`;
}

/** `a » b » c` from display names. */
export function fullDisplayName(item: Item): string {
  const parts: string[] = [];
  for (let i: Item | null = item; i && i.parent; i = i.parent) {
    parts.unshift(i.displayName);
  }
  return parts.join(' » ');
}
