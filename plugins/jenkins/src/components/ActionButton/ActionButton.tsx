import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import { ReactElement } from 'react';
import { Capability } from '@internal/plugin-jenkins-common';

/**
 * An icon button for an action the backend may not allow. When it is not
 * allowed the button stays visible but disabled, and its tooltip (reachable
 * by keyboard) says why.
 */
export const ActionButton = (props: {
  label: string;
  icon: ReactElement;
  capability?: Capability;
  onClick?: () => void;
  href?: string;
}) => {
  const { label, icon, capability, onClick, href } = props;
  if (capability && !capability.allowed) {
    const reason = capability.reason ?? 'You are not allowed to do this.';
    // aria-disabled rather than disabled: the button stays focusable, so
    // keyboard users reach the tooltip that says why.
    return (
      <Tooltip title={`${label}: ${reason}`}>
        <IconButton
          size="small"
          aria-label={`${label} (unavailable: ${reason})`}
          aria-disabled="true"
          style={{ opacity: 0.4, cursor: 'not-allowed' }}
          onClick={event => event.preventDefault()}
        >
          {icon}
        </IconButton>
      </Tooltip>
    );
  }
  return (
    <Tooltip title={label}>
      {href ? (
        <IconButton
          size="small"
          aria-label={label}
          href={href}
          target="_blank"
          rel="noopener noreferrer"
        >
          {icon}
        </IconButton>
      ) : (
        <IconButton size="small" aria-label={label} onClick={onClick}>
          {icon}
        </IconButton>
      )}
    </Tooltip>
  );
};
