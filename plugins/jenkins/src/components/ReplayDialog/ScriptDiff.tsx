import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Fragment, useMemo } from 'react';
import { DiffLine, diffHunks, diffSummary, lineDiff } from './lineDiff';

const useStyles = makeStyles(theme => {
  const dark = theme.palette.type === 'dark';
  return {
    table: {
      width: '100%',
      borderCollapse: 'collapse',
      fontFamily: 'monospace',
      fontSize: theme.typography.pxToRem(12),
    },
    number: {
      width: '3.5em',
      textAlign: 'right',
      paddingRight: theme.spacing(1),
      // Darker than text.secondary: it must read on the tinted rows too.
      color: dark ? '#e0e0e0' : '#424242',
      verticalAlign: 'top',
      userSelect: 'none',
    },
    sign: { width: '1.5em', textAlign: 'center', verticalAlign: 'top' },
    text: { whiteSpace: 'pre-wrap', wordBreak: 'break-all' },
    // Colour helps, the +/− sign and the words say it.
    added: { background: dark ? '#1b3d20' : '#e6ffec' },
    removed: { background: dark ? '#4a1c1c' : '#ffebe9' },
    gap: {
      color: theme.palette.text.secondary,
      padding: theme.spacing(0.5, 1),
    },
  };
});

const SIGN = { same: ' ', added: '+', removed: '−' } as const;
const WORD = { same: 'unchanged', added: 'added', removed: 'removed' } as const;

const Row = (props: { line: DiffLine }) => {
  const classes = useStyles();
  const { line } = props;
  return (
    <tr className={line.kind === 'same' ? undefined : classes[line.kind]}>
      <td className={classes.number}>
        {line.kind !== 'added' ? line.oldLine : ''}
      </td>
      <td className={classes.number}>
        {line.kind !== 'removed' ? line.newLine : ''}
      </td>
      <td className={classes.sign}>
        <span aria-hidden>{SIGN[line.kind]}</span>
        <span
          style={{
            position: 'absolute',
            width: 1,
            height: 1,
            overflow: 'hidden',
            clip: 'rect(0 0 0 0)',
          }}
        >
          {WORD[line.kind]}
        </span>
      </td>
      <td className={classes.text}>{line.text}</td>
    </tr>
  );
};

/**
 * The edited script against the original, as `diff -u` shows it: changed
 * lines with three lines of context, each marked + or − (and, for screen
 * readers, "added" or "removed"), with the line numbers of both sides.
 */
export const ScriptDiff = (props: {
  original: string;
  edited: string;
  name: string;
}) => {
  const classes = useStyles();
  const lines = useMemo(
    () => lineDiff(props.original, props.edited),
    [props.original, props.edited],
  );
  const hunks = diffHunks(lines);
  const summary = diffSummary(lines);
  return (
    <Box component="section" aria-label={`Changes to ${props.name}`}>
      <Typography variant="subtitle2" component="h3" role="status">
        Changes to {props.name}: {summary}
      </Typography>
      {hunks.length > 0 && (
        <Box
          border={1}
          borderColor="divider"
          borderRadius={4}
          mt={1}
          style={{ overflowX: 'auto' }}
        >
          <table className={classes.table} aria-label={`Diff of ${props.name}`}>
            <thead>
              <tr>
                <th className={classes.number} scope="col">
                  Old
                </th>
                <th className={classes.number} scope="col">
                  New
                </th>
                <th className={classes.sign} scope="col">
                  <span aria-hidden>±</span>
                  <span
                    style={{
                      position: 'absolute',
                      width: 1,
                      height: 1,
                      overflow: 'hidden',
                      clip: 'rect(0 0 0 0)',
                    }}
                  >
                    Change
                  </span>
                </th>
                <th scope="col" style={{ textAlign: 'left' }}>
                  Line
                </th>
              </tr>
            </thead>
            <tbody>
              {hunks.map((hunk, i) => (
                <Fragment key={i}>
                  {i > 0 && (
                    <tr>
                      <td colSpan={4} className={classes.gap}>
                        ⋯
                      </td>
                    </tr>
                  )}
                  {hunk.lines.map((line, j) => (
                    <Row key={j} line={line} />
                  ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </Box>
      )}
    </Box>
  );
};
