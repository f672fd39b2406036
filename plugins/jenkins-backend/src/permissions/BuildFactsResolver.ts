import { AuditEntry, JenkinsBuildFacts } from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { RawBuild } from '../jenkins/JenkinsJson';
import { ResolvedJob } from '../jobs/ResolvedJob';

/** The build as a decision about it needs it, and where its starter came from. */
export interface BuildContext {
  facts: JenkinsBuildFacts;
  /** The audited run or rebuild that started it, when made through Backstage. */
  start?: AuditEntry;
  /** The build as Jenkins answered, when it was asked. */
  raw?: RawBuild;
}

/** What {@link BuildFactsResolver} reads. */
export interface BuildFactsResolverOptions {
  audit: {
    startOfBuild(
      instance: string,
      jobFullName: string,
      buildNumber: number,
    ): Promise<AuditEntry | undefined>;
    findByQueueItem(
      instance: string,
      queueId: number,
    ): Promise<AuditEntry | undefined>;
  };
  /** The build's detail (`BUILD_DETAIL_TREE`), read as the caller reads the job. */
  readBuild(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
  ): Promise<RawBuild>;
  users: {
    userRefOf(jenkinsUserId: string | null | undefined): Promise<string | null>;
  };
}

function isUserIdCause(jenkinsClass: string | undefined): boolean {
  return /(^|[.$])UserIdCause$/.test(jenkinsClass ?? '');
}

function sameJob(entry: AuditEntry, job: ResolvedJob): boolean {
  return (
    entry.instance === job.instance &&
    entry.jobFullName.toLocaleLowerCase('en-US') ===
      job.fullName.toLocaleLowerCase('en-US')
  );
}

/**
 * Establishes who started a build, for permission decisions about it
 * (approve, reject, abort, rebuild) and for its change record. Never from
 * the request:
 * 1. the audit trail: the run or rebuild whose answer (or build events)
 *    named this build number — no Jenkins call;
 * 2. else Jenkins: the build's `queueId` matched to an audited run of the
 *    same job (Jenkins assigns queue ids, so nobody can claim one);
 * 3. else Jenkins' `hudson.model.Cause$UserIdCause`, its `userId` mapped
 *    back to a Backstage user through `jenkins.userMapping`;
 * 4. else unknown (`startedBy: null`): a timer, SCM, upstream or anonymous
 *    cause, or a Jenkins user with no Backstage user. Policies decide what
 *    unknown means (`IS_BUILD_STARTED_BY_CALLER`'s `matchUnknown`).
 */
export class BuildFactsResolver {
  constructor(private readonly options: BuildFactsResolverOptions) {}

  async contextOf(
    caller: Caller,
    job: ResolvedJob,
    buildNumber: number,
  ): Promise<BuildContext> {
    const { audit, readBuild, users } = this.options;
    const environment = job.resource.environment;
    const recorded = await audit.startOfBuild(
      job.instance,
      job.fullName,
      buildNumber,
    );
    if (recorded) {
      return {
        start: recorded,
        facts: {
          number: buildNumber,
          startedBy: recorded.actor.userRef.toLocaleLowerCase('en-US'),
          startedBySource: 'audit',
          parameterNames: Object.keys(recorded.parameters ?? {}).sort(),
          environment,
        },
      };
    }
    const raw = await readBuild(caller, job, buildNumber);
    const parameterNames = [
      ...new Set(
        (raw.actions ?? [])
          .flatMap(action => action?.parameters ?? [])
          .map(p => p.name)
          .filter((name): name is string => typeof name === 'string'),
      ),
    ].sort();
    const base = { number: buildNumber, parameterNames, environment };
    if (typeof raw.queueId === 'number') {
      const queued = await audit.findByQueueItem(job.instance, raw.queueId);
      if (queued && sameJob(queued, job)) {
        return {
          start: queued,
          raw,
          facts: {
            ...base,
            startedBy: queued.actor.userRef.toLocaleLowerCase('en-US'),
            startedBySource: 'audit',
          },
        };
      }
    }
    const causes = (raw.actions ?? []).flatMap(action => action?.causes ?? []);
    const userCause = causes.find(cause => isUserIdCause(cause._class));
    const startedBy = userCause
      ? await users.userRefOf(userCause.userId)
      : null;
    return {
      raw,
      facts: {
        ...base,
        startedBy,
        startedBySource: startedBy ? 'jenkins' : 'unknown',
      },
    };
  }
}
