import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { AuditEntry, TriggerResponse } from '@internal/plugin-jenkins-common';
import { AuditStore } from '../audit/types';
import { Caller, JenkinsPrincipal } from '../identity/types';
import { JenkinsGateway } from '../jenkins/JenkinsGateway';
import { ResolvedJob } from '../jobs/ResolvedJob';
import {
  BuildDescriptionContext,
  renderBuildDescription,
} from './BuildDescription';
import { jenkinsCallContext } from './jenkinsCallContext';

/** Options of {@link BuildLabeller}. */
export interface BuildLabellerOptions {
  gateway: Pick<JenkinsGateway, 'setBuildDescription'>;
  store: Pick<AuditStore, 'findByQueueItem' | 'complete' | 'claimLabelling'>;
  principals: { principalFor(caller: Caller): JenkinsPrincipal };
  strategies: {
    jenkinsUserOf(instance: string, principal: JenkinsPrincipal): string | null;
  };
  descriptionTemplate: string;
  logger: LoggerService;
  now?: () => number;
}

/**
 * Writes who started a build from Backstage into the build's description,
 * once per build across replicas (the audit store's claim), as the person
 * who started it. Labelling never fails the person's request: a failure is
 * logged and noted on the audit entry.
 */
export class BuildLabeller {
  private readonly now: () => number;

  constructor(private readonly options: BuildLabellerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Labels the build right away when Jenkins started it before we answered. */
  async labelIfStarted(
    caller: Caller,
    job: ResolvedJob,
    response: TriggerResponse,
  ): Promise<void> {
    const { queue } = response;
    if (queue.state === 'started' && queue.buildNumber !== null) {
      await this.labelAfterStart(caller, job, queue.queueId, queue.buildNumber);
    }
  }

  /** Labels the build of a queue item this caller triggered, if not yet done. */
  async labelAfterStart(
    caller: Caller,
    job: ResolvedJob,
    queueId: number,
    buildNumber: number,
  ): Promise<void> {
    const entry = await this.options.store
      .findByQueueItem(job.instance, queueId)
      .catch(() => undefined);
    if (
      entry &&
      entry.jobFullName === job.fullName &&
      entry.actor.userRef === caller.userRef
    ) {
      await this.label(caller, job, entry, buildNumber);
    }
  }

  /**
   * Labels the build of a run on record, told by a build event, as the
   * person on record: once, whichever of this and the polling path claims
   * the entry first. The entry itself is left as it was recorded (the
   * build's number is kept with its outcome); a failure is logged.
   */
  async labelRecorded(
    caller: Caller,
    job: ResolvedJob,
    entry: AuditEntry,
    buildNumber: number,
  ): Promise<void> {
    try {
      await this.claimAndDescribe(caller, job, entry, buildNumber);
    } catch (error) {
      this.options.logger.warn(
        `Build #${buildNumber} was not labelled: ${(error as Error).message} (${
          job.fullName
        }, request ${entry.requestId})`,
      );
    }
  }

  private async claimAndDescribe(
    caller: Caller,
    job: ResolvedJob,
    entry: AuditEntry,
    buildNumber: number,
  ): Promise<void> {
    const { store, gateway } = this.options;
    if (!(await store.claimLabelling(entry.id, this.now()))) {
      return;
    }
    await gateway.setBuildDescription(
      jenkinsCallContext(this.options.principals, caller, job, 'write'),
      job.fullName,
      buildNumber,
      renderBuildDescription(
        this.options.descriptionTemplate,
        this.descriptionContext(caller, job, entry.requestId),
      ),
    );
  }

  private async label(
    caller: Caller,
    job: ResolvedJob,
    entry: AuditEntry,
    buildNumber: number,
  ): Promise<void> {
    const { store, logger } = this.options;
    try {
      if (entry.buildNumber !== buildNumber) {
        await store.complete(entry.id, { outcome: 'success', buildNumber });
      }
      await this.claimAndDescribe(caller, job, entry, buildNumber);
    } catch (error) {
      const note = `Build #${buildNumber} was not labelled: ${
        (error as Error).message
      }`;
      logger.warn(`${note} (${job.fullName}, request ${entry.requestId})`);
      await store
        .complete(entry.id, {
          outcome: 'success',
          message: entry.message ? `${entry.message}; ${note}` : note,
        })
        .catch(() => {});
    }
  }

  private descriptionContext(
    caller: Caller,
    job: ResolvedJob,
    requestId: string,
  ): BuildDescriptionContext {
    const principal = this.options.principals.principalFor(caller);
    return {
      userRef: caller.userRef,
      jenkinsUser:
        this.options.strategies.jenkinsUserOf(job.instance, principal) ??
        principal.userName,
      displayName: caller.displayName ?? principal.userName,
      entityRef: job.entityRef,
      owner: job.resource.owners.join(', ') || 'none',
      system: systemRefOf(job),
      requestId,
    };
  }
}

/** The entity's system as a full entity ref, or `none`. */
function systemRefOf(job: ResolvedJob): string {
  const system = (job.entity.spec as { system?: unknown } | undefined)?.system;
  if (typeof system !== 'string' || !system) {
    return 'none';
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(system, {
        defaultKind: 'system',
        defaultNamespace: job.entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return system;
  }
}
