import { AuditEntry } from '@internal/plugin-jenkins-common';
import { csvField, formatAuditExport } from './auditExport';

const entry: AuditEntry = {
  id: 'a1',
  time: '2026-11-28T10:00:00.000Z',
  actor: { userRef: 'user:default/alice', jenkinsUser: 'alice' },
  action: 'trigger',
  entityRef: 'component:default/payments-service',
  instance: 'default',
  jobFullName: 'payments/deploy-staging',
  buildNumber: 12,
  queueId: 57,
  parameters: { NOTES: 'ship it, "now"\nplease', SMOKE_TEST_TOKEN: '********' },
  decision: 'allow',
  outcome: 'success',
  jenkinsStatus: 201,
  message: null,
  requestId: 'req-1',
  via: 'http',
};

describe('formatAuditExport', () => {
  it('writes CSV with a header, quoting commas, quotes and line breaks', () => {
    const out = formatAuditExport([entry], 'csv');
    expect(out.contentType).toBe('text/csv; charset=utf-8');
    const [header, row, end] = out.body.split('\r\n');
    expect(header).toBe(
      'id,time,user_ref,jenkins_user,action,entity_ref,instance,job_full_name,build_number,queue_id,parameters,decision,outcome,jenkins_status,message,request_id,via,build_outcome_number,build_outcome_result,build_outcome_duration_ms,environment,client',
    );
    expect(row).toBe(
      'a1,2026-11-28T10:00:00.000Z,user:default/alice,alice,trigger,component:default/payments-service,default,payments/deploy-staging,12,57,' +
        '"{""NOTES"":""ship it, \\""now\\""\\nplease"",""SMOKE_TEST_TOKEN"":""********""}"' +
        ',allow,success,201,,req-1,http,,,,,',
    );
    expect(end).toBe('');
  });

  it("ends each CSV row with the started build's number, result and duration", () => {
    const out = formatAuditExport(
      [
        entry,
        {
          ...entry,
          build: { number: 12, result: 'SUCCESS', durationMs: 41_000 },
        },
      ],
      'csv',
    );
    const [header, pending, finished] = out.body.split('\r\n');
    // Right after `via`, as before later columns (environment, client)
    // were appended: readers by position keep working.
    expect(header.split(',').slice(17, 20)).toEqual([
      'build_outcome_number',
      'build_outcome_result',
      'build_outcome_duration_ms',
    ]);
    expect(pending.endsWith(',req-1,http,,,,,')).toBe(true);
    expect(finished.endsWith(',req-1,http,12,SUCCESS,41000,,')).toBe(true);
  });

  it("carries the build outcome in JSON and NDJSON as the entry's build", () => {
    const finished: AuditEntry = {
      ...entry,
      build: { number: 12, result: 'FAILURE', durationMs: 5_000 },
    };
    expect(
      JSON.parse(formatAuditExport([finished], 'ndjson').body.trimEnd()).build,
    ).toEqual({ number: 12, result: 'FAILURE', durationMs: 5_000 });
    expect(
      JSON.parse(formatAuditExport([finished], 'json').body).items[0].build,
    ).toEqual({ number: 12, result: 'FAILURE', durationMs: 5_000 });
  });

  it('names the plugin that carried a write for the person, last', () => {
    const out = formatAuditExport(
      [{ ...entry, via: 'action', client: 'plugin:mcp-actions' }],
      'csv',
    );
    const [header, row] = out.body.split('\r\n');
    expect(header.split(',').pop()).toBe('client');
    expect(row.endsWith(',action,,,,,plugin:mcp-actions')).toBe(true);
  });

  it('neutralises spreadsheet formulas in text fields', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(1)')).toBe("'@SUM(1)");
    expect(csvField(12)).toBe('12');
    expect(csvField(null)).toBe('');
  });

  it('writes one JSON object per line for ndjson', () => {
    const out = formatAuditExport([entry, { ...entry, id: 'a2' }], 'ndjson');
    expect(out.contentType).toBe('application/x-ndjson; charset=utf-8');
    const lines = out.body.trimEnd().split('\n');
    expect(lines.map(l => JSON.parse(l).id)).toEqual(['a1', 'a2']);
  });

  it('writes a JSON document with the items', () => {
    const out = formatAuditExport([entry], 'json');
    expect(out.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(out.body)).toEqual({ items: [entry] });
  });
});
