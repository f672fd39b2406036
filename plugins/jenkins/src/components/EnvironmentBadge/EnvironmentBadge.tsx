import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';

const useStyles = makeStyles(theme => ({
  production: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText ?? theme.palette.common.black,
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

/** Whether an environment deserves a warning: production-like names. */
export function isProductionEnvironment(environment: string | null): boolean {
  return Boolean(environment && /^(prod|production|live)$/i.test(environment));
}

/** The environment of a job, with production in a warning colour and icon. */
export const EnvironmentBadge = (props: {
  environment: string | null;
  size?: 'small' | 'medium';
}) => {
  const classes = useStyles();
  if (!props.environment) {
    return null;
  }
  const production = isProductionEnvironment(props.environment);
  return (
    <Chip
      size={props.size ?? 'small'}
      label={props.environment}
      aria-label={`Environment: ${props.environment}`}
      icon={production ? <WarningIcon fontSize="small" /> : undefined}
      className={production ? classes.production : undefined}
      variant={production ? 'default' : 'outlined'}
    />
  );
};
