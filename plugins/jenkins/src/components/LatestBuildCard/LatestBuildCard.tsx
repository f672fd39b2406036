import { Entity } from '@backstage/catalog-model';
import { InfoCard, Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import MuiLink from '@material-ui/core/Link';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import {
  hasJenkinsAnnotation,
  JobSummary,
} from '@internal/plugin-jenkins-common';
import { useJenkinsEntity } from '../../hooks/useJenkinsEntity';
import { buildViewQuery } from '../../hooks/useJenkinsSelection';
import { useJobs } from '../../hooks/useJobs';
import { defaultBranch } from '../../jobTarget';
import { ActionButton } from '../ActionButton';
import {
  BuildStatus,
  formatRelativeTime,
  formatTimestamp,
} from '../BuildStatus';
import { BuildDuration } from '../BuildsTable';
import { EnvironmentBadge } from '../EnvironmentBadge';
import {
  JenkinsErrorPanel,
  JenkinsMissingAnnotation,
  LoadingRows,
  cardHeading,
} from '../JenkinsStates';

/** The path of the entity's Jenkins tab (the tab's `path` in both frontend systems). */
export const JENKINS_TAB_PATH = 'jenkins';

/**
 * The entity page's path, or undefined where the app has no entity route
 * (then the card can only link to Jenkins).
 */
function useEntityPath(entity: Entity): string | undefined {
  let entityRoute:
    | ((params: ReturnType<typeof entityRouteParams>) => string)
    | undefined;
  try {
    // Called on every render, in the same place: core-plugin-api's hook
    // throws where no entity route is mounted, which only try can catch.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    entityRoute = useRouteRef(entityRouteRef);
  } catch {
    entityRoute = undefined;
  }
  return entityRoute?.(entityRouteParams(entity));
}

const LatestBuild = (props: {
  job: JobSummary;
  branch?: string;
  entityPath?: string;
}) => {
  const { job, entityPath } = props;
  const [branchId, setBranchId] = useState(
    () => defaultBranch(job, props.branch)?.id,
  );
  const branch = job.branches?.find(b => b.id === branchId);
  const build =
    job.kind === 'multibranch' ? branch?.lastBuild ?? null : job.lastBuild;
  return (
    <Box
      component="li"
      py={1}
      style={{ listStyle: 'none' }}
      aria-label={`Latest build of ${job.displayName}`}
    >
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="subtitle1" component="h3">
          {job.displayName}
        </Typography>
        <EnvironmentBadge environment={job.environment} />
        {job.kind === 'multibranch' && (
          <TextField
            select
            SelectProps={{ native: true }}
            size="small"
            variant="outlined"
            label="Branch"
            id={`jenkins-latest-branch-${job.id}`}
            value={branchId ?? ''}
            onChange={e => setBranchId(e.target.value)}
            InputLabelProps={{ shrink: true }}
            inputProps={{ 'aria-label': `Branch of ${job.displayName}` }}
            disabled={!job.branches?.length}
          >
            {!job.branches?.length && <option value="">No branches</option>}
            {(job.branches ?? []).map(b => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </TextField>
        )}
      </Box>
      {build ? (
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 12 }}
        >
          <BuildStatus status={build.status} />
          {entityPath ? (
            <Link
              to={`${entityPath.replace(
                /\/$/,
                '',
              )}/${JENKINS_TAB_PATH}${buildViewQuery(
                job.id,
                build.number,
                job.kind === 'multibranch' ? branch?.id : undefined,
              )}`}
            >
              Build #{build.number}
            </Link>
          ) : (
            <MuiLink href={build.url} target="_blank" rel="noopener noreferrer">
              Build #{build.number}
            </MuiLink>
          )}
          <ActionButton
            label={`Open build #${build.number} of ${job.displayName} in Jenkins`}
            icon={<OpenInNewIcon fontSize="small" />}
            href={build.url}
          />
          <Typography variant="body2" title={formatTimestamp(build.startedAt)}>
            {formatRelativeTime(build.startedAt)}
          </Typography>
          <Typography variant="body2" component="div">
            <BuildDuration build={build} />
          </Typography>
        </Box>
      ) : (
        <Typography variant="body2" color="textSecondary">
          No builds yet
        </Typography>
      )}
    </Box>
  );
};

/** Props of {@link EntityJenkinsLatestBuildCard}. @public */
export interface LatestBuildCardProps {
  /** The branch to show for multibranch jobs; main or master otherwise. */
  branch?: string;
}

const LatestBuildJobs = (props: LatestBuildCardProps) => {
  const { entity, entityRef } = useJenkinsEntity();
  const entityPath = useEntityPath(entity);
  const jobs = useJobs(entityRef);
  if (jobs.error && !jobs.value) {
    return <JenkinsErrorPanel error={jobs.error} onRetry={jobs.refresh} />;
  }
  if (!jobs.value) {
    return <LoadingRows rows={2} label="Loading the latest builds" />;
  }
  if (jobs.value.jobs.length === 0) {
    return (
      <Typography color="textSecondary">
        The annotation names no Jenkins job that the backend could find.
      </Typography>
    );
  }
  return (
    <Box component="ul" p={0} m={0}>
      {jobs.value.jobs.map(job => (
        <LatestBuild
          key={job.id}
          job={job}
          branch={props.branch}
          entityPath={entityPath}
        />
      ))}
    </Box>
  );
};

/** The latest build of each of the entity's jobs (or of a chosen branch). */
export const LatestBuildCard = (props: LatestBuildCardProps) => {
  const { entity } = useJenkinsEntity();
  return (
    <InfoCard titleTypographyProps={cardHeading} title="Latest Jenkins builds">
      {hasJenkinsAnnotation(entity) ? (
        <LatestBuildJobs branch={props.branch} />
      ) : (
        <JenkinsMissingAnnotation compact />
      )}
    </InfoCard>
  );
};
