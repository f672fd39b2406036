import { Bean } from '../../export/exportModel';
import { queueItemBean, queueType } from '../../export/beans/queueBeans';
import type { QueueItem } from '../../model/SimEngine';
import { apiJson } from '../apiJson';
import {
  accessDenied,
  loginRequired,
  notFound,
  oops,
  requirePost,
} from '../errorPages';
import { itemPath } from '../../export/urls';
import type { RequestContext } from '../RequestContext';
import type { SimResponse } from '../SimResponse';
import type { SimState } from '../SimState';

/** `GET /queue/api/json`: items the caller may see (`Queue.getItems()`). */
export function queueApi(ctx: RequestContext, state: SimState): SimResponse {
  ctx.check('Overall/Read');
  const items = state.engine
    .queuedItems()
    .filter(i => ctx.has('Job/Read', i.job));
  return apiJson(new Bean(queueType, items), ctx, state);
}

/**
 * `@QueryParameter long id` / stapler's `getItem(long)`: commons-beanutils
 * turns a missing or malformed number into 0.
 */
function parseId(raw: string | null): number {
  if (raw === null || !/^\s*[-+]?\d+\s*$/.test(raw)) return 0;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : 0;
}

/**
 * `Queue.getItem(long)`: waiting, blocked, buildable and pending items, then
 * `leftItems` (kept 5 minutes); no permission filter of its own.
 */
function findItem(state: SimState, id: number): QueueItem | undefined {
  return state.engine.queueItem(id);
}

/**
 * `/queue/item/N/…`. `Queue.Item.getApi()`: without Item.DISCOVER on the
 * task the API is null (404); with DISCOVER but not READ it throws
 * `AccessDeniedException("Please log in to access " + task.getUrl())`.
 * `doCancelQueue` (deprecated, `@RequirePOST`): without READ stapler
 * moves on (`CancelRequestHandlingException` → 404); otherwise 204 whether
 * or not the caller could cancel — only one with Item.CANCEL does.
 */
export function queueItemRoute(
  ctx: RequestContext,
  state: SimState,
  rawId: string,
  rest: string,
): SimResponse {
  ctx.check('Overall/Read');
  const item = /^\d+$/.test(rawId) ? findItem(state, Number(rawId)) : undefined;
  if (!item) throw notFound();
  if (rest === 'api/json') {
    if (!ctx.has('Job/Discover', item.job)) throw notFound();
    if (!ctx.has('Job/Read', item.job)) {
      if (ctx.identity.anonymous) {
        throw loginRequired(
          ctx.path,
          ctx.req.headers['x-requested-with'] === 'XMLHttpRequest',
        );
      }
      throw accessDenied(
        ctx.identity,
        `Please log in to access ${itemPath(item.job)}`,
      );
    }
    return apiJson(queueItemBean(item), ctx, state);
  }
  if (rest === 'cancelQueue') {
    if (ctx.method !== 'POST') throw requirePost();
    if (!ctx.has('Job/Read', item.job)) throw notFound();
    if (ctx.has('Job/Cancel', item.job)) state.engine.cancel(item);
    return { status: 204 };
  }
  throw notFound();
}

/**
 * `POST /queue/cancelItem?id=N` (core `Queue.doCancelItem`): an item the
 * caller may not read counts as missing. Its `HttpResponses.error(code, …)`
 * answers are rendered as the oops page with that status by core's
 * `InstallUncaughtExceptionHandler.ErrorCustomizer`:
 * 404 "Provided id (N) not found"; 422 "Item for id (N) is not cancellable"
 * without Item.CANCEL; 500 "Could not cancel run for id N" when
 * `Queue.cancel` fails (the item already left the queue); else 204.
 */
export function cancelItem(ctx: RequestContext, state: SimState): SimResponse {
  ctx.check('Overall/Read');
  if (ctx.method !== 'POST') throw requirePost();
  const id = parseId(ctx.params.get('id'));
  const found = findItem(state, id);
  const item = found && ctx.has('Job/Read', found.job) ? found : undefined;
  if (!item) {
    throw oops(`java.lang.Exception: Provided id (${id}) not found`, 404);
  }
  if (!ctx.has('Job/Cancel', item.job)) {
    throw oops(
      `java.lang.Exception: Item for id (${id}) is not cancellable`,
      422,
    );
  }
  if (!state.engine.cancel(item)) {
    throw oops(`java.lang.Exception: Could not cancel run for id ${id}`, 500);
  }
  return { status: 204 };
}
