import { AuditEntry, BuildResult } from '@internal/plugin-jenkins-common';

/** What is known about an attempt before Jenkins is called. */
export type AuditAttempt = Omit<
  AuditEntry,
  'id' | 'time' | 'outcome' | 'jenkinsStatus' | 'message'
> & {
  outcome?: AuditEntry['outcome'];
  jenkinsStatus?: number | null;
  message?: string | null;
};

/** What is learnt once Jenkins answered (or refused). */
export interface AuditCompletion {
  outcome: Exclude<AuditEntry['outcome'], 'pending'>;
  jenkinsStatus?: number | null;
  message?: string | null;
  buildNumber?: number | null;
  queueId?: number | null;
}

/** Filter of the compliance export. */
export interface AuditQuery {
  /** Inclusive, epoch milliseconds. */
  fromMs?: number;
  /** Exclusive, epoch milliseconds. */
  toMs?: number;
  /** A user entity ref or a Jenkins user name. */
  actor?: string;
  /** The job's environment at write time (ignoring case). */
  environment?: string;
  /** Only these actions. */
  actions?: AuditEntry['action'][];
  limit: number;
}

/** One page of an entity's activity, newest first. */
export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

/**
 * Where audit entries are kept. Entries are written as `pending` before
 * Jenkins is called and completed afterwards, so a crash in between still
 * leaves the attempt on record.
 */
export interface AuditStore {
  insert(entry: AuditEntry): Promise<void>;
  complete(id: string, completion: AuditCompletion): Promise<void>;
  get(id: string): Promise<AuditEntry | undefined>;
  listForEntity(
    entityRef: string,
    options: { limit: number; cursor?: string },
  ): Promise<AuditPage>;
  query(query: AuditQuery): Promise<AuditEntry[]>;
  /**
   * The successful trigger or rebuild that created a queue item, if it was
   * made through this plugin.
   */
  findByQueueItem(
    instance: string,
    queueId: number,
  ): Promise<AuditEntry | undefined>;
  /**
   * Completes the entries of a request whose outcome is still `pending` or
   * `unknown`, once a later attempt of the request learnt what happened;
   * returns them as completed.
   */
  settleUnknown(
    requestId: string,
    completion: AuditCompletion,
  ): Promise<AuditEntry[]>;
  /**
   * Claims the labelling of an entry's build; true for exactly one caller.
   */
  claimLabelling(id: string, timeMs: number): Promise<boolean>;
  /** Deletes entries older than the given time; returns how many. */
  deleteOlderThan(timeMs: number): Promise<number>;
}

/**
 * One fact about the build a run or rebuild started, from one build event:
 * recorded once per request id and phase, never changed.
 */
export interface BuildOutcomeFact {
  /** The write's request id, which the build carries as `BACKSTAGE_REQUEST_ID`. */
  requestId: string;
  phase: 'STARTED' | 'COMPLETED' | 'FINALIZED';
  instance: string;
  jobFullName: string;
  buildNumber: number;
  result?: BuildResult;
  durationMs?: number;
  /** Epoch milliseconds. */
  recordedAtMs: number;
}

/** A run or rebuild on record, and whether its build was labelled yet. */
export interface StartingWrite {
  entry: AuditEntry;
  labelled: boolean;
}

/**
 * Where the outcomes of the builds that writes started are kept, beside the
 * entries and without changing them; reads of the {@link AuditStore} show
 * them as each entry's `build`.
 */
export interface BuildOutcomeStore {
  /** The allowed runs and rebuilds of a request, oldest first. */
  startingWrites(requestId: string): Promise<StartingWrite[]>;
  /**
   * Records a fact once per request id and phase (a repeated one is
   * ignored); false, and nothing recorded, when the request's build is
   * already on record as another build.
   */
  recordBuildOutcome(fact: BuildOutcomeFact): Promise<boolean>;
}

/**
 * An entry of a build's trail with its subject: the message it was written
 * with before anything was decided (e.g. `Input Promote`, which the answer's
 * outcome message replaces on read).
 */
export type BuildAuditEntry = AuditEntry & { subject: string | null };

/** The audit trail of one build: who started it, what was asked on it. */
export interface BuildAuditReader {
  /** The allowed run or rebuild that started the build, if made through this plugin. */
  startOfBuild(
    instance: string,
    jobFullName: string,
    buildNumber: number,
  ): Promise<AuditEntry | undefined>;
  /**
   * Every write asked on one build (approve, reject, abort, a rebuild of
   * it), allowed or not, oldest first.
   */
  entriesOfBuild(
    instance: string,
    jobFullName: string,
    buildNumber: number,
  ): Promise<BuildAuditEntry[]>;
}
