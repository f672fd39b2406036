import type { SimEngine } from '../model/SimEngine';
import type { Item } from '../model/types';
import type { PermissionName } from '../scenario/scenarioSchema';
import type { Ancestors } from './urls';

/** What beans need to know about the request being served. */
export interface ExportContext {
  /** `http://127.0.0.1:8080` (no trailing slash). */
  baseUrl: string;
  engine: SimEngine;
  now: number;
  /** Whether the caller may read (see) an item; hides items like `Jenkins.getItems()`. */
  canRead(item: Item): boolean;
  useCrumbs: boolean;
  useSecurity: boolean;
  /** The request's own spelling of the items and builds it walked through. */
  ancestors: Ancestors;
  /** Whether the caller has a permission on an item (actions like restart depend on it). */
  has?(permission: PermissionName, item: Item): boolean;
}
