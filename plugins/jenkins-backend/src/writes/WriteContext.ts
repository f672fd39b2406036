import { Request } from 'express';

/** Per-request context of a write. */
export interface WriteContext {
  /** Names the request in the answer, the audit trail and the build label. */
  requestId: string;
  /** The HTTP request, for the auditor service; absent for actions. */
  request?: Request;
  /**
   * An earlier attempt of this request (same `Idempotency-Key`, same
   * request id) was sent and its outcome is unknown: find it in Jenkins
   * before sending again. `mark` is what it stored before sending.
   */
  earlier?: { mark: unknown };
  /**
   * Called right before the write is sent, with where a later attempt
   * should start looking for it; throws when another attempt took the key
   * over meanwhile.
   */
  beforeSend?(mark?: unknown): Promise<void>;
}
