import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import PrintIcon from '@material-ui/icons/Print';
import { ChangeRecord } from '@internal/plugin-jenkins-common';

/** The class the print stylesheet keeps on paper; everything else is hidden. */
export const CHANGE_RECORD_CLASS = 'jenkins-change-record';

/**
 * Printing the page prints the record alone: the portal's navigation, the
 * build view around it and the buttons stay off paper.
 */
const PRINT_CSS = `
@media print {
  body * { visibility: hidden; }
  .${CHANGE_RECORD_CLASS}, .${CHANGE_RECORD_CLASS} * { visibility: visible; }
  .${CHANGE_RECORD_CLASS} { position: absolute; left: 0; top: 0; width: 100%; }
  .${CHANGE_RECORD_CLASS} .no-print { display: none !important; }
}`;

const VIA: Record<ChangeRecord['requester']['via'], string> = {
  portal: 'the Backstage portal',
  action: 'an assistant or automation (actions registry)',
  template: 'a software template',
  jenkins: 'Jenkins directly',
  unknown: 'unknown',
};

const SEPARATION: Record<ChangeRecord['separationOfDuties'], string> = {
  kept: 'Kept: approved by someone other than the requester',
  violated: 'Violated: the requester approved their own change',
  'starter-unknown': 'Not shown: nobody can tell who requested it',
  'not-applicable': 'Not applicable: nothing was approved',
};

function person(ref: string | null): string {
  return ref ?? 'unknown';
}

function time(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

function duration(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  return seconds >= 60
    ? `${Math.floor(seconds / 60)} min ${seconds % 60} s`
    : `${seconds} s`;
}

/** `payments-deploy-production-42-change-record.json`, as the backend names it. */
export function changeRecordFileName(record: ChangeRecord): string {
  const base = record.job.fullName
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base || 'job'}-${record.build.number}-change-record.json`;
}

function commitsText(commits: ChangeRecord['build']['commits']): string {
  if (commits === null) {
    return 'Not known';
  }
  if (commits.length === 0) {
    return 'None recorded by Jenkins';
  }
  return commits
    .map(c => `${c.id.slice(0, 7)} ${c.message ?? ''}`.trim())
    .join('; ');
}

function download(record: ChangeRecord) {
  const blob = new Blob([`${JSON.stringify(record, null, 2)}\n`], {
    type: 'application/json',
  });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = changeRecordFileName(record);
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

const Field = (props: { label: string; children: React.ReactNode }) => (
  <TableRow>
    <TableCell component="th" scope="row" style={{ width: '30%' }}>
      {props.label}
    </TableCell>
    <TableCell>{props.children}</TableCell>
  </TableRow>
);

/**
 * A build's change record as a printable document: what changed where, who
 * requested it and how, every approval and refusal with the policy's
 * decision and Jenkins' answer, the result, and the digest that shows
 * later whether the record still says the same.
 */
export const ChangeRecordView = (props: { record: ChangeRecord }) => {
  const { record } = props;
  return (
    <Box
      component="article"
      className={CHANGE_RECORD_CLASS}
      aria-label={`Change record of build #${record.build.number}`}
    >
      <style>{PRINT_CSS}</style>
      <Box
        className="no-print"
        display="flex"
        style={{ gap: 8 }}
        justifyContent="flex-end"
        mb={1}
      >
        <Button
          size="small"
          startIcon={<GetAppIcon />}
          onClick={() => download(record)}
        >
          Download JSON
        </Button>
        <Button
          size="small"
          startIcon={<PrintIcon />}
          onClick={() => window.print()}
        >
          Print
        </Button>
      </Box>
      <Typography variant="h6" component="h3">
        Change record: {record.job.fullName} #{record.build.number}
      </Typography>
      <Table size="small" aria-label="Change">
        <TableBody>
          <Field label="Entity">{record.entity.ref}</Field>
          <Field label="Owner">{record.entity.owner ?? '—'}</Field>
          <Field label="System">{record.entity.system ?? '—'}</Field>
          <Field label="Environment">{record.job.environment ?? '—'}</Field>
          <Field label="Requested by">
            {person(record.requester.userRef)} via {VIA[record.requester.via]}
            {record.requester.time && ` at ${time(record.requester.time)}`}
          </Field>
          <Field label="Approved by">
            {record.approvedBy.length ? record.approvedBy.join(', ') : 'nobody'}
          </Field>
          <Field label="Separation of duties">
            {SEPARATION[record.separationOfDuties]}
          </Field>
          <Field label="Result">
            {record.build.building
              ? 'Still running'
              : record.build.result ?? 'unknown'}
          </Field>
          <Field label="Started">{time(record.build.startedAt)}</Field>
          <Field label="Duration">{duration(record.build.durationMs)}</Field>
          <Field label="Revision">{record.build.revision ?? '—'}</Field>
          <Field label="Commits">{commitsText(record.build.commits)}</Field>
        </TableBody>
      </Table>

      <Typography variant="subtitle1" component="h4" style={{ marginTop: 16 }}>
        Parameters
      </Typography>
      <Table size="small" aria-label="Parameters">
        <TableBody>
          {record.parameters.map(p => (
            <Field key={p.name} label={p.name}>
              {p.value === null ? '—' : String(p.value)}
            </Field>
          ))}
        </TableBody>
      </Table>

      <Typography variant="subtitle1" component="h4" style={{ marginTop: 16 }}>
        Approvals and other steps
      </Typography>
      {record.steps.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          Nobody approved, rejected, aborted or rebuilt it through Backstage.
        </Typography>
      ) : (
        <Table size="small" aria-label="Steps">
          <TableHead>
            <TableRow>
              <TableCell>Time</TableCell>
              <TableCell>Step</TableCell>
              <TableCell>Person</TableCell>
              <TableCell>Policy decision</TableCell>
              <TableCell>Jenkins answered</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {record.steps.map(step => (
              <TableRow key={step.auditId}>
                <TableCell>{time(step.time)}</TableCell>
                <TableCell>
                  {step.action}
                  {step.inputId && ` (${step.inputId})`}
                </TableCell>
                <TableCell>{person(step.by.userRef)}</TableCell>
                <TableCell>
                  {step.decision === 'allow' ? 'Allowed' : 'Denied'}
                  {step.decision === 'deny' && step.message && (
                    <Typography variant="caption" display="block">
                      {step.message}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  {step.jenkinsStatus === null
                    ? 'not asked'
                    : `HTTP ${step.jenkinsStatus}`}{' '}
                  ({step.outcome})
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}

      <Typography
        variant="caption"
        component="p"
        style={{ marginTop: 16, wordBreak: 'break-all' }}
      >
        Digest ({record.digest.algorithm}): {record.digest.value} · generated{' '}
        {time(record.generatedAt)}
      </Typography>
    </Box>
  );
};
