import {
  AuditEntry,
  buildResultSchema,
  ChangeRecord,
  ChangeRecordStep,
  encodeJobId,
  jenkinsJobReadPermission,
} from '@internal/plugin-jenkins-common';
import { BuildAuditReader } from '../audit/types';
import { Caller } from '../identity/types';
import { RawBuild, RawJob } from '../jenkins/JenkinsJson';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { BuildContext } from '../permissions/BuildFactsResolver';
import {
  changeRecordDigest,
  commitsOf,
  inputIdOf,
  relationTarget,
  viaOf,
} from './ChangeRecordParts';
import { passwordParameterNames, toParameterValues } from './ParameterMapper';

/** What {@link ChangeRecordService} is built from. */
export interface ChangeRecordServiceOptions {
  resolver: {
    resolveJob(
      caller: Caller,
      entityRef: string,
      jobId: string,
    ): Promise<ResolvedJob>;
    confirmBranch(caller: Caller, job: ResolvedJob): Promise<void>;
  };
  authorizer: {
    authorizeJob(
      caller: Caller,
      permission: typeof jenkinsJobReadPermission,
      job: ResolvedJob,
    ): Promise<void>;
  };
  builds: {
    contextOf(
      caller: Caller,
      job: ResolvedJob,
      buildNumber: number,
    ): Promise<BuildContext>;
  };
  audit: Pick<BuildAuditReader, 'entriesOfBuild'>;
  jenkins: {
    /** The build with `CHANGE_RECORD_TREE`, read as the caller reads the job. */
    readRecordBuild(
      caller: Caller,
      job: ResolvedJob,
      buildNumber: number,
    ): Promise<RawBuild>;
    /** The job's parameter types, to mask passwords. */
    readParameterTypes(caller: Caller, job: ResolvedJob): Promise<RawJob>;
  };
  now?: () => number;
}

/**
 * One document per build that an auditor accepts as the evidence of a
 * change: the entity, its owner and system; who requested the build and
 * how; its parameters (secrets masked); every approval, rejection, abort
 * and rebuild asked on it, with the person, the time, the policy's
 * decision and Jenkins' answer; the build's result, duration and commits;
 * and a sha256 digest over all of it, so that a record kept today shows
 * tomorrow whether anything it says has changed.
 */
export class ChangeRecordService {
  constructor(private readonly options: ChangeRecordServiceOptions) {}

  async record(
    caller: Caller,
    entityRef: string,
    jobId: string,
    buildNumber: number,
  ): Promise<ChangeRecord> {
    const { resolver, authorizer } = this.options;
    const job = await resolver.resolveJob(caller, entityRef, jobId);
    await authorizer.authorizeJob(caller, jenkinsJobReadPermission, job);
    await resolver.confirmBranch(caller, job);
    return this.recordOf(caller, job, buildNumber);
  }

