import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { JenkinsIdentity } from '@internal/plugin-jenkins-common';
import { EventsSettings, readEventsSettings } from './readEventsSettings';
import { IdentitySettings, readIdentitySettings } from './readIdentitySettings';
import { readUserMapping, UserMappingConfig } from './readUserMapping';
import { InstanceLimits, readLimits } from './readLimits';

export type { UserMappingConfig } from './readUserMapping';
export type { EventsSettings, PollSettings } from './readEventsSettings';

/** Settings of the `jwt` identity strategy, with defaults applied. @public */
export interface JwtSettings {
  issuer: string;
  /** This instance's own `aud`; default its base URL. */
  audience: string;
  algorithm: 'ES256' | 'RS256';
  tokenTtlSeconds: number;
  userClaim: string;
  groupsClaim: string;
  keyRotationIntervalMinutes: number;
}

/** Settings of the `proxy-headers` identity strategy, with defaults applied. @public */
export interface ProxyHeadersSettings {
  userHeader: string;
  groupsHeader: string;
  groupsSeparator: string;
  mailHeader: string;
  displayNameHeader: string;
  serviceCredentials?: BasicCredentials;
}

/** A Jenkins user name and API token. @public */
export interface BasicCredentials {
  user: string;
  apiToken: string;
}

/** One configured Jenkins instance, with defaults applied. @public */
export interface JenkinsInstanceConfig extends InstanceLimits {
  name: string;
  baseUrl: string;
  strategy: JenkinsIdentity['strategy'];
  jwt: JwtSettings;
  proxyHeaders: ProxyHeadersSettings;
  serviceAccount?: BasicCredentials;
  reads: 'perUser' | 'shared' | 'verified';
  readCredentials?: BasicCredentials;
  /**
   * The Jenkins user (and groups) `verified` reads fetch shared data as,
   * through the instance's identity strategy (no stored secret with `jwt`).
   */
  readIdentity?: { user: string; groups: string[] };
  /** How long Jenkins' answer to "may this person read this job" is kept. */
  accessCheckTtlSeconds: number;
  requestTimeoutMs: number;
  cacheTtlSeconds: number;
  retries: { maxAttempts: number; backoffMs: number };
  circuitBreaker: { failureThreshold: number; resetAfterMs: number };
  environments: Array<{ pattern: string; environment: string }>;
  /**
   * Who owns which jobs, first match wins: `path` as `environments[].pattern`,
   * `groups` as lower-case full entity refs.
   */
  owners: Array<{ path: string; groups: string[] }>;
  /** Build events: the webhook's secret and the watcher (`events`). */
  events: EventsSettings;
}

/** The plugin's whole configuration. @public */
export interface JenkinsPluginConfig {
  instances: Map<string, JenkinsInstanceConfig>;
  userMapping: UserMappingConfig;
  identity: IdentitySettings;
  environments: {
    /** Whether `jenkins.io/environment` may classify jobs config leaves unclassified. */
    allowAnnotations: boolean;
  };
}

/** The longest token lifetime the `jwt` strategy accepts (5 minutes). */
export const MAX_TOKEN_TTL_SECONDS = 300;

/** Claims the `jwt` strategy sets itself; no claim setting may name them. */
const REGISTERED_CLAIMS = new Set(['iss', 'aud', 'exp', 'nbf', 'iat', 'jti']);

function basic(config: Config | undefined): BasicCredentials | undefined {
  if (!config) {
    return undefined;
  }
  return {
    user: config.getString('user'),
    apiToken: config.getString('apiToken'),
  };
}

/** An owner ref from config as a lower-case full ref; a bare name is a group. */
function ownerRef(instance: string, value: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    throw new Error(
      `jenkins.instances '${instance}': owners[].groups has an invalid entity ref '${value}'`,
    );
  }
}

function readOwners(
  instance: string,
  config: Config,
): JenkinsInstanceConfig['owners'] {
  return (config.getOptionalConfigArray('owners') ?? []).map(owner => {
    const path = owner.getString('path').trim();
    if (!path) {
      throw new Error(
        `jenkins.instances '${instance}': owners[].path must not be empty`,
      );
    }
    return {
      path,
      groups: owner.getStringArray('groups').map(g => ownerRef(instance, g)),
    };
  });
}

