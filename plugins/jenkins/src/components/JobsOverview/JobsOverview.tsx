import { CompoundEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import InfoIcon from '@material-ui/icons/Info';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import { Fragment } from 'react';
import {
  BranchSummary,
  BuildSummary,
  JobSummary,
} from '@internal/plugin-jenkins-common';
import { JobTarget, resolveTarget } from '../../jobTarget';
import { ActionButton } from '../ActionButton';
import { BranchPicker } from '../BranchPicker';
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

/*
 * One grid for every job row, whatever its kind: name, status, last build,
 * branch (empty unless multibranch), then the actions, so statuses and Run
 * buttons line up down the list. Narrow screens stack the cells.
 */
const useRowStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns:
      'minmax(220px, 1fr) 150px minmax(180px, 240px) 220px minmax(260px, auto)',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    [theme.breakpoints.down('md')]: {
      gridTemplateColumns: '1fr',
    },
  },
  actions: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'flex-end',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    [theme.breakpoints.down('md')]: {
      justifyContent: 'flex-start',
    },
  },
}));

const JobRow = (props: {
  entityRef: CompoundEntityRef;
  target: JobTarget;
  selected: boolean;
  onSelect: () => void;
  onSelectBranch: (branch: BranchSummary) => void;
  onOpenBuild: (jobId: string, buildNumber: number) => void;
}) => {
  const { entityRef, target, selected, onSelect, onSelectBranch, onOpenBuild } =
    props;
  const { job, branch } = target;
  const status = branch?.status ?? job.status;
  const lastBuild = branch ? branch.lastBuild : job.lastBuild;
  const classes = useRowStyles();
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
      <Box className={classes.row}>
        <Box minWidth={0}>
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
        <Box>
          <BuildStatus status={status} />
        </Box>
        <Box>
          <Typography variant="body2">
            Last build: {lastBuildText(lastBuild)}
          </Typography>
        </Box>
        <Box minWidth={0}>
          {job.kind === 'multibranch' && (
            <BranchPicker
              entityRef={entityRef}
              job={job}
              branch={branch}
              onSelectBranch={onSelectBranch}
            />
          )}
        </Box>
        <Box className={classes.actions}>
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
      </Box>
    </Paper>
  );
};

/**
 * The entity's jobs grouped by Jenkins instance, each with its status,
 * environment, last build, branch selector (multibranch: searched on the
 * server when the job has more branches than its summary lists) and Run
 * pipeline.
 */
export const JobsOverview = (props: {
  entityRef: CompoundEntityRef;
  jobs: JobSummary[];
  selectedJobId?: string;
  selectedBranchId?: string;
  onSelectJob: (jobId: string) => void;
  /** `branch` is the branch picked, which a search may have found. */
  onSelectBranch: (
    jobId: string,
    branchId: string,
    branch?: BranchSummary,
  ) => void;
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
                  onSelectBranch={branch =>
                    props.onSelectBranch(job.id, branch.id, branch)
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
