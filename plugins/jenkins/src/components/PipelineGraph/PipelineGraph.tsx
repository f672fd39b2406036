import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import {
  Capability,
  GraphNodeState,
  GraphStage,
  Stage,
} from '@internal/plugin-jenkins-common';
import { useId } from 'react';
import { BuildStatus, formatDuration } from '../BuildStatus';
import { LogAccessHint } from '../LogAccessHint';
import { ARROW_TARGET, arrowKeyFocus } from './arrowKeyFocus';

/**
 * The words for a stage's or step's state where they differ from a
 * build's: none do today (Pipeline Graph View's `paused` is a node waiting
 * at an input step, as for a build), kept as the one place to say so.
 */
export function nodeStateLabel(_state: GraphNodeState): string | undefined {
  return undefined;
}

/** The flat stages of a build's summary as graph stages (no nesting known). */
export function stagesAsGraph(stages: Stage[]): GraphStage[] {
  return stages.map(stage => ({
    id: stage.id,
    name: stage.name,
    type: 'stage',
    state: stage.status === 'not_executed' ? 'not_built' : stage.status,
    startedAt: stage.startedAt,
    durationMs: stage.durationMs,
    pauseDurationMs: null,
    agent: null,
    waitingReason: null,
    error: stage.error,
    children: [],
  }));
}

/** The stages without children of a graph, in order: where work happened. */
export function leafStages(stages: GraphStage[]): GraphStage[] {
  return stages.flatMap(stage =>
    stage.children.length ? leafStages(stage.children) : [stage],
  );
}

/** Finds a stage or branch of the graph by its id. */
export function findStage(
  stages: GraphStage[],
  id: string,
): GraphStage | undefined {
  for (const stage of stages) {
    if (stage.id === id) {
      return stage;
    }
    const inside = findStage(stage.children, id);
    if (inside) {
      return inside;
    }
  }
  return undefined;
}

/** The first stage (deepest first) that failed: the one to look at. */
export function firstFailedStage(stages: GraphStage[]): GraphStage | undefined {
  return (
    leafStages(stages).find(s => s.state === 'failure') ??
    leafStages(stages).find(s => s.state === 'unstable')
  );
}

const stateColour = (theme: Theme, state: GraphNodeState): string => {
  switch (state) {
    case 'success':
      return theme.palette.success.main;
    case 'failure':
      return theme.palette.error.main;
    case 'unstable':
      return theme.palette.warning.main;
    case 'running':
    case 'queued':
    case 'paused':
      return theme.palette.info.main;
    default:
      return theme.palette.grey[500];
  }
};

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(3),
    overflowX: 'auto',
    padding: theme.spacing(0.5, 0, 1),
    margin: 0,
    listStyle: 'none',
  },
  column: {
    position: 'relative',
    flex: '0 0 auto',
    // The line between two stages: drawing only, the list says the order.
    '& + &::before': {
      content: '""',
      position: 'absolute',
      top: 28,
      left: -theme.spacing(3),
      width: theme.spacing(3),
      borderTop: `2px solid ${theme.palette.divider}`,
    },
  },
  branches: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    margin: theme.spacing(1, 0, 0, 2),
    padding: theme.spacing(0, 0, 0, 1.5),
    listStyle: 'none',
    borderLeft: `2px solid ${theme.palette.divider}`,
  },
  card: {
    minWidth: 150,
    maxWidth: 280,
    padding: theme.spacing(1),
    cursor: 'pointer',
    borderLeftWidth: 4,
  },
  selected: {
    outline: `2px solid ${theme.palette.primary.main}`,
    outlineOffset: 1,
  },
  name: {
    fontWeight: theme.typography.fontWeightBold as number,
    wordBreak: 'break-word',
  },
  waiting: {
    display: 'flex',
    alignItems: 'center',
    gap: 4,
  },
  error: {
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    // error.main is too light for small text on paper (WCAG AA 4.5:1).
    color:
      theme.palette.type === 'dark'
        ? theme.palette.error.light
        : theme.palette.error.dark,
  },
}));

function stageWord(stage: GraphStage): string {
  return stage.type === 'parallel' ? 'branch' : 'stage';
}

