import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import BlockIcon from '@material-ui/icons/Block';
import CheckIcon from '@material-ui/icons/Check';
import ErrorIcon from '@material-ui/icons/Error';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import { useState } from 'react';
import {
  ActivityPage,
  AuditAction,
  AuditEntry,
  BuildResult,
} from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { useJenkinsLiveUpdates } from '../../hooks/useJenkinsLiveUpdates';
import { useRefreshOnChange } from '../../hooks/useRefreshOnChange';
import { useRefreshableAsync } from '../../hooks/useRefreshableAsync';
import { formatRelativeTime } from '../BuildStatus';
import {
  JenkinsErrorPanel,
  LoadingRows,
  errorMessage,
  cardHeading,
} from '../JenkinsStates';

const VERBS: Record<AuditAction, string> = {
  trigger: 'ran',
  rebuild: 'rebuilt',
  abort: 'aborted',
  cancel: 'cancelled a queued run of',
  approve: 'approved',
  reject: 'rejected',
  restart: 'restarted',
  replay: 'replayed',
  pause: 'paused',
  resume: 'resumed',
};

const ATTEMPTS: Record<AuditAction, string> = {
  trigger: 'run',
  rebuild: 'rebuild',
  abort: 'abort',
  cancel: 'cancel a queued run of',
  approve: 'approve',
  reject: 'reject',
  restart: 'restart',
  replay: 'replay',
  pause: 'pause',
  resume: 'resume',
};

const RESULTS: Record<BuildResult, string> = {
  SUCCESS: 'succeeded',
  FAILURE: 'failed',
  UNSTABLE: 'was unstable',
  ABORTED: 'was aborted',
  NOT_BUILT: 'was not built',
};

/** `41 s`, `3 min 4 s`, `1 h 2 min`: a duration in a sentence. */
function spokenDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  }
  return minutes % 60
    ? `${Math.floor(minutes / 60)} h ${minutes % 60} min`
    : `${Math.floor(minutes / 60)} h`;
}

/** What became of the started build: `succeeded in 41 s`, `running`. */
function buildOutcome(build: NonNullable<AuditEntry['build']>): string {
  if (!build.result) {
    return 'running';
  }
  return build.durationMs === undefined
    ? RESULTS[build.result]
    : `${RESULTS[build.result]} in ${spokenDuration(build.durationMs)}`;
}

/**
 * The build a run or rebuild started, when Jenkins told of it; it proves
 * the run happened even when Jenkins' answer to it was lost.
 */
function startedBuild(entry: AuditEntry): AuditEntry['build'] {
  return entry.decision === 'allow' &&
    ['success', 'unknown', 'pending'].includes(entry.outcome)
    ? entry.build
    : undefined;
}

function actorName(userRef: string): string {
  try {
    return parseEntityRef(userRef).name;
  } catch {
    return userRef;
  }
}

/**
 * One line of activity in words: "jane ran payments/deploy #42", and once
 * the build finished "jane ran payments/deploy #42 — succeeded in 41 s".
 */
