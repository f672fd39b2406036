import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/** Placeholder for the Jenkins tab until the real views land. */
export const JenkinsPlaceholder = () => (
  <InfoCard title="Jenkins">
    <Typography>Jenkins builds for this entity will appear here.</Typography>
  </InfoCard>
);
