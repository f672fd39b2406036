import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createWriteServices } from './services/createWriteServices';
import { registerJenkinsActions } from './actions';
import { scheduleKeyRotation } from './identity/scheduleKeyRotation';
import { createActionsRouter } from './http/writeRouter';
import { createJenkinsContext } from './services/JenkinsContext';
import { createRouter } from './http/readRouter';

/**
 * The Jenkins backend plugin: identity-aware, permission-checked and audited
 * access to Jenkins under `/api/jenkins`.
 *
 * @public
 */
export const jenkinsPlugin = createBackendPlugin({
  pluginId: 'jenkins',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        cache: coreServices.cache,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const context = await createJenkinsContext(deps);
        await scheduleKeyRotation({
          config: context.config,
          keys: context.keys,
          scheduler: deps.scheduler,
        });

        // Read API, health and JWKS.
        deps.httpRouter.use(
          await createRouter({ context, httpAuth: deps.httpAuth }),
        );
        // Write API (trigger, rebuild, abort, approve, activity, audit):
        // the second router, built on the same context.
        const write = await createWriteServices({
          context,
          config: deps.config,
          permissions: deps.permissions,
          scheduler: deps.scheduler,
        });
        deps.httpRouter.use(
          await createActionsRouter({
            context,
            httpAuth: deps.httpAuth,
            write,
          }),
        );
        // The same operations for automation (MCP), under the same policy.
        registerJenkinsActions({
          actionsRegistry: deps.actionsRegistry,
          context,
          write,
        });

        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        deps.httpRouter.addAuthPolicy({
          path: '/.well-known/jwks.json',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
