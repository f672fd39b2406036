import { CompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import LockIcon from '@material-ui/icons/Lock';
import { ReactNode, useEffect, useRef } from 'react';
import { BuildDetail } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { useJenkinsLiveUpdates } from '../../hooks/useJenkinsLiveUpdates';
import { useRefreshableAsync } from '../../hooks/useRefreshableAsync';
import { JobTarget, targetFullName, targetJobId } from '../../jobTarget';
import { BuildActions } from '../BuildActions';
import { BuildLog } from '../BuildLog';
import {
  BuildStatus,
  formatRelativeTime,
  formatTimestamp,
  isLiveStatus,
} from '../BuildStatus';
import { BuildDuration, testSummary } from '../BuildsTable';
import {
  JenkinsErrorPanel,
  LoadingRows,
  errorMessage,
  cardHeading,
} from '../JenkinsStates';
import { LogAccessHint } from '../LogAccessHint';
import { PendingInputs } from '../PendingInputs';
import { StageStrip } from '../StageStrip';

const Section = (props: { title: string; children: ReactNode }) => (
  <Box component="section" mt={3} aria-label={props.title}>
    <Typography variant="h6" component="h3" gutterBottom>
      {props.title}
    </Typography>
    {props.children}
  </Box>
);

const Parameters = (props: { build: BuildDetail }) => {
  if (props.build.parameters.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        This build ran without parameters.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Build parameters">
      <TableBody>
        {props.build.parameters.map(p => (
          <TableRow key={p.name}>
            <TableCell component="th" scope="row">
              {p.name}
            </TableCell>
            <TableCell>
              {p.masked ? (
                <Box
                  display="inline-flex"
                  alignItems="center"
                  style={{ gap: 4 }}
                >
                  <LockIcon fontSize="small" aria-hidden />
                  <span>•••••• (secret)</span>
                </Box>
              ) : (
                String(p.value ?? '—')
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const Tests = (props: { build: BuildDetail }) => {
  const { tests, failedTests, canReadLogs } = props.build;
  if (!tests) {
    return (
      <Typography variant="body2" color="textSecondary">
        No test results were recorded for this build.
      </Typography>
    );
  }
  return (
    <>
      <Typography>
        {tests.total} tests: {testSummary(tests)}
      </Typography>
      {failedTests.length > 0 && (
        <Box component="ul" aria-label="Failed tests" mt={1}>
          {failedTests.map(t => (
            <li key={`${t.className}.${t.name}`}>
              <Typography variant="body2">
                <strong>{t.name}</strong>{' '}
                <Typography
                  component="span"
                  variant="caption"
                  color="textSecondary"
                >
                  {t.className}
                </Typography>
              </Typography>
              {t.errorDetails && (
                <Typography
                  variant="caption"
                  color="error"
                  component="pre"
                  style={{ whiteSpace: 'pre-wrap' }}
                >
                  {t.errorDetails}
                </Typography>
              )}
              {!t.errorDetails && canReadLogs?.allowed === false && (
                <LogAccessHint reason={canReadLogs.reason} />
              )}
            </li>
          ))}
        </Box>
      )}
    </>
  );
};

/**
 * One build: its stages, parameters (secrets masked), causes, tests,
 * pending approvals and log, refreshing while it runs.
 */
export const BuildView = (props: {
  entityRef: CompoundEntityRef;
  target: JobTarget;
  buildNumber: number;
  onBack: () => void;
  onOpenBuild: (jobId: string, buildNumber: number) => void;
}) => {
  const { entityRef, target, buildNumber, onBack, onOpenBuild } = props;
  const api = useApi(jenkinsApiRef);
  const jobId = targetJobId(target);
  const build = useRefreshableAsync(
    () => api.getBuild(entityRef, jobId, buildNumber),
    [api, entityRef, jobId, buildNumber],
  );
  const live = Boolean(build.value && isLiveStatus(build.value.status));
  // The link that opened this view is gone: move focus here so keyboard and
  // screen reader users land on the build, not at the top of the page.
  const regionRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    regionRef.current?.focus();
  }, []);
  useJenkinsLiveUpdates(entityRef, {
    jobId,
    buildNumber,
    live,
    refresh: build.refresh,
    // A running build's stages and pending inputs change without a build
    // event (Jenkins notifies only queued, started, completed, finalized).
    pollWhileLive: true,
  });

  const back = (
    <Button startIcon={<ArrowBackIcon />} onClick={onBack} size="small">
      Back to builds
    </Button>
  );
  const title = `${targetFullName(target)} #${buildNumber}`;

  const region = (children: ReactNode) => (
    <div
      ref={regionRef}
      tabIndex={-1}
      role="region"
      aria-label={`Build ${buildNumber}`}
      style={{ outline: 'none' }}
    >
      {children}
    </div>
  );

  if (build.error && !build.value) {
    return region(
      <InfoCard titleTypographyProps={cardHeading} title={title} action={back}>
        <JenkinsErrorPanel
          error={build.error}
          onRetry={build.refresh}
          title={`Could not load build #${buildNumber}`}
        />
      </InfoCard>,
    );
  }
  if (!build.value) {
    return region(
      <InfoCard titleTypographyProps={cardHeading} title={title} action={back}>
        <LoadingRows rows={6} label={`Loading build #${buildNumber}`} />
      </InfoCard>,
    );
  }
  const b = build.value;
  return region(
    <InfoCard
      titleTypographyProps={cardHeading}
      title={title}
      subheader={b.description ?? undefined}
      action={back}
    >
      {build.error && (
        <Typography color="error" variant="body2" role="alert">
          Live update failed: {errorMessage(build.error)}
        </Typography>
      )}
      <Grid container spacing={2} alignItems="center">
        <Grid item>
          <BuildStatus status={b.status} />
        </Grid>
        <Grid item>
          <Typography variant="body2" title={formatTimestamp(b.startedAt)}>
            Started {formatRelativeTime(b.startedAt)}
          </Typography>
        </Grid>
        <Grid item>
          <BuildDuration build={b} />
        </Grid>
        {(b.branch || b.commit) && (
          <Grid item>
            <Typography variant="body2">
              {b.branch}
              {b.commit && (
                <span style={{ fontFamily: 'monospace' }} title={b.commit}>
                  {' '}
                  {b.commit.slice(0, 7)}
                </span>
              )}
            </Typography>
          </Grid>
        )}
        <Grid item>
          <BuildActions
            entityRef={entityRef}
            target={target}
            build={b}
            onOpenBuild={onOpenBuild}
            onChanged={build.refresh}
          />
        </Grid>
      </Grid>
      {b.pendingInputs.length > 0 && (
        <Section title="Waiting for approval">
          <PendingInputs
            entityRef={entityRef}
            jobId={jobId}
            buildNumber={b.number}
            inputs={b.pendingInputs}
            onAnswered={build.refresh}
          />
        </Section>
      )}
      <Section title="Stages">
        <StageStrip stages={b.stages} logAccess={b.canReadLogs} />
      </Section>
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          <Section title="Started by">
            {b.causes.length ? (
              <Box component="ul" pl={2} m={0}>
                {b.causes.map((c, i) => (
                  <li key={i}>
                    <Typography variant="body2">{c.description}</Typography>
                  </li>
                ))}
              </Box>
            ) : (
              <Typography variant="body2" color="textSecondary">
                Jenkins recorded no cause.
              </Typography>
            )}
          </Section>
          <Section title="Tests">
            <Tests build={b} />
          </Section>
        </Grid>
        <Grid item xs={12} md={6}>
          <Section title="Parameters">
            <Parameters build={b} />
          </Section>
        </Grid>
      </Grid>
      <Section title="Log">
        <BuildLog
          entityRef={entityRef}
          jobId={jobId}
          buildNumber={b.number}
          readLogs={target.job.capabilities.readLogs}
        />
      </Section>
    </InfoCard>,
  );
};
