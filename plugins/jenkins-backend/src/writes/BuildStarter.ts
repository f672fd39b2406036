import {
  ParameterDefinition,
  QueueState,
  TriggerResponse,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import {
  JenkinsGateway,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';
import { RawJob } from '../jenkins/JenkinsJson';
import { PARAMETER_DEFINITIONS_TREE } from '../jenkins/jenkinsTrees';
import { ResolvedJob } from '../jobs/ResolvedJob';
import {
  parameterDefinitionsOf,
  toParameterDefinition,
} from '../reads/ParameterMapper';
import { PreparedWrite, WriteLookup } from './PreparedWrite';
import { BackstageParameterValues } from './TriggerParameters';
import {
  findTrigger,
  REQUEST_ID_PARAMETER,
  TriggerMark,
} from './TriggerLookup';
import { WriteContext } from './WriteContext';

/** Options of {@link BuildStarter}. */
export interface BuildStarterOptions {
  gateway: JenkinsGateway;
  context(
    caller: Caller,
    job: ResolvedJob,
    purpose: JenkinsRequestContext['purpose'],
  ): JenkinsRequestContext;
  /** A queue item's state, 404 unless it is this job's. */
  queueState(
    caller: Caller,
    job: ResolvedJob,
    queueId: number,
  ): Promise<QueueState>;
  /** Drops cached reads of the job before a state check. */
  freshState(job: ResolvedJob): Promise<void>;
}

/**
 * Starts a build (a run or a rebuild) and, for a later attempt of the same
 * request whose outcome is unknown, finds the build it started.
 */
export class BuildStarter {
  constructor(private readonly options: BuildStarterOptions) {}

  /**
   * The parameter definitions a run is checked against, and where a later
   * attempt would look for it (a cached, older next build number only
   * widens that search).
   */
  async target(
    caller: Caller,
    job: ResolvedJob,
  ): Promise<{ definitions: ParameterDefinition[]; mark: TriggerMark }> {
    const raw = (await this.options.gateway.getJob(
      this.options.context(caller, job, 'read'),
      job.fullName,
      `${PARAMETER_DEFINITIONS_TREE},nextBuildNumber`,
    )) as RawJob & { nextBuildNumber?: number };
    const definitions = parameterDefinitionsOf(raw).map(toParameterDefinition);
    return {
      definitions,
      mark: {
        nextBuildNumber: raw.nextBuildNumber ?? 1,
        carriesRequestId: definitions.some(
          d => d.name === REQUEST_ID_PARAMETER,
        ),
      },
    };
  }

  /** The run, and how a later attempt finds it. */
  prepare(
    caller: Caller,
    job: ResolvedJob,
    parameters: Record<string, string> | undefined,
    mark: TriggerMark,
    context: WriteContext,
  ): Omit<PreparedWrite<TriggerResponse>, 'auditParameters'> {
    return {
      execute: () => this.startBuild(caller, job, parameters, context),
      lookup: this.triggerLookup(caller, job, mark, context),
    };
  }

  /** Finds the trigger of an earlier attempt of this request in Jenkins. */
  private triggerLookup(
    caller: Caller,
    job: ResolvedJob,
    mark: TriggerMark,
    context: WriteContext,
  ): WriteLookup<TriggerResponse> {
    return {
      mark,
      find: async earlierMark => {
        await this.options.freshState(job);
        const found = await findTrigger(
          this.options.gateway,
          this.options.context(caller, job, 'read'),
          job,
          context.requestId,
          earlierMark,
        );
        if (!found) {
          return undefined;
        }
        const queue: QueueState =
          found.buildNumber === null
            ? await this.options.queueState(caller, job, found.queueId)
            : { ...found, state: 'started', why: null };
        return {
          result: { requestId: context.requestId, queue },
          completion: {
            queueId: queue.queueId,
            buildNumber: queue.buildNumber,
          },
        };
      },
    };
  }

  /** Triggers and reads the queue item once, for its state in the answer. */
  private async startBuild(
    caller: Caller,
    job: ResolvedJob,
    parameters: Record<string, string> | undefined,
    context: WriteContext,
  ) {
    const { queueId, alreadyQueued, status } =
      await this.options.gateway.triggerBuild(
        this.options.context(caller, job, 'write'),
        job.fullName,
        parameters,
      );
    let queue: QueueState = {
      queueId,
      state: 'waiting',
      why: null,
      buildNumber: null,
      buildUrl: null,
    };
    let note: string | undefined;
    try {
      queue = await this.options.queueState(caller, job, queueId);
    } catch (error) {
      // The build was queued; its state is only a courtesy here.
      note = `The queue item could not be read after triggering: ${
        (error as Error).message
      }`;
    }
    return {
      jenkinsStatus: status,
      result: { requestId: context.requestId, queue },
      completion: {
        queueId,
        buildNumber: queue.buildNumber,
        message: alreadyQueued
          ? 'Jenkins already had an identical item queued'
          : note,
      },
    };
  }
}

/** The `BACKSTAGE_*` values a job that declares them receives. */
export function backstageParameters(
  caller: Caller,
  job: ResolvedJob,
  context: WriteContext,
): BackstageParameterValues {
  return {
    BACKSTAGE_USER: caller.userRef,
    BACKSTAGE_ENTITY: job.entityRef,
    BACKSTAGE_OWNER: job.resource.owners.join(','),
    BACKSTAGE_REQUEST_ID: context.requestId,
  };
}
