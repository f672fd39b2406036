import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * Backstage's mock auth services, except that a token this plugin obtained on
 * behalf of a user authenticates as that user *with the plugin as actor*, as
 * real on-behalf-of tokens do. The permission backend relies on the actor to
 * accept conditional requests made for users. Test support only.
 */

const MOCK_SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * The user a mock on-behalf-of token was issued for, if it is one, and the
 * plugin that asked for it (as a real plugin token's `sub` names it).
 */
function onBehalfOf(
  token: string | undefined,
): { userRef: string; actor: string } | undefined {
  if (!token?.startsWith(MOCK_SERVICE_TOKEN_PREFIX)) {
    return undefined;
  }
  const { obo, actor } = JSON.parse(
    token.slice(MOCK_SERVICE_TOKEN_PREFIX.length),
  );
  return obo ? { userRef: obo, actor: actor ?? 'plugin:jenkins' } : undefined;
}

function userWithActor({ userRef, actor }: { userRef: string; actor: string }) {
  return mockCredentials.user(userRef, { actor: { subject: actor } });
}

/** `coreServices.auth` with on-behalf-of actors. */
export const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    const auth = Object.create(inner) as AuthService;
    // The mock's on-behalf-of tokens do not say which plugin asked for
    // them; real ones do (the plugin token's subject): add it.
    auth.getPluginRequestToken = async options => {
      const { token } = await inner.getPluginRequestToken(options);
      if (!token.startsWith(MOCK_SERVICE_TOKEN_PREFIX)) {
        return { token };
      }
      const claims = JSON.parse(token.slice(MOCK_SERVICE_TOKEN_PREFIX.length));
      return {
        token: `${MOCK_SERVICE_TOKEN_PREFIX}${JSON.stringify({
          ...claims,
          ...(claims.obo ? { actor: `plugin:${plugin.getId()}` } : {}),
        })}`,
      };
    };
    auth.authenticate = async (token, options) => {
      const obo = onBehalfOf(token);
      if (obo) {
        await inner.authenticate(token, options);
        return userWithActor(obo) as any;
      }
      return inner.authenticate(token, options);
    };
    return auth;
  },
});

/**
 * `coreServices.httpAuth` with on-behalf-of actors; requests without a token
 * get `defaultCredentials` (the mock's default user unless given).
 */
export function httpAuthWithActors(options?: {
  defaultCredentials?: BackstageCredentials;
}) {
  return createServiceFactory({
    service: coreServices.httpAuth,
    deps: { plugin: coreServices.pluginMetadata },
    factory({ plugin }) {
      const inner = mockServices.httpAuth({
        pluginId: plugin.getId(),
        defaultCredentials: options?.defaultCredentials,
      });
      return {
        async credentials(req, credentialOptions) {
          const token = /^Bearer\s+(\S+)$/i.exec(
            req.headers.authorization ?? '',
          )?.[1];
          const credentials = await inner.credentials(req, credentialOptions);
          const obo = onBehalfOf(token);
          return obo ? userWithActor(obo) : credentials;
        },
        issueUserCookie: inner.issueUserCookie.bind(inner),
      } as HttpAuthService;
    },
  });
}
