import { Bean } from '../../export/exportModel';
import { queueItemBean, queueType } from '../../export/beans/queueBeans';
import { apiJson } from '../apiJson';
import { notFound, requirePost, sendError } from '../errorPages';
import type { RequestContext } from '../RequestContext';
import type { SimResponse } from '../SimResponse';
import type { SimState } from '../SimState';

/** `GET /queue/api/json`: items the caller may see. */
export function queueApi(ctx: RequestContext, state: SimState): SimResponse {
  ctx.check('Overall/Read');
  const items = state.engine
    .queuedItems()
    .filter(i => ctx.has('Job/Read', i.job));
  return apiJson(new Bean(queueType, items), ctx, state);
}

function findItem(ctx: RequestContext, state: SimState, raw: string | null) {
  const id = Number(raw);
  const item = Number.isInteger(id) ? state.engine.queueItem(id) : undefined;
  // Queue.getItem hides items whose task the caller cannot read.
  return item && ctx.has('Job/Read', item.job) ? item : undefined;
}

/** `/queue/item/N/…` */
export function queueItemRoute(
  ctx: RequestContext,
  state: SimState,
  id: string,
  rest: string,
): SimResponse {
  ctx.check('Overall/Read');
  const item = findItem(ctx, state, id);
  if (!item) throw notFound();
  if (rest === 'api/json' || rest === '') {
    return apiJson(queueItemBean(item), ctx, state);
  }
  if (rest === 'cancelQueue') {
    if (ctx.method !== 'POST') throw requirePost();
    ctx.check('Job/Cancel', item.job);
    state.engine.cancel(item);
    return { status: 204 };
  }
  throw notFound();
}

/** `POST /queue/cancelItem?id=N`: 204, 404 "Provided id (N) not found", 422. */
export function cancelItem(ctx: RequestContext, state: SimState): SimResponse {
  ctx.check('Overall/Read');
  if (ctx.method !== 'POST') throw requirePost();
  const raw = ctx.params.get('id');
  const item = findItem(ctx, state, raw);
  if (!item) throw sendError(404, `Provided id (${raw}) not found`);
  ctx.check('Job/Cancel', item.job);
  if (!state.engine.cancel(item)) {
    throw sendError(422, `Item for id (${raw}) is not cancellable`);
  }
  return { status: 204 };
}
