import { Request } from 'express';

/** Per-request context of a write. */
export interface WriteContext {
  /** Names the request in the answer, the audit trail and the build label. */
  requestId: string;
  /** The HTTP request, for the auditor service; absent for actions. */
  request?: Request;
}