const StageCard = (props: {
  stage: GraphStage;
  /** Describes the card's button (the keyboard hint, on the first stage). */
  describedBy?: string;
  selectedId?: string;
  onSelect: (stage: GraphStage) => void;
  logAccess?: Capability;
}) => {
  const { stage, selectedId, onSelect, logAccess, describedBy } = props;
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const selected = stage.id === selectedId;
  const failed = stage.state === 'failure' || stage.state === 'unstable';
  return (
    <Paper
      variant="outlined"
      className={`${classes.card} ${selected ? classes.selected : ''}`}
      style={{ borderLeftColor: stateColour(theme, stage.state) }}
      // The card is a large click target for pointers; the button below is
      // the same action for keyboards and screen readers.
      onClick={() => onSelect(stage)}
    >
      <Typography variant="body2" component="h4" className={classes.name}>
        {stage.name}
      </Typography>
      <BuildStatus status={stage.state} label={nodeStateLabel(stage.state)} />
      <Typography variant="caption" color="textSecondary" component="div">
        {[
          stage.durationMs !== null ? formatDuration(stage.durationMs) : null,
          stage.type === 'parallel' ? 'parallel branch' : null,
          stage.agent ? `on ${stage.agent}` : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography>
      {stage.waitingReason && (
        <Typography
          variant="caption"
          component="div"
          className={classes.waiting}
        >
          <HourglassEmptyIcon fontSize="inherit" aria-hidden />
          {stage.waitingReason}
        </Typography>
      )}
      {stage.error && (
        <Typography variant="caption" component="div" className={classes.error}>
          {stage.error}
        </Typography>
      )}
      {!stage.error && failed && logAccess?.allowed === false && (
        <LogAccessHint reason={logAccess.reason} />
      )}
      <Button
        size="small"
        color="primary"
        aria-current={selected ? 'true' : undefined}
        aria-label={`Steps and log of ${stageWord(stage)} ${stage.name}`}
        aria-describedby={describedBy}
        {...{ [ARROW_TARGET]: '' }}
        onClick={event => {
          event.stopPropagation();
          onSelect(stage);
        }}
      >
        Steps and log
      </Button>
    </Paper>
  );
};

const StageList = (props: {
  stages: GraphStage[];
  label: string;
  /** The id of the text that tells how to move with the keys: the first stage's button is described by it. */
  describedBy?: string;
  vertical?: boolean;
  selectedId?: string;
  onSelect: (stage: GraphStage) => void;
  logAccess?: Capability;
}) => {
  const classes = useStyles();
  const { stages, label, vertical, describedBy, ...rest } = props;
  return (
    <Box
      component={vertical ? 'ul' : 'ol'}
      className={vertical ? classes.branches : classes.row}
      aria-label={label}
    >
      {stages.map((stage, index) => (
        <li key={stage.id} className={vertical ? undefined : classes.column}>
          <StageCard
            stage={stage}
            describedBy={index === 0 ? describedBy : undefined}
            {...rest}
          />
          {stage.children.length > 0 && (
            <StageList
              {...rest}
              stages={stage.children}
              vertical={stage.children.some(c => c.type === 'parallel')}
              label={
                stage.children.some(c => c.type === 'parallel')
                  ? `Parallel branches of ${stage.name}`
                  : `Stages of ${stageWord(stage)} ${stage.name}`
              }
            />
          )}
        </li>
      ))}
    </Box>
  );
};

/**
 * The pipeline's stages as Jenkins' Pipeline Graph View draws them: stages
 * left to right, the branches of a parallel block stacked under their
 * stage, nested stages inside. The drawing is itself nested lists, so a
 * screen reader reads the order and nesting, and each stage's "Steps and
 * log" button is reached with Tab, or with the arrow keys in reading order. Status is an icon and words, never
 * colour alone.
 */
export const PipelineGraph = (props: {
  stages: GraphStage[];
  selectedId?: string;
  onSelect: (stage: GraphStage) => void;
  /** Without log access, a failed stage says that access would show its error. */
  logAccess?: Capability;
}) => {
  const keysHintId = useId();
  if (props.stages.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        This build has no pipeline stages.
      </Typography>
    );
  }
  return (
    // Delegates arrow keys to the stage buttons inside, which are what gets
    // the focus; the container itself is never focused or clicked.
    // eslint-disable-next-line jsx-a11y/no-static-element-interactions
    <div onKeyDown={arrowKeyFocus}>
      <Typography
        id={keysHintId}
        variant="caption"
        color="textSecondary"
        component="p"
      >
        Arrow keys move between stages; Home and End go to the first and last.
      </Typography>
      <StageList {...props} label="Pipeline stages" describedBy={keysHintId} />
    </div>
  );
};
