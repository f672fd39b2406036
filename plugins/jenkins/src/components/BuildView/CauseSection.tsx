import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import AccountTreeIcon from '@material-ui/icons/AccountTree';
import CallSplitIcon from '@material-ui/icons/CallSplit';
import CodeIcon from '@material-ui/icons/Code';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import LockIcon from '@material-ui/icons/Lock';
import PersonIcon from '@material-ui/icons/Person';
import PublicIcon from '@material-ui/icons/Public';
import ReplayIcon from '@material-ui/icons/Replay';
import ScheduleIcon from '@material-ui/icons/Schedule';
import SkipNextIcon from '@material-ui/icons/SkipNext';
import { ReactElement } from 'react';
import { BuildCauseDetail, BuildDetail } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { useRefreshableAsync } from '../../hooks/useRefreshableAsync';
import { JenkinsErrorPanel } from '../JenkinsStates';
import { BuildViewContext, Section, jenkinsRoot } from './BuildSection';

const ICONS: Record<BuildCauseDetail['kind'], ReactElement> = {
  user: <PersonIcon fontSize="small" aria-hidden />,
  upstream: <AccountTreeIcon fontSize="small" aria-hidden />,
  timer: <ScheduleIcon fontSize="small" aria-hidden />,
  scm: <CodeIcon fontSize="small" aria-hidden />,
  branch: <CallSplitIcon fontSize="small" aria-hidden />,
  remote: <PublicIcon fontSize="small" aria-hidden />,
  restart: <SkipNextIcon fontSize="small" aria-hidden />,
  replay: <ReplayIcon fontSize="small" aria-hidden />,
  other: <HelpOutlineIcon fontSize="small" aria-hidden />,
};

/** The kind of a cause in words, so the icon is never the only clue. */
const KINDS: Record<BuildCauseDetail['kind'], string> = {
  user: 'Person',
  upstream: 'Upstream build',
  timer: 'Timer',
  scm: 'SCM change',
  branch: 'Branch event',
  remote: 'Remote call',
  restart: 'Restart',
  replay: 'Replay',
  other: 'Other',
};

const OriginLink = (props: {
  context: BuildViewContext;
  buildNumber: number;
}) => (
  <Link
    component="button"
    underline="always"
    variant="body2"
    onClick={() =>
      props.context.onOpenBuild(props.context.jobId, props.buildNumber)
    }
  >
    Open build #{props.buildNumber}
  </Link>
);

const CauseList = (props: {
  context: BuildViewContext;
  causes: BuildCauseDetail[];
  label: string;
}) => {
  const { context, causes, label } = props;
  return (
    <Box
      component="ul"
      pl={0}
      m={0}
      aria-label={label}
      style={{ listStyle: 'none' }}
    >
      {causes.map((cause, i) => (
        <Box component="li" key={i} py={0.5}>
          <Box
            display="flex"
            alignItems="center"
            flexWrap="wrap"
            style={{ gap: 6 }}
          >
            {ICONS[cause.kind]}
            <Typography variant="caption" color="textSecondary">
              {KINDS[cause.kind]}:
            </Typography>
            <Typography variant="body2">{cause.description}</Typography>
            {(cause.kind === 'restart' || cause.kind === 'replay') &&
              cause.originBuild !== null && (
                <OriginLink context={context} buildNumber={cause.originBuild} />
              )}
            {cause.kind === 'upstream' && cause.url && (
              <Link
                underline="always"
                variant="body2"
                href={`${jenkinsRoot(context.target.job.url)}${cause.url}`}
                target="_blank"
                rel="noopener noreferrer"
              >
                Open {cause.project ?? 'the upstream build'}
                {cause.build !== null ? ` #${cause.build}` : ''} in Jenkins
              </Link>
            )}
          </Box>
          {cause.kind === 'upstream' && cause.causes.length > 0 && (
            <Box pl={3}>
              <CauseList
                context={context}
                causes={cause.causes}
                label={`What started ${cause.project ?? 'the upstream build'}${
                  cause.build !== null ? ` #${cause.build}` : ''
                }`}
              />
            </Box>
          )}
        </Box>
      ))}
    </Box>
  );
};

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

/** A cause of the build summary as a cause of the chain, with what it lacks unknown. */
function summaryCause(cause: BuildDetail['causes'][number]): BuildCauseDetail {
  const { description } = cause;
  switch (cause.kind) {
    case 'user':
      return {
        kind: 'user',
        description,
        userId: cause.userId,
        userName: cause.userName,
      };
    case 'upstream':
      return {
        kind: 'upstream',
        description,
        project: null,
        build: null,
        url: null,
        causes: [],
      };
    case 'remote':
      return { kind: 'remote', description, address: null, note: null };
    case 'timer':
    case 'scm':
    case 'branch':
      return { kind: cause.kind, description };
    default:
      return { kind: 'other', description, jenkinsClass: null };
  }
}

/**
 * The Parameters and cause tab: the cause chain (upstream builds with what
 * started them, timer, SCM, person, restart from a stage, replay) and the
 * parameters, secrets masked.
 */
export const CauseSection = (props: { context: BuildViewContext }) => {
  const { context } = props;
  const { entityRef, jobId, build } = context;
  const api = useApi(jenkinsApiRef);
  const causes = useRefreshableAsync(
    () => api.getBuildCauses(entityRef, jobId, build.number),
    [api, entityRef, jobId, build.number],
  );
  // The build summary's causes stand in until (or when) the chain cannot be read.
  const shown: BuildCauseDetail[] =
    causes.value?.causes ?? build.causes.map(summaryCause);
  return (
    <>
      <Section title="Started by">
        {causes.error && !causes.value && (
          <Box mb={1}>
            <JenkinsErrorPanel
              error={causes.error}
              title="Could not load the cause chain; showing the causes Jenkins summarised"
              onRetry={causes.refresh}
            />
          </Box>
        )}
        {shown.length ? (
          <CauseList context={context} causes={shown} label="Causes" />
        ) : (
          <Typography variant="body2" color="textSecondary">
            Jenkins recorded no cause.
          </Typography>
        )}
      </Section>
      <Section title="Parameters">
        <Parameters build={build} />
      </Section>
    </>
  );
};