  /**
   * The change records of the builds that audited runs and rebuilds
   * started (the audit export's `format=records`): each job resolved
   * through its entity and checked as for one record; a run whose build is
   * not known yet, or whose job the caller cannot reach, is listed as
   * skipped with the reason.
   */
  async recordsOf(
    caller: Caller,
    entries: AuditEntry[],
  ): Promise<{
    items: ChangeRecord[];
    skipped: Array<{ auditId: string; reason: string }>;
  }> {
    const items: ChangeRecord[] = [];
    const skipped: Array<{ auditId: string; reason: string }> = [];
    const seen = new Set<string>();
    for (const entry of entries) {
      const buildNumber =
        entry.build?.number ??
        (entry.action === 'trigger' ? entry.buildNumber : null);
      if (buildNumber === null || buildNumber === undefined) {
        skipped.push({
          auditId: entry.id,
          reason: 'The build it started is not known (yet)',
        });
        continue;
      }
      const key = `${entry.instance}|${entry.jobFullName}|${buildNumber}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      try {
        items.push(
          await this.record(
            caller,
            entry.entityRef,
            encodeJobId(entry.instance, entry.jobFullName),
            buildNumber,
          ),
        );
      } catch (error) {
        skipped.push({ auditId: entry.id, reason: (error as Error).message });
      }
    }
    return { items, skipped };
  }

  /** The record of a build of a job the caller may read (already checked). */
  async recordOf(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
  ): Promise<ChangeRecord> {
    const { builds, audit, jenkins } = this.options;
    const [raw, types] = await Promise.all([
      jenkins.readRecordBuild(caller, job, buildNumber),
      jenkins.readParameterTypes(caller, job),
    ]);
    const context = await builds.contextOf(caller, job, buildNumber);
    const start = context.start;
    const entries = await audit.entriesOfBuild(
      job.instance,
      job.fullName,
      buildNumber,
    );
    const steps: ChangeRecordStep[] = entries
      .filter(entry => entry.id !== start?.id)
      .map(entry => ({
        auditId: entry.id,
        action: entry.action,
        time: entry.time,
        by: {
          userRef: entry.actor.userRef,
          jenkinsUser: entry.actor.jenkinsUser,
        },
        via: entry.via,
        inputId: inputIdOf(entry),
        decision: entry.decision,
        message: entry.message,
        outcome: entry.outcome,
        jenkinsStatus: entry.jenkinsStatus,
        parameters: entry.parameters,
      }));
    const approvedBy = steps
      .filter(
        s =>
          s.action === 'approve' &&
          s.decision === 'allow' &&
          s.outcome === 'success',
      )
      .map(s => s.by.userRef ?? '')
      .filter(Boolean);
    const starter = context.facts.startedBy;
    let separation: ChangeRecord['separationOfDuties'] = 'not-applicable';
    if (approvedBy.length > 0) {
      if (!starter) {
        separation = 'starter-unknown';
      } else {
        separation = approvedBy.some(
          ref => ref.toLocaleLowerCase('en-US') === starter,
        )
          ? 'violated'
          : 'kept';
      }
    }
    const userCause = (raw.actions ?? [])
      .flatMap(a => a?.causes ?? [])
      .find(c => /UserIdCause$/.test(c._class ?? ''));
    const result = buildResultSchema.safeParse(raw.result);
    const entity = job.entity;
    const parameters = toParameterValues(
      (raw.actions ?? []).flatMap(action => action?.parameters ?? []),
      passwordParameterNames(types),
    );
    const requestId =
      start?.requestId ??
      (parameters.find(p => p.name === 'BACKSTAGE_REQUEST_ID')?.value as
        | string
        | undefined) ??
      null;
    const content: Omit<ChangeRecord, 'generatedAt' | 'digest'> = {
      schemaVersion: 1,
      entity: {
        ref: job.entityRef,
        title: entity.metadata.title ?? null,
        owner: relationTarget(entity, 'ownedBy', 'owner', 'group'),
        system: relationTarget(entity, 'partOf', 'system', 'system'),
      },
      job: {
        instance: job.instance,
        fullName: job.fullName,
        environment: job.resource.environment,
        url: raw.url ? raw.url.replace(/\d+\/?$/, '') : null,
      },
      build: {
        number: buildNumber,
        url: raw.url ?? null,
        result: result.success ? result.data : null,
        building: raw.building === true || raw.inProgress === true,
        startedAt:
          typeof raw.timestamp === 'number'
            ? new Date(raw.timestamp).toISOString()
            : null,
        durationMs:
          raw.building || raw.inProgress ? null : raw.duration ?? null,
        revision:
          (raw.actions ?? []).find(a => a?.lastBuiltRevision?.SHA1)
            ?.lastBuiltRevision?.SHA1 ?? null,
        commits: commitsOf(raw),
      },
      requester: {
        userRef: starter,
        jenkinsUser: start?.actor.jenkinsUser ?? userCause?.userId ?? null,
        via: requesterVia(start, context.facts.startedBySource),
        source: context.facts.startedBySource,
        time: start?.time ?? null,
        requestId:
          typeof requestId === 'string' && requestId ? requestId : null,
        decision: start?.decision ?? null,
        jenkinsStatus: start?.jenkinsStatus ?? null,
      },
      parameters,
      steps,
      approvedBy,
      separationOfDuties: separation,
    };
    const now = this.options.now ?? Date.now;
    return {
      ...content,
      generatedAt: new Date(now()).toISOString(),
      digest: { algorithm: 'sha256', value: changeRecordDigest(content) },
    };
  }
}

/** How the build was requested: the audited adapter, or Jenkins itself. */
function requesterVia(
  start: AuditEntry | undefined,
  source: ChangeRecord['requester']['source'],
): ChangeRecord['requester']['via'] {
  if (start) {
    return viaOf(start.via);
  }
  return source === 'jenkins' ? 'jenkins' : 'unknown';
}
