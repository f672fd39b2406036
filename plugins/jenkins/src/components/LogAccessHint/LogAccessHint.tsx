import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import LockIcon from '@material-ui/icons/Lock';

/**
 * Stands where log text (a failed test's error details, a stage's error)
 * would be for someone who may read the build but not its log: neutral,
 * saying what access would show it, with the policy's reason on hover.
 */
export const LogAccessHint = (props: { reason?: string }) => (
  <Typography
    variant="caption"
    color="textSecondary"
    component="div"
    title={props.reason}
  >
    <Box
      component="span"
      display="inline-flex"
      alignItems="center"
      style={{ gap: 4 }}
    >
      <LockIcon fontSize="inherit" aria-hidden />
      Log access required
    </Box>
  </Typography>
);
