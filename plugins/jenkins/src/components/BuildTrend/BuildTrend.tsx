import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { BuildSummary } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { useJenkinsLiveUpdates } from '../../hooks/useJenkinsLiveUpdates';
import { useRefreshOnChange } from '../../hooks/useRefreshOnChange';
import { useRefreshableAsync } from '../../hooks/useRefreshableAsync';
import { JobTarget, targetJobId } from '../../jobTarget';
import { formatDuration, isLiveStatus, statusLabel } from '../BuildStatus';
import { JenkinsErrorPanel, LoadingRows } from '../JenkinsStates';

const WIDTH = 300;
const HEIGHT = 80;

/** "12 builds: 9 succeeded, 2 failed, 1 aborted; median 3m 2s". */
export function trendSummary(builds: BuildSummary[]): string {
  const counts = new Map<string, number>();
  for (const b of builds) {
    const label = statusLabel(b.status).toLocaleLowerCase('en-US');
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const durations = builds
    .map(b => b.durationMs)
    .filter((d): d is number => d !== null && d > 0)
    .sort((a, b) => a - b);
  const median = durations.length
    ? durations[Math.floor((durations.length - 1) / 2)]
    : null;
  const parts = [...counts].map(([label, n]) => `${n} ${label}`).join(', ');
  return `Last ${builds.length} builds: ${parts}${
    median !== null ? `; median duration ${formatDuration(median)}` : ''
  }`;
}

/** Bars of the last builds' durations, oldest left, coloured and titled by result. */
export const BuildTrendChart = (props: { builds: BuildSummary[] }) => {
  const theme = useTheme();
  const builds = [...props.builds].reverse();
  const colours: Record<string, string> = {
    success: theme.palette.success.main,
    failure: theme.palette.error.main,
    unstable: theme.palette.warning.main,
    running: theme.palette.info.main,
    queued: theme.palette.info.light,
    paused: theme.palette.info.light,
  };
  const max = Math.max(1, ...builds.map(b => b.durationMs ?? 0));
  const slot = WIDTH / Math.max(builds.length, 1);
  const summary = trendSummary(props.builds);
  return (
    <>
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
        preserveAspectRatio="none"
      >
        {builds.map((b, i) => {
          const h = Math.max(2, ((b.durationMs ?? 0) / max) * (HEIGHT - 4));
          return (
            <rect
              key={b.number}
              data-testid={`trend-bar-${b.number}`}
              x={i * slot + slot * 0.15}
              y={HEIGHT - h}
              width={slot * 0.7}
              height={h}
              fill={colours[b.status] ?? theme.palette.grey[500]}
            >
              <title>{`#${b.number}: ${statusLabel(b.status)}, ${formatDuration(
                b.durationMs,
              )}`}</title>
            </rect>
          );
        })}
      </svg>
      <Typography variant="caption" color="textSecondary" component="p">
        {summary}
      </Typography>
    </>
  );
};

/** The duration and result trend of a job's last builds. */
export const BuildTrend = (props: {
  entityRef: CompoundEntityRef;
  target: JobTarget;
  count?: number;
  /** The newest builds when already at hand (the overview): not read again. */
  initialBuilds?: BuildSummary[];
  /** Changes when the job's builds changed (e.g. its last build): read again. */
  version?: string;
}) => {
  const { entityRef, target } = props;
  const count = props.count ?? 20;
  const api = useApi(jenkinsApiRef);
  const jobId = targetJobId(target);
  const builds = useRefreshableAsync(
    () => api.getBuilds(entityRef, jobId, { limit: count }),
    [api, entityRef, jobId, count],
    props.initialBuilds && { items: props.initialBuilds, nextCursor: null },
  );
  // A running build's bar grows and gets its colour when it finishes.
  useRefreshOnChange(props.version, builds.refresh);
  useJenkinsLiveUpdates(entityRef, {
    jobId,
    live: Boolean(builds.value?.items.some(b => isLiveStatus(b.status))),
    refresh: builds.refresh,
  });
  if (builds.error && !builds.value) {
    return (
      <JenkinsErrorPanel
        error={builds.error}
        onRetry={builds.refresh}
        title="Could not load the trend"
      />
    );
  }
  if (!builds.value) {
    return <LoadingRows rows={2} label="Loading the build trend" />;
  }
  if (builds.value.items.length === 0) {
    return (
      <Typography color="textSecondary">
        No builds yet, so no trend to show.
      </Typography>
    );
  }
  return (
    <Box>
      <BuildTrendChart builds={builds.value.items} />
    </Box>
  );
};
