import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ActivityPage,
  AuditEntry,
  AuditVerification,
  jenkinsAuditReadPermission,
  JenkinsJobPermission,
  jenkinsJobReadPermission,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { AuditChainVerifier } from './AuditChainVerifier';
import { AuditQuery, AuditStore } from './types';

/** Options of {@link AuditReadService}. */
export interface AuditReadServiceOptions {
  store: AuditStore;
  resolver: {
    jobsOf(
      caller: Caller,
      entityRef: string,
    ): Promise<{ entity: Entity; jobs: ResolvedJob[] }>;
  };
  authorizer: {
    decide(
      caller: Caller,
      permissions: JenkinsJobPermission[],
      job: ResolvedJob,
    ): Promise<boolean[]>;
  };
  permissions: PermissionsService;
  /** Checks the audit hash chains; absent, verification is unavailable. */
  verifier?: Pick<AuditChainVerifier, 'verify'>;
}

/**
 * Reads of the audit trail: an entity's activity for those who may read its
 * jobs, and the whole trail for holders of `jenkins.audit.read`.
 */
export class AuditReadService {
  constructor(private readonly options: AuditReadServiceOptions) {}

  /** The entity's recent write attempts, newest first. */
  async activity(
    caller: Caller,
    entityRef: string,
    page: { limit: number; cursor?: string },
  ): Promise<ActivityPage> {
    const { store, resolver, authorizer } = this.options;
    const { entity, jobs } = await resolver.jobsOf(caller, entityRef);
    if (jobs.length === 0) {
      // Nothing of it runs on Jenkins: nothing to deny, nothing to show.
      return { items: [], nextCursor: null };
    }
    const readable: ResolvedJob[] = [];
    for (const job of jobs) {
      const [allowed] = await authorizer.decide(
        caller,
        [jenkinsJobReadPermission],
        job,
      );
      if (allowed) {
        readable.push(job);
      }
    }
    if (readable.length === 0) {
      throw new NotAllowedError(
        `Your permission policy does not allow ${jenkinsJobReadPermission.name} on any Jenkins job of ${entityRef}`,
      );
    }
    const result = await store.listForEntity(stringifyEntityRef(entity), page);
    if (readable.length === jobs.length) {
      return result;
    }
    // Only the jobs (and their branches) the caller may read.
    const mayRead = (entry: AuditEntry) =>
      readable.some(
        job =>
          job.instance === entry.instance &&
          (entry.jobFullName === job.fullName ||
            entry.jobFullName.startsWith(`${job.fullName}/`)),
      );
    return { ...result, items: result.items.filter(mayRead) };
  }

  /** Every entry in a time range, for compliance exports. */
  async export(
    credentials: BackstageCredentials,
    query: AuditQuery,
  ): Promise<AuditEntry[]> {
    await this.authorizeAuditRead(credentials);
    return this.options.store.query(query);
  }

  /**
   * Checks the audit hash chains over a period, for whoever may read the
   * whole trail; reports the first broken link.
   */
  async verify(
    credentials: BackstageCredentials,
    query: { fromMs?: number; toMs?: number },
  ): Promise<AuditVerification> {
    await this.authorizeAuditRead(credentials);
    if (!this.options.verifier) {
      throw new NotFoundError('Audit verification is not available');
    }
    return this.options.verifier.verify(query);
  }

  private async authorizeAuditRead(
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: jenkinsAuditReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Your permission policy does not allow ${jenkinsAuditReadPermission.name}`,
      );
    }
  }
}
