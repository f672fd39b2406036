import type { Build, Item } from '../model/types';

/** `Util.rawEncode` of one name. */
export function rawEncode(name: string): string {
  return encodeURIComponent(name);
}

/**
 * Stapler's request ancestors (`StaplerRequest2.getAncestors()`): the items
 * and builds a request's URL walked through, each with its path as the
 * request spelled it (`job/PAYMENTS/job/Deploy-Staging/`, `…/lastBuild/`).
 * `AbstractItem.getUrl` and `Run.getUrl` answer that spelling
 * (`Functions.getNearestAncestorUrl`), so an item reached as `/job/PAYMENTS/`
 * reports `url` …`/job/PAYMENTS/` while its `fullName` stays `payments`.
 */
export type Ancestors = ReadonlyMap<Item | Build, string>;

const NO_ANCESTORS: Ancestors = new Map();

// Items never move, so their canonical paths are computed once.
const pathCache = new WeakMap<Item, string>();

/** `AbstractItem.getShortUrl`: `job/<rawEncode(name)>/`. */
function shortUrl(item: Item): string {
  return `job/${rawEncode(item.name)}/`;
}

/**
 * `AbstractItem.getUrl`: the item's path below the context root, e.g.
 * `job/a/job/b/` (root: ``): the request's spelling when the item is one of
 * its ancestors, else the parent's url plus the short url.
 */
export function itemPath(item: Item, ancestors = NO_ANCESTORS): string {
  if (!item.parent) return '';
  if (ancestors.size > 0) {
    const seed = ancestors.get(item);
    if (seed !== undefined) return seed;
    return `${itemPath(item.parent, ancestors)}${shortUrl(item)}`;
  }
  let path = pathCache.get(item);
  if (path === undefined) {
    path = `${itemPath(item.parent)}${shortUrl(item)}`;
    pathCache.set(item, path);
  }
  return path;
}

/**
 * `Run.getUrl` with a leading slash, as pipeline-stage-view's
 * `ModelUtil.getFullItemUrl` writes it: `/job/a/job/b/12/`, or the request's
 * spelling (`/job/a/job/b/lastBuild/`) when the request went through it.
 */
export function buildPath(build: Build, ancestors = NO_ANCESTORS): string {
  const seed = ancestors.get(build);
  return `/${seed ?? `${itemPath(build.job, ancestors)}${build.number}/`}`;
}

/** `a » b » c` from display names. */
export function fullDisplayName(item: Item): string {
  const parts: string[] = [];
  for (let i: Item | null = item; i && i.parent; i = i.parent) {
    parts.unshift(i.displayName);
  }
  return parts.join(' » ');
}
