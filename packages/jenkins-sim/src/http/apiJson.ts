import type { ExportContext } from '../export/ExportContext';
import {
  DepthPruner,
  Pruner,
  TreePruner,
  writeValue,
} from '../export/exportModel';
import { parseTreeExpression } from '../export/treeExpression';
import { oops, sendError } from './errorPages';
import type { RequestContext } from './RequestContext';
import type { SimResponse } from './SimResponse';
import type { SimState } from './SimState';

/** The export context for a request. */
export function exportContext(
  ctx: RequestContext,
  state: SimState,
): ExportContext {
  return {
    baseUrl: ctx.baseUrl,
    engine: state.engine,
    now: state.engine.now(),
    canRead: item => ctx.has('Job/Read', item),
    useCrumbs: state.authenticator.realm.crumbs,
    useSecurity: true,
    ancestors: ctx.ancestors,
    has: (permission, item) => ctx.has(permission, item),
  };
}

/**
 * Serves `…/api/json`: core `Api.doJson` (jsonp only for a
 * `SecureRequester`, else `sendError(403, …)`), then stapler's
 * `ResponseImpl.serveExposedBean` (`tree` / `depth` / `pretty`; a bad tree or
 * depth is a ServletException, so the oops page).
 */
export function apiJson(
  value: unknown,
  ctx: RequestContext,
  state: SimState,
): SimResponse {
  if (ctx.params.has('jsonp')) {
    throw sendError(
      403,
      'jsonp forbidden; implement jenkins.security.SecureRequester',
    );
  }
  const tree = ctx.params.get('tree');
  let pruner: Pruner;
  if (tree !== null) {
    try {
      pruner = new TreePruner(parseTreeExpression(tree));
    } catch (e) {
      throw oops(`jakarta.servlet.ServletException: ${(e as Error).message}`);
    }
  } else {
    const depthParam = ctx.params.get('depth');
    const depth = depthParam === null ? 0 : Number(depthParam);
    if (!Number.isInteger(depth)) {
      throw oops(
        'jakarta.servlet.ServletException: Depth parameter must be a number',
      );
    }
    pruner = new DepthPruner(1 - depth);
  }
  const data = writeValue(value, pruner, exportContext(ctx, state));
  const body = ctx.params.has('pretty')
    ? JSON.stringify(data, null, 2)
    : JSON.stringify(data);
  return {
    status: 200,
    headers: {
      'Content-Type': 'application/json;charset=utf-8',
      'X-Frame-Options': 'deny',
    },
    body,
  };
}

/** Plain JSON (Jackson-style, as pipeline-stage-view's `ServeJson`). */
export function plainJson(data: unknown): SimResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=UTF-8' },
    body: JSON.stringify(data),
  };
}
