import { JobTree } from '../../model/JobTree';
import type { Build, Item, JobItem } from '../../model/types';
import { resolvePermalink } from '../../export/beans/permalinks';
import { accessDenied, loginRequired, notFound } from '../errorPages';
import type { RequestContext } from '../RequestContext';
import type { SimState } from '../SimState';

/**
 * Walks `/job/a/job/b/…` like `Jenkins.getItem`: an item the caller may not
 * discover is a 404; discoverable but not readable is a 403.
 */
export function resolveItem(
  ctx: RequestContext,
  state: SimState,
  segments: string[],
): { item: Item; rest: string[] } {
  let item: Item = state.engine.tree.root;
  let i = 0;
  while (segments[i] === 'job' && i + 1 < segments.length) {
    if (item.kind !== 'folder' && item.kind !== 'multibranch') {
      throw notFound();
    }
    const child = JobTree.child(item, segments[i + 1]);
    if (!child || !ctx.has('Job/Discover', child)) {
      throw notFound();
    }
    if (!ctx.has('Job/Read', child)) {
      if (ctx.identity.anonymous) {
        throw loginRequired(
          ctx.path,
          ctx.req.headers['x-requested-with'] === 'XMLHttpRequest',
        );
      }
      throw accessDenied(
        ctx.identity,
        `Please login to access job ${child.name}`,
      );
    }
    item = child;
    i += 2;
  }
  return { item, rest: segments.slice(i) };
}

/** Resolves `N` or a permalink on a job (`Job.getDynamic`); 404 when none. */
export function resolveBuild(job: JobItem, token: string): Build {
  const build = /^\d+$/.test(token)
    ? job.builds.get(Number(token))
    : resolvePermalink(job, token);
  if (!build) throw notFound();
  return build;
}
