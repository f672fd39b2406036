import { AuditCompletion } from '../audit/types';

/** What a write learnt from Jenkins once it went ahead. */
export interface WriteOutcome<T> {
  result: T;
  /** The HTTP status Jenkins answered the write with. */
  jenkinsStatus: number;
  /** More for the audit entry (queue id, build number, a note). */
  completion?: Partial<AuditCompletion>;
}

/** An earlier attempt's write, found in Jenkins. */
export type FoundWrite<T> = Omit<WriteOutcome<T>, 'jenkinsStatus'>;

/**
 * How a later attempt finds this write in Jenkins when its outcome is
 * unknown (a timeout or a lost connection after sending).
 */
export interface WriteLookup<T> {
  /** Stored before sending: where a later attempt starts looking. */
  mark: unknown;
  /**
   * Finds the write an earlier attempt sent, given that attempt's mark:
   * undefined when Jenkins provably has none (it may be sent again);
   * throws 409 when that cannot be told.
   */
  find(earlierMark: unknown): Promise<FoundWrite<T> | undefined>;
}

/**
 * A write that has read and validated what it needs from Jenkins and is
 * ready to go: it is put on record with `auditParameters`, then executed.
 */
export interface PreparedWrite<T> {
  /** Parameters as they may be recorded (secrets masked); undefined: all masked. */
  auditParameters?: Record<string, unknown> | null;
  execute(): Promise<WriteOutcome<T>>;
  /**
   * Present for writes that Jenkins would carry out twice (a trigger).
   * Without it, preparing the write again reads the state it depends on
   * (a running build, a pending input, a queued item), so a retry after an
   * unknown outcome is never blind.
   */
  lookup?: WriteLookup<T>;
}
