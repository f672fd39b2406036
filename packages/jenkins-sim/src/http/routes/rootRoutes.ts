import { Bean, BeanType } from '../../export/exportModel';
import { rootType } from '../../export/beans/rootBean';
import type { Identity } from '../../model/types';
import { apiJson } from '../apiJson';
import { notFound } from '../errorPages';
import type { RequestContext } from '../RequestContext';
import type { SimResponse } from '../SimResponse';
import type { SimState } from '../SimState';

/** `GET /api/json`: the root `hudson.model.Hudson`. */
export function rootApi(ctx: RequestContext, state: SimState): SimResponse {
  ctx.check('Overall/Read');
  return apiJson(new Bean(rootType, state.engine.tree.root), ctx, state);
}

const crumbType = new BeanType<{ crumb: string }, unknown>(
  'hudson.security.csrf.DefaultCrumbIssuer',
  [
    { name: 'crumb', visibility: 1, get: t => t.crumb },
    { name: 'crumbRequestField', visibility: 1, get: () => 'Jenkins-Crumb' },
  ],
);

/**
 * `GET /crumbIssuer/api/json` (core `DefaultCrumbIssuer`): creates a session
 * (cookie) and a crumb bound to it and the user. `crumbIssuer` is not among
 * `Jenkins.ALWAYS_READABLE_PATHS`, so `Jenkins.getTarget` wants Overall/Read.
 */
export function crumbIssuerApi(
  ctx: RequestContext,
  state: SimState,
): SimResponse {
  ctx.check('Overall/Read');
  if (!state.authenticator.realm.crumbs) {
    throw notFound();
  }
  let sessionId = ctx.sessionId;
  const headers: Record<string, string> = {};
  if (!sessionId) {
    sessionId = state.crumbs.newSession();
    headers[
      'Set-Cookie'
    ] = `${state.crumbs.cookieName}=${sessionId}; Path=/; HttpOnly`;
  }
  const crumb = state.crumbs.crumbFor(ctx.identity.id, sessionId);
  const response = apiJson(new Bean(crumbType, { crumb }), ctx, state);
  return { ...response, headers: { ...response.headers, ...headers } };
}

const whoAmIType = new BeanType<Identity, unknown>('hudson.security.WhoAmI', [
  { name: 'anonymous', visibility: 1, get: i => i.anonymous },
  { name: 'authenticated', visibility: 1, get: () => true },
  {
    name: 'authorities',
    visibility: 1,
    get: i => (i.anonymous ? ['anonymous'] : ['authenticated', ...i.groups]),
  },
  { name: 'details', visibility: 1, get: () => null },
  { name: 'name', visibility: 1, get: i => i.id },
  {
    name: 'toString',
    visibility: 1,
    get: i =>
      `${
        i.anonymous
          ? 'AnonymousAuthenticationToken'
          : 'UsernamePasswordAuthenticationToken'
      } [Principal=${
        i.id
      }, Credentials=[PROTECTED], Authenticated=true, Granted Authorities=[${(i.anonymous
        ? ['anonymous']
        : ['authenticated', ...i.groups]
      ).join(', ')}]]`,
  },
]);

/** `GET /whoAmI/api/json` (always readable). */
export function whoAmIApi(ctx: RequestContext, state: SimState): SimResponse {
  return apiJson(new Bean(whoAmIType, ctx.identity), ctx, state);
}

interface UserView {
  identity: Identity;
  baseUrl: string;
}
const userType = new BeanType<UserView, unknown>('hudson.model.User', [
  {
    name: 'absoluteUrl',
    visibility: 1,
    get: u => `${u.baseUrl}/user/${encodeURIComponent(u.identity.id)}`,
  },
  { name: 'description', visibility: 1, get: () => null },
  { name: 'fullName', visibility: 1, get: u => u.identity.fullName },
  { name: 'id', visibility: 1, get: u => u.identity.id },
  {
    name: 'property',
    visibility: 1,
    get: u => [
      { _class: 'jenkins.security.ApiTokenProperty' },
      {
        _class: 'hudson.tasks.Mailer$UserProperty',
        address: u.identity.email ?? null,
      },
      { _class: 'hudson.search.UserSearchProperty', insensitiveSearch: true },
    ],
  },
]);

/** `GET /me/api/json`: the current user; anonymous must log in. */
export function meApi(ctx: RequestContext, state: SimState): SimResponse {
  ctx.check('Overall/Read');
  if (ctx.identity.anonymous) {
    ctx.check('Overall/Administer');
  }
  return apiJson(
    new Bean(userType, { identity: ctx.identity, baseUrl: ctx.baseUrl }),
    ctx,
    state,
  );
}

/** `GET /user/<id>/api/json`. */
export function userApi(
  ctx: RequestContext,
  state: SimState,
  id: string,
): SimResponse {
  ctx.check('Overall/Read');
  const known = state.scenario.users.find(u => u.id === id);
  let identity: Identity;
  if (known) {
    identity = {
      id: known.id,
      fullName: known.name ?? known.id,
      email: known.email,
      groups: known.groups,
      anonymous: false,
    };
  } else if (id === ctx.identity.id) {
    identity = ctx.identity;
  } else {
    throw notFound();
  }
  return apiJson(
    new Bean(userType, { identity, baseUrl: ctx.baseUrl }),
    ctx,
    state,
  );
}
