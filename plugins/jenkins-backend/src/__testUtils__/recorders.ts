import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';

/** What the auditor service was told. Test support only. */
export interface RecordedAuditEvent {
  options: AuditorServiceCreateEventOptions;
  outcome?: { status: 'success' | 'fail'; meta?: unknown; error?: string };
}

/** A logger that appends `level message meta` lines to `lines`. */
export function capturingLogger(lines: string[]): LoggerService {
  const log =
    (level: string) =>
    (message: string, meta?: Error | Record<string, unknown>) => {
      lines.push(
        `${level} ${message} ${
          meta instanceof Error
            ? `${meta.name}: ${meta.message}`
            : JSON.stringify(meta ?? {})
        }`,
      );
    };
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: () => capturingLogger(lines),
  };
}

/** An auditor that appends every event, and later its outcome, to `events`. */
export function recordingAuditor(events: RecordedAuditEvent[]): AuditorService {
  return {
    async createEvent(options) {
      const event: RecordedAuditEvent = {
        options: { ...options, request: undefined },
      };
      events.push(event);
      return {
        async success(o) {
          event.outcome = { status: 'success', meta: o?.meta };
        },
        async fail(o) {
          event.outcome = {
            status: 'fail',
            meta: o.meta,
            error: o.error.message,
          };
        },
      };
    },
  };
}