export function describeActivity(entry: AuditEntry): string {
  const who = actorName(entry.actor.userRef);
  const build = startedBuild(entry);
  const how = scriptWords(entry);
  if (build) {
    return `${who} ${VERBS[entry.action]} ${entry.jobFullName} #${
      build.number
    }${how} — ${buildOutcome(build)}`;
  }
  const what = `${entry.jobFullName}${
    entry.buildNumber !== null ? ` #${entry.buildNumber}` : ''
  }`;
  if (entry.decision === 'deny' || entry.outcome === 'denied') {
    return `${who} was denied: ${ATTEMPTS[entry.action]} ${what}`;
  }
  if (entry.outcome === 'failure') {
    return `${who} tried to ${ATTEMPTS[entry.action]} ${what}, but it failed`;
  }
  if (entry.outcome === 'unreachable') {
    return `${who} tried to ${
      ATTEMPTS[entry.action]
    } ${what}, but Jenkins could not be reached`;
  }
  if (entry.outcome === 'unknown') {
    return `${who} tried to ${
      ATTEMPTS[entry.action]
    } ${what}; Jenkins did not confirm whether it happened`;
  }
  if (entry.outcome === 'pending') {
    return `${who} is trying to ${ATTEMPTS[entry.action]} ${what}`;
  }
  return `${who} ${VERBS[entry.action]} ${what}${how}`;
}

/** How a replay ran: with the same script (a rerun) or an edited one. */
function scriptWords(entry: AuditEntry): string {
  if (entry.action !== 'replay' || !entry.script) {
    return '';
  }
  return entry.script.diff ? ' with an edited script' : ' with the same script';
}

/** The unified diff a replay ran with, behind a disclosure. */
const ScriptChanges = (props: { entry: AuditEntry }) => {
  const { script } = props.entry;
  if (!script?.diff) {
    return null;
  }
  return (
    <Box component="details" ml={7} mb={1} width="100%">
      <summary>
        <Typography variant="caption" component="span">
          Script changes (sha256 {script.sha256.slice(0, 12)}…)
        </Typography>
      </summary>
      <Box
        component="pre"
        m={0}
        p={1}
        bgcolor="background.default"
        aria-label={`Script changes of ${describeActivity(props.entry)}`}
        style={{ overflowX: 'auto', fontSize: 12 }}
      >
        {script.diff}
        {script.diffTruncated && '\n… (cut; the audit export has the rest)'}
      </Box>
    </Box>
  );
};

const OutcomeIcon = (props: { entry: AuditEntry }) => {
  const { entry } = props;
  const build = startedBuild(entry);
  if (build) {
    if (!build.result) {
      return <HourglassEmptyIcon titleAccess="Build running" />;
    }
    return build.result === 'SUCCESS' ? (
      <CheckIcon color="primary" titleAccess="Build succeeded" />
    ) : (
      <ErrorIcon color="error" titleAccess={`Build ${RESULTS[build.result]}`} />
    );
  }
  if (entry.decision === 'deny' || entry.outcome === 'denied') {
    return <BlockIcon color="error" titleAccess="Denied" />;
  }
  if (entry.outcome === 'failure' || entry.outcome === 'unreachable') {
    return <ErrorIcon color="error" titleAccess="Failed" />;
  }
  if (entry.outcome === 'unknown') {
    return <HelpOutlineIcon titleAccess="Outcome unknown" />;
  }
  if (entry.outcome === 'pending') {
    return <HourglassEmptyIcon titleAccess="Pending" />;
  }
  return <CheckIcon color="primary" titleAccess="Done" />;
};

/**
 * "Recent activity": who ran, approved, aborted what from Backstage, and
 * who was denied, from the backend's audit trail.
 */
export const ActivityList = (props: {
  entityRef: CompoundEntityRef;
  pageSize?: number;
  /** The first page when already at hand (the overview): not read again. */
  initialPage?: ActivityPage;
  /** Whether a build of the entity is live: new activity is likely, so refresh. */
  live?: boolean;
  /** Changes when any job's last build changed: there is new activity to read. */
  version?: string;
}) => {
  const { entityRef } = props;
  const pageSize = props.pageSize ?? 10;
  const api = useApi(jenkinsApiRef);
  const first = useRefreshableAsync(
    () => api.getActivity(entityRef, { limit: pageSize }),
    [api, entityRef, pageSize],
    props.initialPage,
  );
  // A build's transition is the outcome of a run someone started here.
  useJenkinsLiveUpdates(entityRef, {
    live: Boolean(props.live),
    refresh: first.refresh,
  });
  useRefreshOnChange(props.version, first.refresh);
  const [more, setMore] = useState<{
    items: AuditEntry[];
    nextCursor: string | null;
  }>();
  const [moreError, setMoreError] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);

  let body: React.ReactNode;
  if (first.error && !first.value) {
    body = (
      <JenkinsErrorPanel
        error={first.error}
        title="Could not load activity"
        onRetry={first.refresh}
      />
    );
  } else if (!first.value) {
    body = <LoadingRows rows={3} label="Loading activity" />;
  } else {
    const items = [...first.value.items, ...(more?.items ?? [])];
    const nextCursor = more ? more.nextCursor : first.value.nextCursor;
    body =
      items.length === 0 ? (
        <Typography color="textSecondary">
          No activity yet. Runs, rebuilds, aborts and approvals done from
          Backstage show here.
        </Typography>
      ) : (
        <>
          <List dense aria-label="Recent activity">
            {items.map(entry => (
              <ListItem key={entry.id} style={{ flexWrap: 'wrap' }}>
                <ListItemIcon>
                  <OutcomeIcon entry={entry} />
                </ListItemIcon>
                <ListItemText
                  secondaryTypographyProps={{
                    style: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
                  }}
                  primary={describeActivity(entry)}
                  secondary={[
                    formatRelativeTime(Date.parse(entry.time)),
                    entry.message,
                    entry.via === 'action' ? 'via automation' : undefined,
                    entry.via === 'template' ? 'via template' : undefined,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                />
                <ScriptChanges entry={entry} />
              </ListItem>
            ))}
          </List>
          {moreError && (
            <Typography color="error" variant="body2" role="alert">
              {moreError}
            </Typography>
          )}
          {nextCursor && (
            <Box textAlign="center">
              <Button
                size="small"
                disabled={loadingMore}
                onClick={async () => {
                  setLoadingMore(true);
                  try {
                    const page = await api.getActivity(entityRef, {
                      limit: pageSize,
                      cursor: nextCursor,
                    });
                    setMore(m => ({
                      items: [...(m?.items ?? []), ...page.items],
                      nextCursor: page.nextCursor,
                    }));
                    setMoreError(undefined);
                  } catch (e) {
                    setMoreError(errorMessage(e));
                  } finally {
                    setLoadingMore(false);
                  }
                }}
              >
                Show older activity
              </Button>
            </Box>
          )}
        </>
      );
  }
  return (
    <InfoCard titleTypographyProps={cardHeading} title="Recent activity">
      {body}
    </InfoCard>
  );
};
