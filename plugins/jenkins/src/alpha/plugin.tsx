import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { jenkinsApiRef, JenkinsClient } from '../api';
import { isJenkinsAvailable } from '../conditions';

/** The Jenkins API client. @alpha */
export const jenkinsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: jenkinsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new JenkinsClient({ discoveryApi, fetchApi }),
    }),
});

/** The Jenkins entity tab, on entities with the annotation only. @alpha */
export const jenkinsEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'jenkins',
    title: 'Jenkins',
    filter: isJenkinsAvailable,
    loader: () =>
      import('../components/JenkinsContent').then(m => <m.JenkinsContent />),
  },
});

/** The latest build card. @alpha */
export const jenkinsLatestBuildCard = EntityCardBlueprint.make({
  name: 'latest-build',
  params: {
    filter: isJenkinsAvailable,
    loader: () =>
      import('../components/LatestBuildCard').then(m => <m.LatestBuildCard />),
  },
});

/** The pending approvals card. @alpha */
export const jenkinsPendingApprovalsCard = EntityCardBlueprint.make({
  name: 'pending-approvals',
  params: {
    filter: isJenkinsAvailable,
    loader: () =>
      import('../components/PendingApprovalsCard').then(m => (
        <m.PendingApprovalsCard />
      )),
  },
});

/**
 * The Jenkins plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'jenkins',
  info: { packageJson: () => import('../../package.json') },
  extensions: [
    jenkinsApi,
    jenkinsEntityContent,
    jenkinsLatestBuildCard,
    jenkinsPendingApprovalsCard,
  ],
});
