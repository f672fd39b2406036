import {
  AuditorService,
  AuthService,
  CacheService,
  DatabaseService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  RootConfigService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  jenkinsPermissions,
  JenkinsJobResource,
} from '@internal/plugin-jenkins-common';
import {
  jenkinsJobResourceRef,
  jenkinsJobRules,
} from '@internal/plugin-jenkins-node';
import { Knex } from 'knex';
import {
  JenkinsPluginConfig,
  readJenkinsConfig,
} from '../config/JenkinsConfig';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { CallerResolver } from '../identity/CallerResolver';
import { IdentityStrategies } from '../identity/IdentityStrategies';
import { PrincipalMapper } from '../identity/PrincipalMapper';
import { SigningKeyStore } from '../identity/SigningKeyStore';
import { CachingJenkinsGateway } from '../jenkins/CachingJenkinsGateway';
import { HttpJenkinsGateway } from '../jenkins/HttpJenkinsGateway';
import { EnvironmentResolver } from '../jobs/EnvironmentResolver';
import { JobResolver } from '../jobs/JobResolver';
import { JobAuthorizer } from '../permissions/JobAuthorizer';
import { AuthorizedReadService } from '../reads/AuthorizedReadService';
import { JenkinsReadService } from '../reads/JenkinsReadService';

/**
 * Everything the plugin's routers and services share, built once in
 * `plugin.ts`. The write side (actions router, audit trail, idempotency)
 * builds on the same gateway, identity strategies, job resolution and
 * authorization.
 *
 * @public
 */
export interface JenkinsContext {
  /** `jenkins.*` config with defaults applied. */
  config: JenkinsPluginConfig;
  /** The plugin database, migrated (signing keys, audit, idempotency). */
  database: Knex;
  /** The only way to Jenkins; caches reads and invalidates a job on writes. */
  gateway: CachingJenkinsGateway;
  /** The identity strategy of each instance. */
  strategies: IdentityStrategies;
  /** `principalFor(caller)`: the configured user and group mapping. */
  principals: PrincipalMapper;
  /** Request credentials → Caller. */
  callers: CallerResolver;
  /** Entity + job id → ResolvedJob (404 unless the annotation names it). */
  resolver: JobResolver;
  /** `authorizeJob`, `decide` and `capabilitiesFor`. */
  authorizer: JobAuthorizer;
  /** The read API's service. */
  reads: AuthorizedReadService;
  /** JWT signing keys. */
  keys: SigningKeyStore;
  logger: LoggerService;
  auditor: AuditorService;
}

/** What {@link createJenkinsContext} needs from core services. @public */
export interface JenkinsContextDeps {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  cache: CacheService;
  auth: AuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  catalog: CatalogService;
  auditor: AuditorService;
}

/**
 * Builds the plugin's shared context and registers the `jenkins-job`
 * resource type, its permissions and rules with the permissions registry.
 *
 * @public
 */
export async function createJenkinsContext(
  deps: JenkinsContextDeps,
): Promise<JenkinsContext> {
  const config = readJenkinsConfig(deps.config);
  const database = await applyDatabaseMigrations(deps.database);
  const keys = new SigningKeyStore(database, deps.logger);
  const strategies = new IdentityStrategies(config, keys);
  const principals = new PrincipalMapper(config.userMapping);
  const gateway = new CachingJenkinsGateway(
    new HttpJenkinsGateway({ config, strategies, logger: deps.logger }),
    deps.cache,
    config,
  );
  const readService = new JenkinsReadService({
    gateway,
    principals,
    strategies,
  });
  const resolver = new JobResolver({
    catalog: deps.catalog,
    config,
    environments: new EnvironmentResolver(config),
    isMultibranch: (caller, instance, fullName) =>
      readService.isMultibranch(caller, instance, fullName),
  });

  deps.permissionsRegistry.addResourceType({
    resourceRef: jenkinsJobResourceRef,
    permissions: jenkinsPermissions.filter(
      permission =>
        permission.type === 'resource' &&
        permission.resourceType === jenkinsJobResourceRef.resourceType,
    ),
    rules: Object.values(jenkinsJobRules),
    getResources: async resourceRefs => {
      const credentials = await deps.auth.getOwnServiceCredentials();
      return Promise.all(
        resourceRefs.map(ref =>
          resolver
            .resourceFor(credentials, ref)
            .then(job => job?.resource)
            .catch(() => undefined),
        ),
      );
    },
  });
  deps.permissionsRegistry.addPermissions(
    jenkinsPermissions.filter(permission => permission.type === 'basic'),
  );
  const conditionAuthorizer = createConditionAuthorizer(
    deps.permissionsRegistry.getPermissionRuleset(jenkinsJobResourceRef),
  );
  const authorizer = new JobAuthorizer(
    deps.permissions,
    (decision, resource: JenkinsJobResource) =>
      conditionAuthorizer(decision, resource),
  );

  return {
    config,
    database,
    gateway,
    strategies,
    principals,
    callers: new CallerResolver(deps.auth, deps.userInfo, deps.catalog),
    resolver,
    authorizer,
    reads: new AuthorizedReadService(resolver, authorizer, readService),
    keys,
    logger: deps.logger,
    auditor: deps.auditor,
  };
}
