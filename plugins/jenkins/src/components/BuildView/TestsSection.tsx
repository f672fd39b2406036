import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import ErrorIcon from '@material-ui/icons/Error';
import { makeStyles } from '@material-ui/core/styles';
import { FailedTest } from '@internal/plugin-jenkins-common';
import { testSummary } from '../BuildsTable';
import { LogAccessHint } from '../LogAccessHint';
import { BuildViewContext, LogSelection } from './BuildSection';

/**
 * Where a failed test was recorded, when Jenkins says (junit's step and its
 * innermost stage or branch); otherwise the first failed stage.
 */
function logOf(test: FailedTest): LogSelection {
  const [stageId, ...orStageIds] = test.stageIds ?? [];
  if (stageId) {
    return { stageId, orStageIds, stepId: test.stepId ?? undefined };
  }
  return { firstFailure: true };
}

const useStyles = makeStyles(theme => ({
  error: {
    whiteSpace: 'pre-wrap',
    margin: '4px 0',
    // error.main is too light for small text on paper (WCAG AA 4.5:1).
    color:
      theme.palette.type === 'dark'
        ? theme.palette.error.light
        : theme.palette.error.dark,
  },
}));

function logWords(test: FailedTest): string {
  return test.stageIds?.length ? 'Step log' : 'Log of the failed stage';
}

/**
 * The Tests tab: the counts, then the failed tests first, each with its
 * error and a way to the log of the step (or failed stage) that ran it.
 */
export const TestsSection = (props: { context: BuildViewContext }) => {
  const { build, showLog, isPipeline } = props.context;
  const classes = useStyles();
  const { tests, canReadLogs, failedTests } = build;
  if (!tests && failedTests.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No test results were recorded for this build. Jenkins shows them when
        the pipeline publishes a report (for example with the <code>junit</code>{' '}
        step).
      </Typography>
    );
  }
  return (
    <>
      {tests && (
        <Typography>
          {tests.total} tests: {testSummary(tests)}
        </Typography>
      )}
      {failedTests.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No test failed.
        </Typography>
      ) : (
        <Box
          component="ul"
          aria-label="Failed tests"
          mt={1}
          pl={0}
          style={{ listStyle: 'none' }}
        >
          {failedTests.map(t => (
            <Box component="li" key={`${t.className}.${t.name}`} mb={1.5}>
              <Box display="flex" alignItems="center" style={{ gap: 6 }}>
                <ErrorIcon fontSize="small" color="error" aria-hidden />
                <Typography variant="body2">
                  <strong>{t.name}</strong>{' '}
                  <Typography
                    component="span"
                    variant="caption"
                    color="textSecondary"
                  >
                    {t.className}
                  </Typography>{' '}
                  <Typography component="span" variant="caption">
                    (failed)
                  </Typography>
                </Typography>
              </Box>
              {t.errorDetails && (
                <Typography
                  variant="caption"
                  component="pre"
                  className={classes.error}
                >
                  {t.errorDetails}
                </Typography>
              )}
              {!t.errorDetails && canReadLogs?.allowed === false && (
                <LogAccessHint reason={canReadLogs.reason} />
              )}
              {isPipeline && (
                <Button
                  size="small"
                  color="primary"
                  // The visible words start the name (WCAG 2.5.3).
                  aria-label={`${logWords(t)} of ${t.name}`}
                  onClick={() => showLog(logOf(t))}
                >
                  {logWords(t)}
                </Button>
              )}
            </Box>
          ))}
        </Box>
      )}
    </>
  );
};
