import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Stage } from '@internal/plugin-jenkins-common';
import { BuildStatus, formatDuration } from '../BuildStatus';
import { LogAccessHint } from '../LogAccessHint';

const useStyles = makeStyles(theme => ({
  strip: {
    display: 'flex',
    gap: theme.spacing(1),
    overflowX: 'auto',
    padding: 0,
    margin: 0,
    listStyle: 'none',
  },
  stage: {
    minWidth: 140,
    padding: theme.spacing(1),
    borderTop: `4px solid ${theme.palette.divider}`,
  },
  success: { borderTopColor: theme.palette.success.main },
  failure: { borderTopColor: theme.palette.error.main },
  unstable: { borderTopColor: theme.palette.warning.main },
  running: { borderTopColor: theme.palette.info.main },
  paused: { borderTopColor: theme.palette.info.light },
  aborted: { borderTopColor: theme.palette.grey[500] },
  not_executed: { borderTopColor: theme.palette.grey[300] },
}));

/**
 * The pipeline's stages in order, each with its status (icon and words) and
 * time. A stage's error is log text: without `logAccess`, a failed stage
 * says that log access would show it.
 */
export const StageStrip = (props: {
  stages: Stage[];
  logAccess?: { allowed: boolean; reason?: string };
}) => {
  const logsHidden = props.logAccess?.allowed === false;
  const classes = useStyles();
  if (props.stages.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        This build has no pipeline stages.
      </Typography>
    );
  }
  return (
    <Box component="ol" className={classes.strip} aria-label="Pipeline stages">
      {props.stages.map(stage => (
        <Paper
          component="li"
          key={stage.id}
          variant="outlined"
          className={`${classes.stage} ${classes[stage.status]}`}
        >
          <Typography variant="subtitle2">{stage.name}</Typography>
          <BuildStatus status={stage.status} />
          <Typography variant="caption" color="textSecondary" component="div">
            {formatDuration(stage.durationMs)}
          </Typography>
          {stage.error && (
            <Typography variant="caption" color="error" component="div">
              {stage.error}
            </Typography>
          )}
          {!stage.error &&
            logsHidden &&
            (stage.status === 'failure' || stage.status === 'unstable') && (
              <LogAccessHint reason={props.logAccess?.reason} />
            )}
        </Paper>
      ))}
    </Box>
  );
};
