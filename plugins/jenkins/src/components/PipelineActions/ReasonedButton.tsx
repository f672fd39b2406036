import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { ReactElement } from 'react';

/**
 * A labelled action button that, when the action is not possible, stays
 * visible, disabled, with the reason written under it (and tied to it for
 * screen readers), as the Run pipeline button does.
 */
export const ReasonedButton = (props: {
  id: string;
  label: string;
  icon: ReactElement;
  /** Why it cannot be done; undefined when it can. */
  reason?: string;
  busy?: boolean;
  onClick: () => void;
}) => {
  const { id, label, icon, reason, busy, onClick } = props;
  const reasonId = `${id}-reason`;
  return (
    <Box
      display="flex"
      flexDirection="column"
      alignItems="flex-start"
      maxWidth={320}
    >
      <Button
        variant="outlined"
        size="small"
        startIcon={icon}
        disabled={Boolean(reason) || busy}
        aria-describedby={reason ? reasonId : undefined}
        onClick={onClick}
      >
        {label}
      </Button>
      {reason && (
        <Typography id={reasonId} variant="caption" color="textSecondary">
          {reason}
        </Typography>
      )}
    </Box>
  );
};
