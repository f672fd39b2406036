import { CompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Link from '@material-ui/core/Link';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import { ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { BuildDetail } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { useJenkinsLiveUpdates } from '../../hooks/useJenkinsLiveUpdates';
import { useRefreshableAsync } from '../../hooks/useRefreshableAsync';
import { JobTarget, targetFullName, targetJobId } from '../../jobTarget';
import { BuildActions } from '../BuildActions';
import {
  BuildStatus,
  formatRelativeTime,
  formatTimestamp,
  isLiveStatus,
} from '../BuildStatus';
import { BuildDuration } from '../BuildsTable';
import {
  ErrorText,
  JenkinsErrorPanel,
  LoadingRows,
  errorMessage,
  cardHeading,
} from '../JenkinsStates';
import { PendingInputs } from '../PendingInputs';
import { PipelineActions } from '../PipelineActions';
import {
  BuildSection,
  BuildViewContext,
  LogSelection,
  Section,
} from './BuildSection';
import { defaultBuildSections } from './defaultBuildSections';

/** Counts the answers with news, so live sections know when to read again. */
function useVersion(value: BuildDetail | undefined): string {
  const count = useRef(0);
  const last = useRef(value);
  if (last.current !== value) {
    last.current = value;
    count.current++;
  }
  return String(count.current);
}

const SectionTabs = (props: {
  context: BuildViewContext;
  sections: BuildSection[];
  selected: string;
  onSelect: (id: string) => void;
}) => {
  const { context, sections, selected, onSelect } = props;
  const prefix = `jenkins-build-${context.build.number}`;
  // A tab visited once stays mounted (hidden), so coming back is instant.
  const [visited, setVisited] = useState(() => new Set([selected]));
  useEffect(() => {
    setVisited(v => (v.has(selected) ? v : new Set([...v, selected])));
  }, [selected]);
  return (
    <Box mt={2}>
      <Tabs
        value={selected}
        onChange={(_, id) => onSelect(id)}
        indicatorColor="primary"
        textColor="primary"
        variant="scrollable"
        scrollButtons="auto"
        aria-label={`Views of build ${context.build.number}`}
      >
        {sections.map(section => (
          <Tab
            key={section.id}
            value={section.id}
            id={`${prefix}-tab-${section.id}`}
            aria-controls={`${prefix}-panel-${section.id}`}
            label={section.title(context)}
          />
        ))}
      </Tabs>
      {sections.map(section => {
        const active = section.id === selected;
        return (
          <div
            key={section.id}
            role="tabpanel"
            id={`${prefix}-panel-${section.id}`}
            aria-labelledby={`${prefix}-tab-${section.id}`}
            hidden={!active}
          >
            {(active || visited.has(section.id)) && (
              <Box pt={2}>
                {section.jenkinsPath !== undefined && (
                  <Box display="flex" justifyContent="flex-end">
                    <Link
                      variant="body2"
                      href={`${context.build.url}${section.jenkinsPath}`}
                      target="_blank"
                      rel="noopener noreferrer"
                      style={{
                        display: 'inline-flex',
                        alignItems: 'center',
                        gap: 4,
                      }}
                    >
                      Open {section.title(context).replace(/ \(.*\)$/, '')} in
                      Jenkins
                      <OpenInNewIcon fontSize="inherit" aria-hidden />
                    </Link>
                  </Box>
                )}
                {section.render(context)}
              </Box>
            )}
          </div>
        );
      })}
    </Box>
  );
};

/**
 * One build: status and actions, pending approvals, then tabs a Jenkins
 * user knows — Pipeline (stage graph, steps, logs), Changes, Tests,
 * Artifacts, Parameters and cause — refreshing while it runs. The tabs are
 * `sections` (by default {@link defaultBuildSections}).
 */
export const BuildView = (props: {
  entityRef: CompoundEntityRef;
  target: JobTarget;
  buildNumber: number;
  onBack: () => void;
  onOpenBuild: (jobId: string, buildNumber: number) => void;
  sections?: BuildSection[];
}) => {
  const { entityRef, target, buildNumber, onBack, onOpenBuild } = props;
  const api = useApi(jenkinsApiRef);
  const jobId = targetJobId(target);
  const build = useRefreshableAsync(
    () => api.getBuild(entityRef, jobId, buildNumber),
    [api, entityRef, jobId, buildNumber],
  );
  const version = useVersion(build.value);
  const live = Boolean(build.value && isLiveStatus(build.value.status));
  const [tab, setTab] = useState('pipeline');
  const [logSelection, setLogSelection] = useState<LogSelection>();
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

  const context: BuildViewContext | undefined = useMemo(
    () =>
      build.value && {
        entityRef,
        target,
        jobId,
        build: build.value,
        version,
        isPipeline:
          target.job.kind === 'pipeline' || target.job.kind === 'multibranch',
        onOpenBuild,
        refresh: build.refresh,
        logSelection,
        showLog: (selection?: LogSelection) => {
          setLogSelection(selection);
          setTab('pipeline');
        },
      },
    [
      entityRef,
      target,
      jobId,
      build.value,
      build.refresh,
      version,
      onOpenBuild,
      logSelection,
    ],
  );

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
  if (!build.value || !context) {
    return region(
      <InfoCard titleTypographyProps={cardHeading} title={title} action={back}>
        <LoadingRows rows={6} label={`Loading build #${buildNumber}`} />
      </InfoCard>,
    );
  }
  const b = build.value;
  const sections = (props.sections ?? defaultBuildSections).filter(
    s => !s.applies || s.applies(context),
  );
  const selected = sections.some(s => s.id === tab) ? tab : sections[0]?.id;
  return region(
    <InfoCard
      titleTypographyProps={cardHeading}
      title={title}
      subheader={b.description ?? undefined}
      action={back}
    >
      {build.error && (
        <ErrorText>Live update failed: {errorMessage(build.error)}</ErrorText>
      )}
      <Grid container spacing={2} alignItems="center">
        <Grid item>
          <BuildStatus status={b.status} />
        </Grid>
        <Grid item>
          <Typography variant="body2" title={formatTimestamp(b.startedAt)}>
            Started {formatRelativeTime(b.startedAt)}
            {b.causes.length > 0 && ` · ${b.causes[0].description}`}
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
      <Box mt={1}>
        <PipelineActions context={context} />
      </Box>
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
      {selected && (
        <SectionTabs
          context={context}
          sections={sections}
          selected={selected}
          onSelect={setTab}
        />
      )}
    </InfoCard>,
  );
};
