import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ChangeCommit } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { useRefreshableAsync } from '../../hooks/useRefreshableAsync';
import { formatRelativeTime, formatTimestamp } from '../BuildStatus';
import { JenkinsErrorPanel, LoadingRows } from '../JenkinsStates';
import { BuildViewContext } from './BuildSection';

const Author = (props: { commit: ChangeCommit }) => {
  const { author } = props.commit;
  if (author.userRef) {
    // Underlined: a link inside a line of text must not differ by colour alone.
    return (
      <EntityRefLink
        entityRef={author.userRef}
        title={author.name}
        underline="always"
      />
    );
  }
  return <span title={author.email ?? undefined}>{author.name}</span>;
};

const Commit = (props: { commit: ChangeCommit }) => {
  const { commit } = props;
  const [subject, ...body] = commit.message.split('\n');
  return (
    <Box component="li" py={1} style={{ listStyle: 'none' }}>
      <Typography variant="body2">
        <strong>{subject}</strong>
      </Typography>
      {body.join('\n').trim() && (
        <Typography
          variant="caption"
          component="p"
          style={{ whiteSpace: 'pre-wrap', margin: 0 }}
        >
          {body.join('\n').trim()}
        </Typography>
      )}
      <Typography variant="caption" color="textSecondary" component="div">
        <Author commit={commit} />
        {commit.timestamp !== null && (
          <span title={formatTimestamp(commit.timestamp)}>
            {' '}
            committed {formatRelativeTime(commit.timestamp)}
          </span>
        )}{' '}
        ·{' '}
        <span style={{ fontFamily: 'monospace' }} title={commit.id}>
          {commit.id.slice(0, 8)}
        </span>
      </Typography>
      {commit.paths.length > 0 && (
        <details>
          <summary>
            <Typography variant="caption" component="span">
              {commit.paths.length}{' '}
              {commit.paths.length === 1 ? 'file' : 'files'} changed
            </Typography>
          </summary>
          <Box component="ul" m={0} pl={3}>
            {commit.paths.map(p => (
              <li key={p.path}>
                <Typography
                  variant="caption"
                  style={{ fontFamily: 'monospace' }}
                >
                  {p.path}
                </Typography>
                {p.editType && (
                  <Typography variant="caption" color="textSecondary">
                    {' '}
                    ({p.editType})
                  </Typography>
                )}
              </li>
            ))}
          </Box>
        </details>
      )}
    </Box>
  );
};

/** The Changes tab: the commits the build picked up, authors linked to their catalog users. */
export const ChangesSection = (props: { context: BuildViewContext }) => {
  const { entityRef, jobId, build } = props.context;
  const api = useApi(jenkinsApiRef);
  const changes = useRefreshableAsync(
    () => api.getBuildChanges(entityRef, jobId, build.number),
    [api, entityRef, jobId, build.number],
  );
  if (changes.error && !changes.value) {
    return (
      <JenkinsErrorPanel
        error={changes.error}
        title="Could not load the changes"
        onRetry={changes.refresh}
      />
    );
  }
  if (!changes.value) {
    return <LoadingRows rows={3} label="Loading the changes" />;
  }
  const commits = changes.value.changeSets.flatMap(set => set.commits);
  if (commits.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No changes: this build ran the same commits as the build before it (or
        Jenkins recorded none, e.g. for a build started by hand).
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2">
        {commits.length} {commits.length === 1 ? 'commit' : 'commits'}
      </Typography>
      <Box component="ul" pl={0} m={0} aria-label="Commits">
        {commits.map(commit => (
          <Commit key={commit.id} commit={commit} />
        ))}
      </Box>
      {changes.value.truncated && (
        <Typography variant="caption" color="textSecondary">
          Older commits are left out; Jenkins lists them all.
        </Typography>
      )}
    </>
  );
};
