import { JobTree } from '../../model/JobTree';
import type { Build, Item, JobItem } from '../../model/types';
import { resolvePermalink } from '../../export/beans/permalinks';
import { itemPath } from '../../export/urls';
import { accessDenied, loginRequired, notFound } from '../errorPages';
import type { RequestContext } from '../RequestContext';
import type { SimState } from '../SimState';

/**
 * Walks `/job/a/job/b/…` like stapler through `Hudson.getJob` →
 * `Jenkins.getItem` and `AbstractFolder.getJob` → `getItem`: names match
 * ignoring case; an item the caller may not discover is a 404;
 * discoverable but not readable is a 403 `AccessDeniedException` whose
 * message repeats the name as requested. Each item is recorded in
 * `ctx.ancestors` with the request's spelling of its path.
 */
export function resolveItem(
  ctx: RequestContext,
  state: SimState,
  segments: string[],
): { item: Item; rest: string[] } {
  let item: Item = state.engine.tree.root;
  let path = '';
  let i = 0;
  while (segments[i] === 'job' && i + 1 < segments.length) {
    if (item.kind !== 'folder' && item.kind !== 'multibranch') {
      throw notFound();
    }
    const found = JobTree.lookup(item, segments[i + 1]);
    if (!found || !ctx.has('Job/Discover', found.item)) {
      throw notFound();
    }
    if (!ctx.has('Job/Read', found.item)) {
      if (ctx.identity.anonymous) {
        throw loginRequired(
          ctx.path,
          ctx.req.headers['x-requested-with'] === 'XMLHttpRequest',
        );
      }
      // core Jenkins#getItem and cloudbees-folder AbstractFolder#getItem word it differently.
      throw accessDenied(
        ctx.identity,
        item.parent === null
          ? `Please login to access job ${found.as}`
          : `Please log in to access ${found.as}`,
      );
    }
    item = found.item;
    path += `${ctx.rawSegments[i]}/${ctx.rawSegments[i + 1]}/`;
    ctx.ancestors.set(item, path);
    i += 2;
  }
  return { item, rest: segments.slice(i) };
}

/**
 * Resolves `N` or a permalink on a job (`Job.getDynamic`); 404 when none.
 * The build joins `ctx.ancestors` under the token as requested, so a run
 * reached through `lastBuild` reports `…/lastBuild/` where Jenkins uses
 * `Run.getUrl`.
 */
export function resolveBuild(
  ctx: RequestContext,
  job: JobItem,
  index: number,
): Build {
  const token = ctx.segments[index];
  const build = /^\d+$/.test(token)
    ? job.builds.get(Number(token))
    : resolvePermalink(job, token);
  if (!build) throw notFound();
  const spelled = `${itemPath(job, ctx.ancestors)}${ctx.rawSegments[index]}/`;
  ctx.ancestors.set(build, spelled);
  return build;
}
