import { createFrontendPlugin } from '@backstage/frontend-plugin-api';

/**
 * The Jenkins plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'jenkins',
  extensions: [],
});
