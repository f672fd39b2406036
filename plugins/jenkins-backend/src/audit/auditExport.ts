import { AuditEntry } from '@internal/plugin-jenkins-common';

/** The formats of `GET /audit`. */
export type AuditExportFormat = 'json' | 'ndjson' | 'csv';

/** A serialised export with the content type to send it with. */
export interface AuditExport {
  contentType: string;
  body: string;
  /** The download name, for `Content-Disposition`. */
  fileName: string;
}

const CSV_COLUMNS: Array<[string, (e: AuditEntry) => unknown]> = [
  ['id', e => e.id],
  ['time', e => e.time],
  ['user_ref', e => e.actor.userRef],
  ['jenkins_user', e => e.actor.jenkinsUser],
  ['action', e => e.action],
  ['entity_ref', e => e.entityRef],
  ['instance', e => e.instance],
  ['job_full_name', e => e.jobFullName],
  ['build_number', e => e.buildNumber],
  ['queue_id', e => e.queueId],
  ['parameters', e => (e.parameters ? JSON.stringify(e.parameters) : null)],
  ['decision', e => e.decision],
  ['outcome', e => e.outcome],
  ['jenkins_status', e => e.jenkinsStatus],
  ['message', e => e.message],
  ['request_id', e => e.requestId],
  ['via', e => e.via],
  // The started build's outcome from build events; last, so that readers of
  // the earlier columns by position keep working.
  ['build_outcome_number', e => e.build?.number],
  ['build_outcome_result', e => e.build?.result],
  ['build_outcome_duration_ms', e => e.build?.durationMs],
  ['environment', e => e.environment],
  ['client', e => e.client],
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break, with quotes doubled. Text starting with a formula character gets a
 * leading `'` so that a spreadsheet opening the export does not evaluate
 * what a user typed into a parameter.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  if (/[",\r\n]/.test(text)) {
    return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/** Serialises audit entries for the compliance export. */
export function formatAuditExport(
  entries: AuditEntry[],
  format: AuditExportFormat,
): AuditExport {
  switch (format) {
    case 'csv': {
      const lines = [
        CSV_COLUMNS.map(([name]) => name).join(','),
        ...entries.map(e =>
          CSV_COLUMNS.map(([, get]) => csvField(get(e))).join(','),
        ),
      ];
      return {
        contentType: 'text/csv; charset=utf-8',
        body: `${lines.join('\r\n')}\r\n`,
        fileName: 'jenkins-audit.csv',
      };
    }
    case 'ndjson':
      return {
        contentType: 'application/x-ndjson; charset=utf-8',
        body: entries.map(e => `${JSON.stringify(e)}\n`).join(''),
        fileName: 'jenkins-audit.ndjson',
      };
    default:
      return {
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({ items: entries }),
        fileName: 'jenkins-audit.json',
      };
  }
}
