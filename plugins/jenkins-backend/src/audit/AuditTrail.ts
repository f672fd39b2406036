import { randomUUID } from 'node:crypto';
import {
  AuditorService,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { AuditEntry } from '@internal/plugin-jenkins-common';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';
import { AuditAttempt, AuditCompletion, AuditStore } from './types';

/** An attempt on record, waiting for its outcome. */
export interface AuditRecord {
  readonly entry: AuditEntry;
  /** Records what Jenkins answered; never throws (the write already happened). */
  complete(completion: AuditCompletion, error?: Error): Promise<void>;
}

const EVENT_IDS: Record<AuditEntry['action'], string> = {
  trigger: 'job-trigger',
  rebuild: 'build-rebuild',
  abort: 'build-abort',
  cancel: 'queue-cancel',
  approve: 'input-approve',
  reject: 'input-reject',
  restart: 'build-restart',
  replay: 'build-replay',
  pause: 'build-pause',
  resume: 'build-resume',
};

function toMeta(entry: AuditEntry): JsonObject {
  return JSON.parse(JSON.stringify(entry)) as JsonObject;
}

/**
 * Records every write attempt twice: in the plugin's own table (for the
 * activity view and the compliance export) and as an event of Backstage's
 * `auditor` service (medium severity), before Jenkins is called and again
 * with the outcome.
 */
export class AuditTrail {
  private readonly now: () => number;

  constructor(
    private readonly options: {
      store: AuditStore;
      auditor: AuditorService;
      logger: LoggerService;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Puts an attempt on record. Throws when the record cannot be written, so
   * that nothing reaches Jenkins unaudited.
   */
  async begin(
    attempt: AuditAttempt,
    context: { request?: Request } = {},
  ): Promise<AuditRecord> {
    const entry: AuditEntry = {
      ...attempt,
      id: randomUUID(),
      time: new Date(this.now()).toISOString(),
      outcome: attempt.outcome ?? 'pending',
      jenkinsStatus: attempt.jenkinsStatus ?? null,
      message: attempt.message ?? null,
    };
    await this.options.store.insert(entry);
    const event = await this.options.auditor.createEvent({
      eventId: EVENT_IDS[entry.action],
      severityLevel: 'medium',
      request: context.request,
      meta: toMeta(entry),
    });
    return this.recordFor(entry, event);
  }

  /**
   * Records an attempt the permission policy refused; Jenkins is not called.
   */
  async recordDenied(
    attempt: Omit<AuditAttempt, 'decision'>,
    error: Error,
    context: { request?: Request } = {},
  ): Promise<AuditEntry> {
    // The attempt's subject (e.g. `Input Promote`) stays on the entry as
    // written; the refusal is its outcome.
    const record = await this.begin(
      {
        ...attempt,
        decision: 'deny',
        outcome: 'denied',
        message: attempt.message ?? error.message,
      },
      context,
    );
    await record.complete({ outcome: 'denied', message: error.message }, error);
    return record.entry;
  }

  /**
   * A later attempt of a request learnt what became of earlier attempts
   * whose outcome was unknown: their entries get the real outcome, and the
   * auditor service is told.
   */
  async settle(
    requestId: string,
    completion: AuditCompletion,
    context: { request?: Request } = {},
  ): Promise<AuditEntry[]> {
    const settled = await this.options.store.settleUnknown(
      requestId,
      completion,
    );
    for (const entry of settled) {
      try {
        const event = await this.options.auditor.createEvent({
          eventId: EVENT_IDS[entry.action],
          severityLevel: 'medium',
          request: context.request,
          meta: toMeta(entry),
        });
        if (completion.outcome === 'success') {
          await event.success({ meta: toMeta(entry) });
        } else {
          await event.fail({
            meta: toMeta(entry),
            error: new Error(completion.message ?? completion.outcome),
          });
        }
      } catch (e) {
        this.options.logger.error(
          `Could not send the settled outcome of audit entry ${entry.id} to the auditor`,
          e as Error,
        );
      }
    }
    return settled;
  }

  private recordFor(
    entry: AuditEntry,
    event: AuditorServiceEvent,
  ): AuditRecord {
    const { store, logger } = this.options;
    return {
      entry,
      async complete(completion, error) {
        const completed: AuditEntry = {
          ...entry,
          ...Object.fromEntries(
            Object.entries(completion).filter(([, v]) => v !== undefined),
          ),
        };
        Object.assign(entry, completed);
        try {
          await store.complete(entry.id, completion);
        } catch (e) {
          logger.error(
            `Could not record the outcome of audit entry ${entry.id}`,
            e as Error,
          );
        }
        try {
          if (completion.outcome === 'success') {
            await event.success({ meta: toMeta(completed) });
          } else {
            await event.fail({
              meta: toMeta(completed),
              error:
                error ?? new Error(completion.message ?? completion.outcome),
            });
          }
        } catch (e) {
          logger.error(
            `Could not send the outcome of audit entry ${entry.id} to the auditor`,
            e as Error,
          );
        }
      },
    };
  }
}
