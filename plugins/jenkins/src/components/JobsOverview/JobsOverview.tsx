import { CompoundEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import InfoIcon from '@material-ui/icons/Info';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import { Fragment } from 'react';
import { BuildSummary, JobSummary } from '@internal/plugin-jenkins-common';
import { JobTarget, resolveTarget } from '../../jobTarget';
import { ActionButton } from '../ActionButton';
import {
  BuildStatus,
  formatDuration,
  formatRelativeTime,
  statusLabel,
} from '../BuildStatus';
import { EnvironmentBadge } from '../EnvironmentBadge';
import { RunPipelineButton } from '../RunPipeline';

/** Jobs by Jenkins instance, in the order the annotation names them. */
export function groupByInstance(jobs: JobSummary[]): [string, JobSummary[]][] {
  const groups = new Map<string, JobSummary[]>();
  for (const job of jobs) {
    groups.set(job.instance, [...(groups.get(job.instance) ?? []), job]);
  }
  return [...groups];
}

/** "#42 · Failed · 3 minutes ago · 2m 3s", or "No builds yet". */
export function lastBuildText(build: BuildSummary | null): string {
  if (!build) {
    return 'No builds yet';
  }
  return [
    `#${build.number}`,
    statusLabel(build.status),
    formatRelativeTime(build.startedAt),
    build.durationMs !== null ? formatDuration(build.durationMs) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

const JobRow = (props: {
  entityRef: CompoundEntityRef;
  target: JobTarget;
  selected: boolean;
  onSelect: () => void;
  onSelectBranch: (branchId: string) => void;
  onOpenBuild: (jobId: string, buildNumber: number) => void;
}) => {
  const { entityRef, target, selected, onSelect, onSelectBranch, onOpenBuild } =
    props;
  const { job, branch } = target;
  const status = branch?.status ?? job.status;
  const lastBuild = branch ? branch.lastBuild : job.lastBuild;
  return (
    <Paper
      variant="outlined"
      component="li"
      aria-label={`Job ${job.displayName}`}
      style={{
        padding: 12,
        listStyle: 'none',
        borderWidth: selected ? 2 : 1,
      }}
    >
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 12 }}
      >
        <Box flex="1 1 240px" minWidth={0}>
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography variant="subtitle1" component="h3">
              {job.displayName}
            </Typography>
            <EnvironmentBadge environment={job.environment} />
            <ActionButton
              label={`Open ${job.displayName} in Jenkins`}
              icon={<OpenInNewIcon fontSize="small" />}
              href={branch?.url ?? job.url}
            />
          </Box>
          <Typography variant="caption" color="textSecondary" component="div">
            {job.fullName}
          </Typography>
          {job.identity.notice && (
            <Box display="flex" alignItems="center" style={{ gap: 4 }}>
              <InfoIcon fontSize="small" color="primary" aria-hidden />
              <Typography variant="caption">{job.identity.notice}</Typography>
            </Box>
          )}
        </Box>
        <Box minWidth={140}>
          <BuildStatus status={status} />
        </Box>
        <Box minWidth={200}>
          <Typography variant="body2">
            Last build: {lastBuildText(lastBuild)}
          </Typography>
        </Box>
        {job.kind === 'multibranch' && (
          <TextField
            select
            SelectProps={{ native: true }}
            label="Branch"
            id={`jenkins-branch-${job.id}`}
            size="small"
            variant="outlined"
            value={branch?.id ?? ''}
            onChange={e => onSelectBranch(e.target.value)}
            disabled={!job.branches?.length}
            InputLabelProps={{ shrink: true }}
            inputProps={{ 'aria-label': `Branch of ${job.displayName}` }}
          >
            {!job.branches?.length && <option value="">No branches</option>}
            {(job.branches ?? []).map(b => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </TextField>
        )}
        <Button
          size="small"
          variant={selected ? 'outlined' : 'text'}
          aria-pressed={selected}
          aria-label={`${selected ? 'Showing' : 'Show'} builds of ${
            job.displayName
          }`}
          onClick={onSelect}
        >
          {selected ? 'Showing builds' : 'Show builds'}
        </Button>
        <RunPipelineButton
          entityRef={entityRef}
          target={target}
          onOpenBuild={onOpenBuild}
        />
      </Box>
    </Paper>
  );
};

/**
 * The entity's jobs grouped by Jenkins instance, each with its status,
 * environment, last build, branch selector (multibranch) and Run pipeline.
 */
export const JobsOverview = (props: {
  entityRef: CompoundEntityRef;
  jobs: JobSummary[];
  selectedJobId?: string;
  selectedBranchId?: string;
  onSelectJob: (jobId: string) => void;
  onSelectBranch: (jobId: string, branchId: string) => void;
  onOpenBuild: (jobId: string, buildNumber: number) => void;
}) => {
  const groups = groupByInstance(props.jobs);
  const showInstances = groups.length > 1 || groups[0]?.[0] !== 'default';
  return (
    <Box>
      {groups.map(([instance, jobs], i) => (
        <Fragment key={instance}>
          {i > 0 && <Divider style={{ margin: '16px 0' }} />}
          {showInstances && (
            <Typography variant="overline" component="h3">
              Jenkins instance: {instance}
            </Typography>
          )}
          <Box
            component="ul"
            p={0}
            m={0}
            display="flex"
            flexDirection="column"
            style={{ gap: 8 }}
            aria-label={`Jobs on ${instance}`}
          >
            {jobs.map(job => {
              const selected = job.id === props.selectedJobId;
              const target = resolveTarget(
                job,
                selected ? props.selectedBranchId : undefined,
              );
              return (
                <JobRow
                  key={job.id}
                  entityRef={props.entityRef}
                  target={target}
                  selected={selected}
                  onSelect={() => props.onSelectJob(job.id)}
                  onSelectBranch={branchId =>
                    props.onSelectBranch(job.id, branchId)
                  }
                  onOpenBuild={props.onOpenBuild}
                />
              );
            })}
          </Box>
        </Fragment>
      ))}
    </Box>
  );
};
