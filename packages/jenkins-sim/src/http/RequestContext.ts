import type { IncomingMessage } from 'node:http';
import type { Build, Identity, Item } from '../model/types';
import type { RealmKind } from '../security/Authenticator';
import type { PermissionName } from '../scenario/scenarioSchema';

/** Everything a route needs about the request being served. */
export interface RequestContext {
  req: IncomingMessage;
  method: string;
  /** Decoded path segments, without empty ones. */
  segments: string[];
  /** The same segments as the request spelled them (stapler's raw tokens). */
  rawSegments: string[];
  /**
   * Items and builds resolved from the path, with their path as the request
   * spelled it (stapler's ancestors); routes fill it while resolving.
   */
  ancestors: Map<Item | Build, string>;
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
