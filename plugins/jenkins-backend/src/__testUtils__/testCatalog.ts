import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { DemoWorld } from '@internal/jenkins-demo-world';
import express from 'express';
import Router from 'express-promise-router';

/**
 * A `catalog` plugin that answers the catalog REST API from a demo world.
 * The Jenkins plugin reaches it the production way: the default
 * `catalogServiceRef` (a real `CatalogClient` building the URLs) with an
 * on-behalf-of token, over HTTP, through discovery. So a URL the client
 * builds wrongly, or a name the HTTP layer normalises (`..`, `%2F`), shows in
 * tests. Only the endpoints the plugin uses are served; any other answers 501
 * so that a new catalog call fails loudly instead of seeing "not found".
 * Test support only.
 */
export function testCatalogPlugin(options: {
  world: DemoWorld;
  /** Entity refs each user cannot see, as a catalog permission policy would hide them. */
  hiddenFrom?: Record<string, string[]>;
  /** Receives `METHOD /path` of every request the catalog gets. */
  requests: string[];
}) {
  const hidden = new Map(
    Object.entries(options.hiddenFrom ?? {}).map(([user, refs]) => [
      user.toLocaleLowerCase('en-US'),
      new Set(refs.map(ref => ref.toLocaleLowerCase('en-US'))),
    ]),
  );

  return createBackendPlugin({
    pluginId: 'catalog',
    register(reg) {
      reg.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = Router();
          router.use((req, _res, next) => {
            options.requests.push(`${req.method} ${req.originalUrl}`);
            next();
          });

          // CatalogApi.getEntityByRef
          router.get(
            '/entities/by-name/:kind/:namespace/:name',
            async (req, res) => {
              let userRef: string | undefined;
              try {
                const credentials = await httpAuth.credentials(req, {
                  allow: ['user', 'service'],
                });
                userRef =
                  credentials.principal.type === 'user'
                    ? (credentials.principal as { userEntityRef: string })
                        .userEntityRef
                    : undefined;
              } catch (error) {
                res.status(401).json({
                  error: { name: 'AuthenticationError', message: `${error}` },
                });
                return;
              }
              const { kind, namespace, name } = req.params;
              const ref = stringifyEntityRef({ kind, namespace, name });
              const entity = options.world.entity(ref);
              const hiddenForUser =
                userRef !== undefined &&
                hidden
                  .get(userRef.toLocaleLowerCase('en-US'))
                  ?.has(ref.toLocaleLowerCase('en-US'));
              if (!entity || hiddenForUser) {
                res.status(404).json({
                  error: {
                    name: 'NotFoundError',
                    message: `No entity named '${name}' found, with kind '${kind}' in namespace '${namespace}'`,
                  },
                });
                return;
              }
              res.json(entity);
            },
          );

          // CatalogApi.getEntities with existence filters on annotations
          // (`filter=metadata.annotations.<name>`), as the events index asks.
          router.get('/entities', async (req, res) => {
            try {
              await httpAuth.credentials(req, { allow: ['user', 'service'] });
            } catch (error) {
              res.status(401).json({
                error: { name: 'AuthenticationError', message: `${error}` },
              });
              return;
            }
            const filters = ([] as unknown[])
              .concat(req.query.filter ?? [])
              .map(String);
            const prefix = 'metadata.annotations.';
            // `key=value,key=value2` filters (as the build views look up
            // users by `spec.profile.email`): a repeated key matches any of
            // its values, keys must all match, case-insensitively.
            if (filters.length > 0 && filters.every(f => f.includes('='))) {
              const valueAt = (entity: any, path: string) =>
                path.split('.').reduce((v, key) => v?.[key], entity);
              const matches = options.world.entities.filter(entity =>
                filters.some(filter => {
                  const wanted = new Map<string, string[]>();
                  for (const part of filter.split(',')) {
                    const [key, ...rest] = part.split('=');
                    wanted.set(key, [
                      ...(wanted.get(key) ?? []),
                      rest.join('=').toLocaleLowerCase('en-US'),
                    ]);
                  }
                  return [...wanted].every(([key, values]) =>
                    values.includes(
                      String(valueAt(entity, key) ?? '').toLocaleLowerCase(
                        'en-US',
                      ),
                    ),
                  );
                }),
              );
              res.json(matches);
              return;
            }
            const entities = options.world.entities.filter(entity =>
              filters.every(
                filter =>
                  filter.startsWith(prefix) &&
                  !filter.includes('=') &&
                  entity.metadata.annotations?.[filter.slice(prefix.length)] !==
                    undefined,
              ),
            );
            res.json(entities);
          });

          // CatalogApi.getEntitiesByRefs, as the notifications backend
          // resolves recipients: groups carry `hasMember` relations.
          router.post('/entities/by-refs', express.json(), async (req, res) => {
            try {
              await httpAuth.credentials(req, { allow: ['user', 'service'] });
            } catch (error) {
              res.status(401).json({
                error: { name: 'AuthenticationError', message: `${error}` },
              });
              return;
            }
            const refs: string[] = req.body?.entityRefs ?? [];
            const items = refs.map(ref => {
              const entity = options.world.entity(ref);
              if (
                !entity ||
                entity.kind.toLocaleLowerCase('en-US') !== 'group'
              ) {
                return entity ?? null;
              }
              const groupRef =
                stringifyEntityRef(entity).toLocaleLowerCase('en-US');
              const members = options.world.users
                .map(user =>
                  stringifyEntityRef(user).toLocaleLowerCase('en-US'),
                )
                .filter(userRef =>
                  options.world
                    .ownershipOf(userRef)
                    .some(
                      owned => owned.toLocaleLowerCase('en-US') === groupRef,
                    ),
                );
              return {
                ...entity,
                relations: members.map(targetRef => ({
                  type: 'hasMember',
                  targetRef,
                })),
              };
            });
            res.json({ items });
          });

          router.use((req, res) => {
            res.status(501).json({
              error: {
                name: 'NotImplementedError',
                message: `The test catalog does not serve ${req.method} ${req.path}; add it to src/__testUtils__/testCatalog.ts`,
              },
            });
          });
          httpRouter.use(router);
        },
      });
    },
  });
}
