export interface Config {
  /** Configuration for the Jenkins plugin. */
  jenkins?: {
    /**
     * The Jenkins instances the backend may talk to. Instance URLs come only
     * from here: nothing in a request or an annotation can point the backend
     * at another host.
     */
    instances: Array<{
      /**
       * The name annotations use (`[instance:]folder/job`); `default` when an
       * annotation names no instance.
       * @visibility frontend
       */
      name: string;
      /**
       * Base URL of Jenkins, e.g. `https://jenkins.example.com`.
       * @visibility backend
       */
      baseUrl: string;
      /**
       * How the signed-in person's identity reaches this instance.
       * @visibility backend
       */
      identity: {
        /**
         * `jwt` (recommended): a short-lived token per person, verified by the
         * jwt-auth plugin. `proxy-headers`: `X-Forwarded-*` headers for
         * reverse-proxy-auth. `service-account`: a Basic API token of a bot;
         * Jenkins then sees the bot, not the person.
         * @visibility backend
         */
        strategy: 'jwt' | 'proxy-headers' | 'service-account';
        /** Settings of the `jwt` strategy. @visibility backend */
        jwt?: {
          /** The `iss` claim; default `backstage`. @visibility backend */
          issuer?: string;
          /**
           * The `aud` claim: this instance's own, so that a token minted for
           * one Jenkins is refused by every other. Default: the instance's
           * `baseUrl` (without trailing slash); two `jwt` instances may not
           * share one. Set jwt-auth's accepted audience to it.
           * @visibility backend
           */
          audience?: string;
          /** Signing algorithm; default `ES256`. @visibility backend */
          algorithm?: 'ES256' | 'RS256';
          /** Token lifetime in seconds, at most 300; default 120. @visibility backend */
          tokenTtlSeconds?: number;
          /**
           * Claim carrying the Jenkins user name; default
           * `preferred_username`. It wins over the claims the token sets
           * otherwise: `sub` (else the user entity ref), `email`, `name`.
           * Never `iss`, `aud`, `exp`, `nbf`, `iat` or `jti`.
           * @visibility backend
           */
          userClaim?: string;
          /** Claim carrying the groups list; default `groups`; not `sub` nor the user claim. @visibility backend */
          groupsClaim?: string;
          /**
           * How often the signing key rotates, in minutes; default 1440 (one
           * day). Previous keys stay published until their last token expired.
           * @visibility backend
           */
          keyRotationIntervalMinutes?: number;
        };
        /** Settings of the `proxy-headers` strategy. @visibility backend */
        proxyHeaders?: {
          /** Default `X-Forwarded-User`. @visibility backend */
          userHeader?: string;
          /** Default `X-Forwarded-Groups`. @visibility backend */
          groupsHeader?: string;
          /** Default `|`. @visibility backend */
          groupsSeparator?: string;
          /** Default `X-Forwarded-Mail`. @visibility backend */
          mailHeader?: string;
          /** Default `X-Forwarded-DisplayName`. @visibility backend */
          displayNameHeader?: string;
          /**
           * The backend's own user, sent as Basic credentials so that only the
           * backend can reach Jenkins through the proxy.
           * @visibility backend
           */
          serviceUser?: string;
          /**
           * API token of `serviceUser`.
           * @visibility secret
           */
          serviceApiToken?: string;
        };
        /** Settings of the `service-account` strategy. @visibility backend */
        serviceAccount?: {
          /** The bot's Jenkins user name. @visibility backend */
          user: string;
          /**
           * The bot's API token.
           * @visibility secret
           */
          apiToken: string;
        };
      };
      /**
       * `verified` (default where `readIdentity` or `readCredentials` is
       * set): a job's data is read once per cache window as the read
       * identity and shared, and each person's right to read the job is
       * first checked by Jenkins itself, as the person, with a minimal
       * request kept for `accessCheckTtlSeconds`. `perUser` (default
       * otherwise): every read carries the person's identity and is cached
       * per identity. `shared`: reads go through `readCredentials` and are
       * cached once for everyone, with no check by Jenkins of the person.
       * @visibility backend
       */
      reads?: 'verified' | 'perUser' | 'shared';
      /**
       * The read-only Jenkins user `verified` reads fetch shared data as,
       * sent through this instance's identity strategy: with `jwt` the
       * backend mints short-lived tokens for it (no stored secret), with
       * `proxy-headers` it is sent in the headers. Give it `Job/Read` (e.g.
       * in role-strategy) on the jobs Backstage shows. Not needed with
       * `readCredentials` (used instead) or with `service-account` (the
       * service account reads).
       * @visibility backend
       */
      readIdentity?: { user: string; groups?: string[] };
      /**
       * `verified` reads: how long Jenkins' "this person may read this job"
       * is kept, in seconds (more than 0, at most 3600); default 300. A
       * person whose access Jenkins withdraws may still see the job's data
       * for up to this long.
       * @visibility backend
       */
      accessCheckTtlSeconds?: number;
      /** Credentials for shared (and `verified`) reads. @visibility backend */
      readCredentials?: {
        /** @visibility backend */
        user: string;
        /** @visibility secret */
        apiToken: string;
      };
      /** Timeout of every Jenkins call in milliseconds; default 10000. @visibility backend */
      requestTimeoutMs?: number;
      /** How long read responses are cached, in seconds; default 10. @visibility backend */
      cacheTtlSeconds?: number;
      /**
       * Jenkins requests in flight at most for this instance, per backend
       * replica; default 8. More wait in a fair queue (round robin by person,
       * then by job; writes first) within their `requestTimeoutMs`.
       * @visibility backend
       */
      maxConcurrentRequests?: number;
      /** The in-process cache in front of Backstage's cache service. @visibility backend */
      cache?: {
        /**
         * Parsed read answers kept in process, per replica; default 5000
         * (and at most about 64 MB). @visibility backend
         */
        memoryEntries?: number;
      };
      /** Retries of idempotent reads. @visibility backend */
      retries?: {
        /** Attempts in total, including the first; default 3. @visibility backend */
        maxAttempts?: number;
        /** Backoff before the first retry, doubled each time; default 200. @visibility backend */
        backoffMs?: number;
      };
      /** The per-instance circuit breaker. @visibility backend */
      circuitBreaker?: {
        /** Consecutive failures that open the circuit; default 5. @visibility backend */
        failureThreshold?: number;
        /** How long the circuit stays open, in milliseconds; default 30000. @visibility backend */
        resetAfterMs?: number;
      };
      /**
       * Environments of jobs by full name, first match wins. A pattern is a
       * glob (`*` within one path segment, `**` across segments) or a regular
       * expression written as `/…/`; both ignore case, as Jenkins does. This
       * config is authoritative: the `jenkins.io/environment` annotation can
       * only classify a job that no pattern here matches, and only while
       * `jenkins.environments.allowAnnotations` is on.
       * @visibility backend
       */
      environments?: Array<{
        /** @visibility backend */
        pattern: string;
        /** @visibility frontend */
        environment: string;
      }>;
      /**
       * Which groups own which Jenkins folders or jobs, first match wins; the
       * `jobOwners` of the `jenkins-job` permission resource, matched by the
       * `IS_JOB_OWNER` rule (`jenkinsJobConditions.isJobOwner`). `path` uses
       * the syntax of `environments[].pattern` (e.g. `payments/**` for every
       * job below the `payments` folder) and ignores case. A job no entry
       * matches has no configured owners, and `IS_JOB_OWNER` falls back to
       * the owners of the entity it is reached through. Unlike entity
       * ownership, this cannot be claimed by editing an entity's
       * `catalog-info.yaml`. Default: none.
       * @visibility backend
       */
      owners?: Array<{
        /**
         * A glob (`*` within one segment, `**` across segments) or `/regex/`
         * over job full names.
         * @visibility backend
         */
        path: string;
        /**
         * Owner refs: full refs (`group:default/team-payments`,
         * `user:default/alice`) or group names (`team-payments` means
         * `group:default/team-payments`). An empty list leaves matching jobs
         * with no owner at all (and no fallback to entity owners).
         * @visibility backend
         */
        groups: string[];
      }>;
      /**
       * Build events from this instance: the Notification plugin's webhook
       * (`POST /api/jenkins/v1/instances/<name>/events`) and/or the watcher
       * that polls Jenkins where the plugin is not installed.
       * @visibility backend
       */
      events?: {
        /**
         * The secret Jenkins sends as the HTTP Basic password (any user name,
         * from the endpoint URL's userinfo) or as a Bearer token. Without it
         * the webhook of this instance is off and answers 404. Use URL-safe
         * characters (e.g. `openssl rand -hex 32`).
         * @visibility secret
         */
        webhookSecret?: string;
        /**
         * The watcher: polls the newest builds of every annotated job and
         * emits the same events. Off by default, and off when a
         * `webhookSecret` is set unless `poll.enabled` is `true`.
         * @visibility backend
         */
        poll?: {
          /** Turns the watcher on or off explicitly. @visibility backend */
          enabled?: boolean;
          /**
           * How often to poll, e.g. `{ seconds: 30 }` (default 30 seconds).
           * @visibility backend
           */
          frequency?: { [unit: string]: number };
          /**
           * The most Jenkins requests the watcher makes per minute on this
           * instance (one per annotated job); default 60. Jobs beyond it wait
           * for the next round.
           * @visibility backend
           */
          maxRequestsPerMinute?: number;
          /**
           * Who the watcher reads as where `reads` is not `shared` (with
           * `shared` it uses `readCredentials`): a Jenkins user (and groups)
           * sent through this instance's identity strategy. Required then.
           * @visibility backend
           */
          runAs?: { user: string; groups?: string[] };
        };
      };
    }>;
    /** How jobs get their environments. @visibility backend */
    environments?: {
      /**
       * Whether the `jenkins.io/environment` annotation may classify jobs
       * that no `instances[].environments` pattern matches (it never
       * overrides a pattern). The people who edit an entity's
       * `catalog-info.yaml` write that annotation, so turn it off where
       * policies decide on environments and every environment should come
       * from config. Default `true`; `app-config.production.yaml` sets
       * `false`.
       * @visibility backend
       */
      allowAnnotations?: boolean;
    };
    /**
     * How Backstage users and groups map to Jenkins users and groups. The
     * mapping never gives two people one Jenkins name; a person it cannot map
     * is refused with a 403 that says why, recorded in the audit trail
     * (writes) and sent to the auditor as `identity-refused`.
     * @visibility backend
     */
    userMapping?: {
      /**
       * `name` (default): the user entity ref's name part
       * (`user:default/jane.doe` → `jane.doe`). `email`: the user entity's
       * e-mail. `emailLocalPart`: the e-mail before the `@`, only for
       * `emailDomains`. With `email` or `emailLocalPart` a user without a
       * plain e-mail address is refused (no fallback to the name, which could
       * be another person's local part). Jenkins' reserved user ids
       * (`anonymous`, `SYSTEM`, `unknown`) are refused.
       * @visibility backend
       */
      userName?: 'name' | 'email' | 'emailLocalPart';
      /**
       * Users and groups outside the `default` namespace. `prefix`
       * (default): `<mapped name>@<namespace>` (`user:contractors/alice` →
       * `alice@contractors`, `group:sandbox/release-managers` →
       * `release-managers@sandbox`); entity names never contain `@`, so no
       * default-namespace name can equal it. `refuse`: such users get a 403
       * and such groups are not sent.
       * @visibility backend
       */
      otherNamespaces?: 'prefix' | 'refuse';
      /**
       * E-mail domains (e.g. `example.com`, exact match, any case) whose
       * addresses may be used. Required for `emailLocalPart`; optional for
       * `email`. An address of another domain is refused with a 403 rather
       * than mapped: `bob@evil.example` is not `bob`. Listing several
       * domains says their local parts name the same people.
       * @visibility backend
       */
      emailDomains?: string[];
      /**
       * `name` (default): the group ref's name part
       * (`group:default/platform` → `platform`; other namespaces as
       * `otherNamespaces` says). `ref`: the whole entity ref.
       * @visibility backend
       */
      groupName?: 'name' | 'ref';
      /**
       * When set, only these groups are sent to Jenkins, matched by full ref:
       * `group:ops/on-call`, or a bare name meaning the default namespace
       * (`release-managers` is `group:default/release-managers`, never
       * `group:sandbox/release-managers`).
       * @visibility backend
       */
      includeGroups?: string[];
    };
    /** Settings shared by every instance's identity strategy. @visibility backend */
    identity?: {
      /**
       * Encrypts the `jwt` strategy's private signing keys in the database
       * (AES-256-GCM, key derived with HKDF-SHA256); at least 32 characters,
       * e.g. `openssl rand -base64 48`. Required when `NODE_ENV=production`
       * and any instance uses `jwt`: the backend refuses to start without it
       * (`app-config.production.yaml` reads it from
       * `JENKINS_KEY_ENCRYPTION_SECRET`). Without it (development) keys are
       * stored unencrypted, with a warning. Keys stored unencrypted before
       * are encrypted at startup; if the secret changes, a key it cannot
       * open is replaced by a new one (old public keys stay published until
       * their tokens expired).
       * @visibility secret
       */
      keyEncryptionSecret?: string;
    };
    /** The audit trail of write attempts. @visibility backend */
    audit?: {
      /**
       * Days an audit entry is kept before the hourly clean-up deletes it;
       * a whole number, at least 1. Default 365.
       * @visibility backend
       */
      retentionDays?: number;
    };
    /**
     * The description set on builds started from Backstage (Jenkins
     * `submitDescription`). Placeholders: `{{displayName}}`, `{{userRef}}`,
     * `{{jenkinsUser}}`, `{{entityRef}}`, `{{owner}}`, `{{system}}`,
     * `{{requestId}}`. Default: `Started from Backstage by {{displayName}}
     * ({{userRef}}) for {{entityRef}}; owner {{owner}}, system {{system}};
     * request {{requestId}}`.
     * @visibility backend
     */
    buildDescriptionTemplate?: string;
    /**
     * Build notifications through Backstage's notifications service (the
     * portal's bell, and email or Slack where their modules are installed).
     * @visibility backend
     */
    notifications?: {
      /** Default true. @visibility backend */
      enabled?: boolean;
      /**
       * Who hears of what. A rule applies to a build when its `environment`
       * (if set) is the job's environment from config and, with
       * `defaultBranchOnly`, when the build is of a job's default branch (a
       * job that is not multibranch, or branch `main`/`master`). `on`:
       * `started`, `succeeded`, `recovered` (the first success after a
       * failure; `succeeded` covers it too), `failed`, `unstable`,
       * `aborted`, `input` (a pipeline input waits). `to`: `owner` (the
       * owners of the entities that annotate the job), `triggeredBy` (who
       * started the build from Backstage, from the audit trail; none for
       * builds started in Jenkins), `approvers` (see `approvers`), or an
       * entity ref (a bare name is a group). Replaces the defaults when set.
       * Default: failures and recoveries of default branches → owner;
       * production builds started, succeeded, failed, unstable or aborted
       * → owner and triggeredBy; inputs → approvers and triggeredBy.
       * @visibility backend
       */
      rules?: Array<{
        environment?: string;
        defaultBranchOnly?: boolean;
        on: string[];
        to: string[];
      }>;
      /**
       * Who may answer a job's input steps, first match wins: `path` as
       * `instances[].environments[].pattern`, `submitter` as the `input`
       * step's `submitter` in the Jenkinsfile (comma-separated; a bare name
       * is `group:default/<name>`). Jenkins' REST API does not say who an
       * input's submitters are, so it is stated here; a job no entry
       * matches asks its owners.
       * @visibility backend
       */
      approvers?: Array<{ path: string; submitter: string }>;
      /**
       * Pending inputs are no Notification-plugin event: builds this
       * replica saw start are read for pending inputs until they finish.
       * @visibility backend
       */
      pendingInputs?: {
        /** Seconds between checks, 5 to 3600; default 15. @visibility backend */
        checkIntervalSeconds?: number;
        /** Most running builds watched per replica, 1 to 1000; default 100. @visibility backend */
        maxBuilds?: number;
        /**
         * Who reads where an instance's reads are not `shared` and its
         * watcher has no `events.poll.runAs`; without any of them pending
         * inputs of that instance are not notified.
         * @visibility backend
         */
        runAs?: { user: string; groups?: string[] };
      };
    };
  };
}
