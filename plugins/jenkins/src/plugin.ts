import {
  createPlugin,
  createRoutableExtension,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** The route of the entity Jenkins tab. @public */
export const rootRouteRef = createRouteRef({ id: 'jenkins' });

/**
 * The Jenkins frontend plugin for legacy Backstage apps.
 *
 * @public
 */
export const jenkinsPlugin = createPlugin({
  id: 'jenkins',
  routes: { root: rootRouteRef },
});

/** The Jenkins tab for an entity page. @public */
export const EntityJenkinsContent = jenkinsPlugin.provide(
  createRoutableExtension({
    name: 'EntityJenkinsContent',
    component: () =>
      import('./components/JenkinsPlaceholder').then(m => m.JenkinsPlaceholder),
    mountPoint: rootRouteRef,
  }),
);
