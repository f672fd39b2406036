import { StartedBuildResponse } from '@internal/plugin-jenkins-common';
import {
  JenkinsGateway,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';
import { RawJob } from '../jenkins/JenkinsJson';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { findStartedByCause, StartedByCause } from './CauseLookup';
import { PreparedWrite, WriteLookup } from './PreparedWrite';
import { WriteContext } from './WriteContext';

/** What a write that starts a build needs, for one person on one job. */
export interface StartDeps {
  gateway: JenkinsGateway;
  /** The person's context: every call of the write goes as them. */
  ctx: JenkinsRequestContext;
  job: ResolvedJob;
  /** The Jenkins user the person is: their `UserIdCause` marks the build. */
  userId: string;
  /** Drops cached reads of the job before a state check. */
  freshState(): Promise<void>;
}

/**
 * Prepares a write that starts a build which Jenkins answers with a
 * redirect, not a queue item (restart, replay): the next build number is
 * marked before; the new item is found after by its cause and the person's
 * user cause — right after the write, or by a later attempt of the same
 * request whose outcome was unknown (then only builds from the mark on
 * count, so an older restart of the same stage is never mistaken for it).
 */
export async function prepareStartByCause(
  deps: StartDeps,
  context: WriteContext,
  start: {
    /** The end of the cause's `_class`. */
    classSuffix: string;
    /** Its exact `shortDescription`. */
    description: string;
    post: () => Promise<{ status: number }>;
    message: string;
  },
): Promise<PreparedWrite<StartedBuildResponse>> {
  const { gateway, ctx, job } = deps;
  const next = (await gateway.getJob(
    ctx,
    job.fullName,
    'nextBuildNumber',
  )) as RawJob & { nextBuildNumber?: number };
  const mark = { nextBuildNumber: next.nextBuildNumber ?? 1 };
  const causeFrom = (fromBuildNumber: number): StartedByCause => ({
    classSuffix: start.classSuffix,
    description: start.description,
    userId: deps.userId,
    fromBuildNumber,
  });
  const respond = async (
    fromBuildNumber: number,
  ): Promise<StartedBuildResponse> => {
    await deps.freshState();
    const found = await findStartedByCause(
      gateway,
      ctx,
      job,
      causeFrom(fromBuildNumber),
    );
    return {
      requestId: context.requestId,
      queue: found ?? null,
      message: found
        ? start.message
        : `${start.message}; Jenkins has not listed the new build yet`,
    };
  };
  const lookup: WriteLookup<StartedBuildResponse> = {
    mark,
    find: async earlierMark => {
      const earlier = (earlierMark as typeof mark | undefined)?.nextBuildNumber;
      const response = await respond(
        typeof earlier === 'number' ? earlier : mark.nextBuildNumber,
      );
      if (!response.queue) return undefined;
      return {
        result: response,
        completion: {
          queueId: response.queue.queueId,
          buildNumber: response.queue.buildNumber,
        },
      };
    },
  };
  return {
    lookup,
    execute: async () => {
      const { status } = await start.post();
      let result: StartedBuildResponse;
      try {
        result = await respond(mark.nextBuildNumber);
      } catch (error) {
        // The build was started; where it is is only a courtesy here.
        result = {
          requestId: context.requestId,
          queue: null,
          message: `${start.message}; the new build could not be looked up: ${
            (error as Error).message
          }`,
        };
      }
      return {
        jenkinsStatus: status,
        result,
        completion: {
          queueId: result.queue?.queueId ?? null,
          buildNumber: result.queue?.buildNumber ?? null,
          message: result.queue ? undefined : result.message,
        },
      };
    },
  };
}
