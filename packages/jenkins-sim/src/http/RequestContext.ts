import type { IncomingMessage } from 'node:http';
import type { Identity, Item } from '../model/types';
import type { RealmKind } from '../security/Authenticator';
import type { PermissionName } from '../scenario/scenarioSchema';

/** Everything a route needs about the request being served. */
export interface RequestContext {
  req: IncomingMessage;
  method: string;
  /** Decoded path segments, without empty ones. */
  segments: string[];
  path: string;
  /** Query and form parameters, as stapler's `getParameter` sees them. */
  params: URLSearchParams;
  identity: Identity;
  realm: RealmKind;
  baseUrl: string;
  /** A live session id from the request cookie, if any. */
  sessionId?: string;
  has(permission: PermissionName, item?: Item): boolean;
  /** Throws the Jenkins response for a missing permission (login page for anonymous). */
  check(permission: PermissionName, item?: Item): void;
}
