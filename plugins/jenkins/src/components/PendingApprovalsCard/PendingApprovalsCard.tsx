import { CompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  BuildDetail,
  hasJenkinsAnnotation,
  JobSummary,
} from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { useJenkinsEntity } from '../../hooks/useJenkinsEntity';
import { useJobs } from '../../hooks/useJobs';
import { useRefreshableAsync } from '../../hooks/useRefreshableAsync';
import {
  JenkinsErrorPanel,
  JenkinsMissingAnnotation,
  LoadingRows,
  cardHeading,
} from '../JenkinsStates';
import { PendingInputs } from '../PendingInputs';

interface PausedBuild {
  jobId: string;
  name: string;
  buildNumber: number;
}

/** The builds waiting at an input step: each job's or branch's last build that is paused. */
export function pausedBuilds(jobs: JobSummary[]): PausedBuild[] {
  const result: PausedBuild[] = [];
  for (const job of jobs) {
    if (job.lastBuild?.status === 'paused') {
      result.push({
        jobId: job.id,
        name: job.fullName,
        buildNumber: job.lastBuild.number,
      });
    }
    for (const branch of job.branches ?? []) {
      if (branch.lastBuild?.status === 'paused') {
        result.push({
          jobId: branch.id,
          name: `${job.fullName} (${branch.name})`,
          buildNumber: branch.lastBuild.number,
        });
      }
    }
  }
  return result;
}

const Approvals = (props: { entityRef: CompoundEntityRef }) => {
  const { entityRef } = props;
  const api = useApi(jenkinsApiRef);
  const jobs = useJobs(entityRef);
  const paused = jobs.value ? pausedBuilds(jobs.value.jobs) : undefined;
  const pausedKey = paused?.map(p => `${p.jobId}#${p.buildNumber}`).join(',');
  const details = useRefreshableAsync(
    async () =>
      paused
        ? Promise.all(
            paused.map(async p => ({
              ...p,
              build: (await api.getBuild(
                entityRef,
                p.jobId,
                p.buildNumber,
              )) as BuildDetail,
            })),
          )
        : undefined,
    // The paused builds, not the jobs object, decide when to read again.
    [api, entityRef, pausedKey],
  );
  const error =
    (jobs.error && !jobs.value ? jobs.error : undefined) ??
    (details.error && !details.value ? details.error : undefined);
  if (error) {
    return (
      <JenkinsErrorPanel
        error={error}
        onRetry={() => {
          jobs.refresh();
          details.refresh();
        }}
      />
    );
  }
  if (!details.value) {
    return <LoadingRows rows={2} label="Loading pending approvals" />;
  }
  const waiting = details.value.filter(d => d.build.pendingInputs.length > 0);
  if (waiting.length === 0) {
    return (
      <Typography color="textSecondary">
        Nothing is waiting for approval.
      </Typography>
    );
  }
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
      {waiting.map(w => (
        <PendingInputs
          key={`${w.jobId}#${w.buildNumber}`}
          entityRef={entityRef}
          jobId={w.jobId}
          buildNumber={w.buildNumber}
          inputs={w.build.pendingInputs}
          heading={`${w.name} #${w.buildNumber}`}
          onAnswered={jobs.refresh}
        />
      ))}
    </Box>
  );
};

/** The pipeline input steps of the entity's jobs that wait for an answer. */
export const PendingApprovalsCard = () => {
  const { entity, entityRef } = useJenkinsEntity();
  return (
    <InfoCard titleTypographyProps={cardHeading} title="Pending approvals">
      {hasJenkinsAnnotation(entity) ? (
        <Approvals entityRef={entityRef} />
      ) : (
        <JenkinsMissingAnnotation compact />
      )}
    </InfoCard>
  );
};
