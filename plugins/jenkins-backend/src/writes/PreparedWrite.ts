import { AuditCompletion } from '../audit/types';

/** What a write learnt from Jenkins once it went ahead. */
export interface WriteOutcome<T> {
  result: T;
  /** The HTTP status Jenkins answered the write with. */
  jenkinsStatus: number;
  /** More for the audit entry (queue id, build number, a note). */
  completion?: Partial<AuditCompletion>;
}

/**
 * A write that has read and validated what it needs from Jenkins and is
 * ready to go: it is put on record with `auditParameters`, then executed.
 */
export interface PreparedWrite<T> {
  /** Parameters as they may be recorded (secrets masked); undefined: all masked. */
  auditParameters?: Record<string, unknown> | null;
  execute(): Promise<WriteOutcome<T>>;
}