function readInstance(config: Config): JenkinsInstanceConfig {
  const name = config.getString('name');
  const baseUrl = config.getString('baseUrl').replace(/\/+$/, '');
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `jenkins.instances '${name}': baseUrl must be an http(s) URL, got '${baseUrl}'`,
    );
  }
  const identity = config.getConfig('identity');
  const strategy = identity.getString('strategy');
  if (
    strategy !== 'jwt' &&
    strategy !== 'proxy-headers' &&
    strategy !== 'service-account'
  ) {
    throw new Error(
      `jenkins.instances '${name}': identity.strategy must be jwt, proxy-headers or service-account, got '${strategy}'`,
    );
  }
  const jwt = identity.getOptionalConfig('jwt');
  const algorithm = jwt?.getOptionalString('algorithm') ?? 'ES256';
  if (algorithm !== 'ES256' && algorithm !== 'RS256') {
    throw new Error(
      `jenkins.instances '${name}': identity.jwt.algorithm must be ES256 or RS256`,
    );
  }
  const tokenTtlSeconds = jwt?.getOptionalNumber('tokenTtlSeconds') ?? 120;
  if (tokenTtlSeconds <= 0 || tokenTtlSeconds > MAX_TOKEN_TTL_SECONDS) {
    throw new Error(
      `jenkins.instances '${name}': identity.jwt.tokenTtlSeconds must be between 1 and ${MAX_TOKEN_TTL_SECONDS}`,
    );
  }
  const userClaim = jwt?.getOptionalString('userClaim') ?? 'preferred_username';
  const groupsClaim = jwt?.getOptionalString('groupsClaim') ?? 'groups';
  for (const [key, claim] of [
    ['userClaim', userClaim],
    ['groupsClaim', groupsClaim],
  ]) {
    if (REGISTERED_CLAIMS.has(claim)) {
      throw new Error(
        `jenkins.instances '${name}': identity.jwt.${key} must not be the registered claim '${claim}'`,
      );
    }
  }
  // `sub` is the user entity ref unless the user claim is `sub` itself.
  if (userClaim === groupsClaim || groupsClaim === 'sub') {
    throw new Error(
      `jenkins.instances '${name}': identity.jwt.groupsClaim must be neither 'sub' nor the userClaim`,
    );
  }
  const proxy = identity.getOptionalConfig('proxyHeaders');
  const proxyUser = proxy?.getOptionalString('serviceUser');
  const proxyToken = proxy?.getOptionalString('serviceApiToken');
  const serviceAccount = basic(identity.getOptionalConfig('serviceAccount'));
  if (strategy === 'service-account' && !serviceAccount) {
    throw new Error(
      `jenkins.instances '${name}': the service-account strategy needs identity.serviceAccount.user and apiToken`,
    );
  }
  const readCredentials = basic(config.getOptionalConfig('readCredentials'));
  // Without a user (e.g. an unset `${JENKINS_READ_USER}`) there is none.
  const readUser = config.getOptionalString('readIdentity.user')?.trim();
  const readIdentity = readUser
    ? {
        user: readUser,
        groups: config.getOptionalStringArray('readIdentity.groups') ?? [],
      }
    : undefined;
  // `verified` needs someone to fetch the shared data as.
  const canVerify =
    !!readCredentials || !!readIdentity || strategy === 'service-account';
  // The default: `verified` wherever a read identity is configured; without
  // one only the person can read, so `perUser`.
  const reads =
    config.getOptionalString('reads') ??
    (readCredentials || readIdentity ? 'verified' : 'perUser');
  if (reads !== 'perUser' && reads !== 'shared' && reads !== 'verified') {
    throw new Error(
      `jenkins.instances '${name}': reads must be verified, perUser or shared`,
    );
  }
  if (reads === 'verified' && !canVerify) {
    throw new Error(
      `jenkins.instances '${name}': verified reads need readIdentity.user (or readCredentials.user and apiToken)`,
    );
  }
  const accessCheckTtlSeconds =
    config.getOptionalNumber('accessCheckTtlSeconds') ?? 300;
  if (!(accessCheckTtlSeconds > 0) || accessCheckTtlSeconds > 3600) {
    throw new Error(
      `jenkins.instances '${name}': accessCheckTtlSeconds must be more than 0 and at most 3600`,
    );
  }
  if (reads === 'shared' && !readCredentials) {
    throw new Error(
      `jenkins.instances '${name}': shared reads need readCredentials.user and apiToken`,
    );
  }
  return {
    name,
    baseUrl,
    strategy,
    jwt: {
      issuer: jwt?.getOptionalString('issuer') ?? 'backstage',
      // Each instance its own audience, so that its tokens open no other.
      audience: jwt?.getOptionalString('audience') ?? baseUrl,
      algorithm,
      tokenTtlSeconds,
      userClaim,
      groupsClaim,
      keyRotationIntervalMinutes:
        jwt?.getOptionalNumber('keyRotationIntervalMinutes') ?? 1440,
    },
    proxyHeaders: {
      userHeader: proxy?.getOptionalString('userHeader') ?? 'X-Forwarded-User',
      groupsHeader:
        proxy?.getOptionalString('groupsHeader') ?? 'X-Forwarded-Groups',
      groupsSeparator: proxy?.getOptionalString('groupsSeparator') ?? '|',
      mailHeader: proxy?.getOptionalString('mailHeader') ?? 'X-Forwarded-Mail',
      displayNameHeader:
        proxy?.getOptionalString('displayNameHeader') ??
        'X-Forwarded-DisplayName',
      serviceCredentials:
        proxyUser && proxyToken
          ? { user: proxyUser, apiToken: proxyToken }
          : undefined,
    },
    serviceAccount,
    reads,
    readCredentials,
    readIdentity,
    accessCheckTtlSeconds,
    requestTimeoutMs: config.getOptionalNumber('requestTimeoutMs') ?? 10000,
    cacheTtlSeconds: config.getOptionalNumber('cacheTtlSeconds') ?? 10,
    ...readLimits(name, config),
    retries: {
      maxAttempts: config.getOptionalNumber('retries.maxAttempts') ?? 3,
      backoffMs: config.getOptionalNumber('retries.backoffMs') ?? 200,
    },
    circuitBreaker: {
      failureThreshold:
        config.getOptionalNumber('circuitBreaker.failureThreshold') ?? 5,
      resetAfterMs:
        config.getOptionalNumber('circuitBreaker.resetAfterMs') ?? 30000,
    },
    environments: (config.getOptionalConfigArray('environments') ?? []).map(
      env => ({
        pattern: env.getString('pattern'),
        environment: env.getString('environment'),
      }),
    ),
    owners: readOwners(name, config),
    events: readEventsSettings(
      name,
      config.getOptionalConfig('events'),
      reads === 'shared',
    ),
  };
}

/**
 * Reads `jenkins.*` from config, applying the defaults documented in
 * `config.d.ts`. Invalid config fails at startup with a message naming the
 * key, never at request time. `production` defaults to
 * `NODE_ENV=production`.
 *
 * @public
 */
export function readJenkinsConfig(
  config: Config,
  options: { production?: boolean } = {},
): JenkinsPluginConfig {
  const instances = new Map<string, JenkinsInstanceConfig>();
  for (const instanceConfig of config.getOptionalConfigArray(
    'jenkins.instances',
  ) ?? []) {
    const instance = readInstance(instanceConfig);
    if (instances.has(instance.name)) {
      throw new Error(
        `jenkins.instances: instance '${instance.name}' is configured twice`,
      );
    }
    instances.set(instance.name, instance);
  }
  return {
    instances,
    userMapping: readUserMapping(config),
    identity: readIdentitySettings(
      config,
      [...instances.values()]
        .filter(i => i.strategy === 'jwt')
        .map(i => ({ name: i.name, audience: i.jwt.audience })),
      options.production ?? process.env.NODE_ENV === 'production',
    ),
    environments: {
      allowAnnotations:
        config.getOptionalBoolean('jenkins.environments.allowAnnotations') ??
        true,
    },
  };
}
