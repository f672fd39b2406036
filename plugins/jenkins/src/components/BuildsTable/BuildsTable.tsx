import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import {
  BuildsPage,
  BuildSummary,
  TestCounts,
} from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { useJenkinsLiveUpdates } from '../../hooks/useJenkinsLiveUpdates';
import { useNow } from '../../hooks/useNow';
import { useRefreshableAsync } from '../../hooks/useRefreshableAsync';
import { JobTarget, targetJobId } from '../../jobTarget';
import { BuildActions } from '../BuildActions';
import {
  BuildStatus,
  formatDuration,
  formatRelativeTime,
  formatTimestamp,
  isLiveStatus,
} from '../BuildStatus';
import { JenkinsErrorPanel, LoadingRows, errorMessage } from '../JenkinsStates';
import { BuildLink } from '../RunPipeline';

const useStyles = makeStyles({
  // Short values read better unbroken; the table scrolls sideways on narrow screens.
  table: { '& td, & th': { whiteSpace: 'nowrap' } },
});

/** Who or what started a build, in a few words. */
export function startedBy(build: BuildSummary): string {
  const user = build.causes.find(
    c => c.kind === 'user' && (c.userName || c.userId),
  );
  if (user) {
    return user.userName ?? user.userId ?? user.description;
  }
  return build.causes[0]?.description ?? '—';
}

/** `118 passed, 2 failed, 1 skipped`; `—` without test results. */
export function testSummary(tests: TestCounts | null): string {
  if (!tests) {
    return '—';
  }
  const parts = [`${tests.passed} passed`];
  if (tests.failed) {
    parts.push(`${tests.failed} failed`);
  }
  if (tests.skipped) {
    parts.push(`${tests.skipped} skipped`);
  }
  return parts.join(', ');
}

/** A running build's duration so far, against Jenkins' estimate. */
export const BuildDuration = (props: { build: BuildSummary }) => {
  const { build } = props;
  const running = build.status === 'running' && build.startedAt !== null;
  const now = useNow(running);
  if (running) {
    const elapsed = Math.max(0, now - build.startedAt!);
    // Between refreshes, move the bar with the clock; Jenkins' figure otherwise.
    const fraction = build.estimatedDurationMs
      ? Math.max(build.progress ?? 0, elapsed / build.estimatedDurationMs)
      : build.progress;
    const percent =
      fraction !== null ? Math.round(Math.min(0.99, fraction) * 100) : null;
    return (
      <Box minWidth={120}>
        <Typography variant="body2">
          {formatDuration(elapsed)}
          {build.estimatedDurationMs !== null &&
            ` of ~${formatDuration(build.estimatedDurationMs)}`}
        </Typography>
        <LinearProgress
          variant={percent !== null ? 'determinate' : 'indeterminate'}
          value={percent ?? undefined}
          aria-label={
            percent !== null
              ? `Build #${build.number} is ${percent}% through its estimated time`
              : `Build #${build.number} is running`
          }
        />
      </Box>
    );
  }
  return <>{formatDuration(build.durationMs)}</>;
};

/**
 * The builds of a job or branch, newest first, paginated by the server
 * (cursor per page), read again when the backend signals a build of the
 * job (without signals: polled while any build on the page is live).
 */
export const BuildsTable = (props: {
  entityRef: CompoundEntityRef;
  target: JobTarget;
  pageSize?: number;
  /** The first page when already at hand (the overview): not read again. */
  initialPage?: BuildsPage;
  onOpenBuild: (jobId: string, buildNumber: number) => void;
}) => {
  const { entityRef, target, onOpenBuild } = props;
  const pageSize = props.pageSize ?? 10;
  const classes = useStyles();
  const api = useApi(jenkinsApiRef);
  const jobId = targetJobId(target);
  // Cursors of the pages before the current one, to go back to newer builds.
  const [cursors, setCursors] = useState<(string | undefined)[]>([]);
  const [cursor, setCursor] = useState<string>();
  const page = useRefreshableAsync(
    () => api.getBuilds(entityRef, jobId, { limit: pageSize, cursor }),
    [api, entityRef, jobId, cursor, pageSize],
    props.initialPage,
  );
  const live = Boolean(page.value?.items.some(b => isLiveStatus(b.status)));
  useJenkinsLiveUpdates(entityRef, { jobId, live, refresh: page.refresh });

  if (page.error && !page.value) {
    return (
      <JenkinsErrorPanel
        error={page.error}
        title="Could not load builds"
        onRetry={page.refresh}
      />
    );
  }
  if (!page.value) {
    return <LoadingRows rows={5} label="Loading builds" />;
  }
  const { items, nextCursor } = page.value;
  if (items.length === 0 && cursors.length === 0) {
    return (
      <Typography color="textSecondary">
        No builds yet. Use Run pipeline to start the first one.
      </Typography>
    );
  }
  return (
    <>
      {page.error && (
        <Typography color="error" variant="body2" role="alert">
          Live update failed: {errorMessage(page.error)}
        </Typography>
      )}
      <TableContainer>
        <Table size="small" aria-label="Builds" className={classes.table}>
          <TableHead>
            <TableRow>
              <TableCell>Build</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Branch / commit</TableCell>
              <TableCell>Started by</TableCell>
              <TableCell>Started</TableCell>
              <TableCell>Duration</TableCell>
              <TableCell>Tests</TableCell>
              <TableCell>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(build => (
              <TableRow key={build.number}>
                <TableCell>
                  <BuildLink
                    jobId={target.job.id}
                    branchId={target.branch?.id}
                    buildNumber={build.number}
                    onOpen={() => onOpenBuild(jobId, build.number)}
                  />
                </TableCell>
                <TableCell>
                  <BuildStatus status={build.status} />
                </TableCell>
                <TableCell>
                  {build.branch ?? '—'}
                  {build.commit && (
                    <Typography
                      variant="body2"
                      component="div"
                      style={{ fontFamily: 'monospace' }}
                      title={build.commit}
                    >
                      {build.commit.slice(0, 7)}
                    </Typography>
                  )}
                </TableCell>
                <TableCell
                  title={build.causes.map(c => c.description).join('\n')}
                >
                  {startedBy(build)}
                </TableCell>
                <TableCell>
                  <Tooltip title={formatTimestamp(build.startedAt)}>
                    <span>{formatRelativeTime(build.startedAt)}</span>
                  </Tooltip>
                </TableCell>
                <TableCell>
                  <BuildDuration build={build} />
                </TableCell>
                <TableCell>{testSummary(build.tests)}</TableCell>
                <TableCell>
                  <BuildActions
                    entityRef={entityRef}
                    target={target}
                    build={build}
                    onView={() => onOpenBuild(jobId, build.number)}
                    onOpenBuild={onOpenBuild}
                    onChanged={page.refresh}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <Box
        display="flex"
        justifyContent="flex-end"
        alignItems="center"
        mt={1}
        style={{ gap: 8 }}
      >
        <Typography variant="body2" color="textSecondary">
          Page {cursors.length + 1}
        </Typography>
        <Button
          size="small"
          disabled={cursors.length === 0}
          onClick={() => {
            setCursor(cursors[cursors.length - 1]);
            setCursors(cursors.slice(0, -1));
          }}
        >
          Newer builds
        </Button>
        <Button
          size="small"
          disabled={!nextCursor}
          onClick={() => {
            setCursors([...cursors, cursor]);
            setCursor(nextCursor ?? undefined);
          }}
        >
          Older builds
        </Button>
      </Box>
    </>
  );
};
