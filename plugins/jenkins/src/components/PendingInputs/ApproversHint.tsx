import Typography from '@material-ui/core/Typography';
import { PendingInput } from '@internal/plugin-jenkins-common';

function nameOf(ref: string): string {
  return ref.replace(/^[^:]+:(default\/)?/, '');
}

/**
 * Whom to ask when the caller may not answer an input step: the people
 * who may (the approver groups' members, without the caller and the
 * person who started the build), else the groups.
 */
export const ApproversHint = (props: { input: PendingInput }) => {
  const approvers = props.input.approvers;
  if (!approvers || (!approvers.people.length && !approvers.groups.length)) {
    return null;
  }
  const groups = approvers.groups.map(nameOf).join(', ');
  const text = approvers.people.length
    ? `Ask ${approvers.people.map(nameOf).join(', ')}${
        groups ? ` (${groups})` : ''
      } to approve it.`
    : `Ask a member of ${groups} to approve it.`;
  return (
    <Typography variant="caption" component="p" color="textSecondary">
      {text}
    </Typography>
  );
};
