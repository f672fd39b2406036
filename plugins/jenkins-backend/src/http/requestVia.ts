import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Caller } from '../identity/types';

/**
 * The plugin whose on-behalf-of requests are a software template's steps:
 * the scaffolder's Jenkins actions call this API with a plugin token issued
 * for the template's user.
 */
const SCAFFOLDER_ACTOR = 'plugin:scaffolder';

/**
 * How an HTTP request arrived. The actor of a user principal is set by the
 * auth service only from a verified plugin token's subject (a request a
 * browser sends has none, and no header can add one), so `template` can
 * only be claimed by the scaffolder backend itself.
 */
export function requestVia(credentials: BackstageCredentials): Caller['via'] {
  const principal = credentials.principal as {
    type?: string;
    actor?: { type?: string; subject?: string };
  };
  return principal.type === 'user' &&
    principal.actor?.type === 'service' &&
    principal.actor.subject === SCAFFOLDER_ACTOR
    ? 'template'
    : 'http';
}
