import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { jenkinsApiRef, JenkinsClient } from './api';

/** The route of the entity Jenkins tab. @public */
export const rootRouteRef = createRouteRef({ id: 'jenkins' });

/**
 * The Jenkins frontend plugin for legacy Backstage apps.
 *
 * @public
 */
export const jenkinsPlugin = createPlugin({
  id: 'jenkins',
  apis: [
    createApiFactory({
      api: jenkinsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new JenkinsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The Jenkins tab for an entity page: jobs, builds, build view with stages,
 * tests, log and approvals, trend and recent activity.
 *
 * @public
 */
export const EntityJenkinsContent = jenkinsPlugin.provide(
  createRoutableExtension({
    name: 'EntityJenkinsContent',
    component: () =>
      import('./components/JenkinsContent').then(m => m.JenkinsContent),
    mountPoint: rootRouteRef,
  }),
);

/**
 * A card with the latest build of each of the entity's jobs.
 *
 * @public
 */
export const EntityJenkinsLatestBuildCard = jenkinsPlugin.provide(
  createComponentExtension({
    name: 'EntityJenkinsLatestBuildCard',
    component: {
      lazy: () =>
        import('./components/LatestBuildCard').then(m => m.LatestBuildCard),
    },
  }),
);

/**
 * A card with the pipeline input steps waiting for an answer.
 *
 * @public
 */
export const EntityJenkinsPendingApprovalsCard = jenkinsPlugin.provide(
  createComponentExtension({
    name: 'EntityJenkinsPendingApprovalsCard',
    component: {
      lazy: () =>
        import('./components/PendingApprovalsCard').then(
          m => m.PendingApprovalsCard,
        ),
    },
  }),
);
