import { CompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  BranchSummary,
  hasJenkinsAnnotation,
  JobSummary,
} from '@internal/plugin-jenkins-common';
import { useJenkinsEntity } from '../../hooks/useJenkinsEntity';
import { useJenkinsSelection } from '../../hooks/useJenkinsSelection';
import { isJobLive } from '../../hooks/useJobs';
import { useOverview } from '../../hooks/useOverview';
import { resolveTarget, targetJobId } from '../../jobTarget';
import { ActivityList } from '../ActivityList';
import { BuildTrend } from '../BuildTrend';
import { BuildView } from '../BuildView';
import { BuildsTable } from '../BuildsTable';
import {
  errorMessage,
  JenkinsErrorPanel,
  JenkinsMissingAnnotation,
  LoadingRows,
  cardHeading,
} from '../JenkinsStates';
import { JobsOverview } from '../JobsOverview';

/** What a job's last build is now; when it changes, derived views are stale. */
function buildVersion(job: {
  lastBuild: { number: number; status: string } | null;
}): string {
  return job.lastBuild ? `${job.lastBuild.number}:${job.lastBuild.status}` : '';
}

/** Finds the job (and branch) a job id names: a job's own id or one of its branches'. */
function findJob(
  jobs: JobSummary[],
  jobId: string,
): { job: JobSummary; branchId?: string } | undefined {
  for (const job of jobs) {
    if (job.id === jobId) {
      return { job };
    }
    const branch = job.branches?.find(b => b.id === jobId);
    if (branch) {
      return { job, branchId: branch.id };
    }
  }
  return undefined;
}

/**
 * The jobs with each branch picked by searching among its job's branches,
 * where the summary does not list it (it lists a bounded number).
 */
function withPickedBranches(
  jobs: JobSummary[] | undefined,
  picked: Record<string, BranchSummary>,
): JobSummary[] | undefined {
  return jobs?.map(job => {
    const branch = picked[job.id];
    return branch && !job.branches?.some(b => b.id === branch.id)
      ? { ...job, branches: [...(job.branches ?? []), branch] }
      : job;
  });
}

const JenkinsJobs = (props: { entityRef: CompoundEntityRef }) => {
  const { entityRef } = props;
  const selection = useJenkinsSelection();
  // One request paints the tab: jobs, the shown job's builds and trend, and
  // the activity.
  const jobs = useOverview(entityRef, selection.branchId ?? selection.jobId);
  const { openBuild, selectJob, selectBranch, closeBuild } = selection;
  const refreshJobs = jobs.refresh;
  const [picked, setPicked] = useState<Record<string, BranchSummary>>({});
  const listed = jobs.value?.jobs.jobs;
  const list = useMemo(
    () => withPickedBranches(listed, picked),
    [listed, picked],
  );
  // The overview's builds and activity serve the views mounted with the
  // first paint only; views mounted later read for themselves.
  const firstPaint = useRef(true);
  const painted = Boolean(list);
  useEffect(() => {
    if (painted) {
      firstPaint.current = false;
    }
  }, [painted]);

  const onOpenBuild = useCallback(
    (jobId: string, buildNumber: number) => {
      const found = list ? findJob(list, jobId) : undefined;
      openBuild(found?.job.id ?? jobId, buildNumber, found?.branchId);
      refreshJobs();
    },
    [list, openBuild, refreshJobs],
  );

  if (jobs.error && !jobs.value) {
    return (
      <JenkinsErrorPanel
        error={jobs.error}
        onRetry={jobs.refresh}
        title="Could not load Jenkins jobs"
      />
    );
  }
  if (!list) {
    return (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard titleTypographyProps={cardHeading} title="Jobs">
            <LoadingRows rows={3} label="Loading Jenkins jobs" />
          </InfoCard>
        </Grid>
        <Grid item xs={12} lg={8}>
          <InfoCard titleTypographyProps={cardHeading} title="Builds">
            <LoadingRows rows={5} label="Loading builds" />
          </InfoCard>
        </Grid>
      </Grid>
    );
  }
  if (list.length === 0) {
    return (
      <InfoCard titleTypographyProps={cardHeading} title="Jobs">
        <Typography>
          The annotation names no Jenkins job that the backend could find. Check
          the job names in the entity's <code>jenkins.io/job-full-name</code>{' '}
          annotation.
        </Typography>
      </InfoCard>
    );
  }

  const found = selection.jobId ? findJob(list, selection.jobId) : undefined;
  const job = found?.job ?? list[0];
  const target = resolveTarget(job, selection.branchId ?? found?.branchId);
  const firstSelection =
    firstPaint.current && jobs.value?.selected?.jobId === targetJobId(target)
      ? jobs.value.selected
      : undefined;
  const firstActivity = firstPaint.current
    ? jobs.value?.activity ?? undefined
    : undefined;
  const targetName = target.branch
    ? `${job.displayName} / ${target.branch.name}`
    : job.displayName;

  return (
    <Grid container spacing={3}>
      {jobs.error && (
        <Grid item xs={12}>
          <Alert severity="warning">
            Live update failed: {errorMessage(jobs.error)}
          </Alert>
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard titleTypographyProps={cardHeading} title="Jobs">
          <JobsOverview
            entityRef={entityRef}
            jobs={list}
            selectedJobId={job.id}
            selectedBranchId={target.branch?.id}
            onSelectJob={selectJob}
            onSelectBranch={(jobId, branchId, branch) => {
              if (branch) {
                setPicked(current => ({ ...current, [jobId]: branch }));
              }
              if (jobId === job.id) {
                selectBranch(branchId);
              } else {
                selection.selectJobBranch(jobId, branchId);
              }
            }}
            onOpenBuild={onOpenBuild}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        {selection.buildNumber !== undefined ? (
          <BuildView
            key={`${target.branch?.id ?? job.id}#${selection.buildNumber}`}
            entityRef={entityRef}
            target={target}
            buildNumber={selection.buildNumber}
            onBack={closeBuild}
            onOpenBuild={onOpenBuild}
          />
        ) : (
          <InfoCard
            titleTypographyProps={cardHeading}
            title={`Builds of ${targetName}`}
          >
            <BuildsTable
              key={target.branch?.id ?? job.id}
              entityRef={entityRef}
              target={target}
              initialPage={firstSelection?.builds}
              onOpenBuild={onOpenBuild}
            />
          </InfoCard>
        )}
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          titleTypographyProps={cardHeading}
          title={`Build trend of ${targetName}`}
        >
          <BuildTrend
            entityRef={entityRef}
            target={target}
            initialBuilds={firstSelection?.trend}
            version={buildVersion(target.branch ?? job)}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <ActivityList
          entityRef={entityRef}
          initialPage={firstActivity}
          live={list.some(isJobLive)}
          version={list
            .flatMap(j => [j, ...(j.branches ?? [])])
            .map(buildVersion)
            .join(',')}
        />
      </Grid>
    </Grid>
  );
};

/**
 * The Jenkins tab of an entity page: its jobs, builds, build view, trend
 * and recent activity; or what to add when the entity has no annotation.
 *
 * @public
 */
export const JenkinsContent = () => {
  const { entity, entityRef } = useJenkinsEntity();
  if (!hasJenkinsAnnotation(entity)) {
    return <JenkinsMissingAnnotation />;
  }
  return <JenkinsJobs entityRef={entityRef} />;
};
