import { ConflictError } from '@backstage/errors';
import {
  JenkinsGateway,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { jobFullNameOfUrl } from './QueueItemMapper';

/** The build parameter a trigger's request id travels in. */
export const REQUEST_ID_PARAMETER = 'BACKSTAGE_REQUEST_ID';

/** How many of the job's newest builds a lookup reads at most. */
export const BUILDS_SEARCHED = 50;

/** Queued items with the parameters they were given and their job. */
export const QUEUE_REQUESTS_TREE =
  'items[id,params,task[url],actions[parameters[name,value]]]';

/** The job's newest builds with their parameters. */
export const BUILDS_REQUESTS_TREE = `nextBuildNumber,builds[number,queueId,url,actions[parameters[name,value]]]{0,${BUILDS_SEARCHED}}`;

/**
 * What a trigger stores before it is sent, for a later attempt to search
 * from: the job's next build number (any build it started has that number
 * or a higher one), and whether the job declares `BACKSTAGE_REQUEST_ID`
 * (Jenkins drops parameters a job does not declare, so only then can the
 * build be recognised).
 */
export interface TriggerMark {
  nextBuildNumber: number;
  carriesRequestId: boolean;
}

/** Where a trigger of an earlier attempt was found. */
export interface FoundTrigger {
  queueId: number;
  /** Null while the item waits in the queue. */
  buildNumber: number | null;
  buildUrl: string | null;
}

type RawParameters = {
  actions?: Array<{ parameters?: Array<{ name?: string; value?: unknown }> }>;
};
type RawQueueItem = RawParameters & {
  id?: number;
  params?: string;
  task?: { url?: string } | null;
};
type RawBuild = RawParameters & {
  number?: number;
  queueId?: number;
  url?: string;
};

function carries(
  item: RawParameters & { params?: string },
  requestId: string,
): boolean {
  const inActions = (item.actions ?? []).some(action =>
    (action?.parameters ?? []).some(
      p => p?.name === REQUEST_ID_PARAMETER && p.value === requestId,
    ),
  );
  // `params` holds "\nNAME=value" per parameter (Queue.Item#getParams).
  return (
    inActions ||
    (item.params ?? '')
      .split('\n')
      .includes(`${REQUEST_ID_PARAMETER}=${requestId}`)
  );
}

function isTriggerMark(mark: unknown): mark is TriggerMark {
  const m = mark as Partial<TriggerMark> | null;
  return (
    typeof m?.nextBuildNumber === 'number' &&
    typeof m.carriesRequestId === 'boolean'
  );
}

/**
 * Finds in Jenkins the queue item or build that a trigger with this request
 * id started, for an attempt whose outcome is unknown. Reads the queue
 * first, then the job's builds, so that an item leaving the queue in
 * between is seen as a build. Returns undefined only when Jenkins provably
 * has none: the job carries the request id and every build since the mark
 * was read. Throws 409 when it cannot tell.
 */
export async function findTrigger(
  gateway: Pick<JenkinsGateway, 'getQueue' | 'getJob'>,
  ctx: JenkinsRequestContext,
  job: ResolvedJob,
  requestId: string,
  mark: unknown,
): Promise<FoundTrigger | undefined> {
  const cannotTell = (why: string) =>
    new ConflictError(
      `The earlier attempt of request ${requestId} was sent to Jenkins but not confirmed, and ${why}, so Backstage cannot tell whether it started ${job.fullName}; check the job's builds, and send a new Idempotency-Key to run it again`,
    );
  if (!isTriggerMark(mark)) {
    throw cannotTell('it left nothing to search from');
  }
  if (!mark.carriesRequestId) {
    throw cannotTell(
      `the job does not declare the ${REQUEST_ID_PARAMETER} parameter`,
    );
  }

  const queue = (await gateway.getQueue(ctx, QUEUE_REQUESTS_TREE)) as {
    items?: RawQueueItem[];
  };
  const queued = (queue.items ?? []).find(
    item =>
      typeof item?.id === 'number' &&
      jobFullNameOfUrl(item.task?.url ?? undefined) === job.fullName &&
      carries(item, requestId),
  );
  if (queued) {
    return { queueId: queued.id!, buildNumber: null, buildUrl: null };
  }

  const read = (await gateway.getJob(
    ctx,
    job.fullName,
    BUILDS_REQUESTS_TREE,
  )) as { nextBuildNumber?: number; builds?: RawBuild[] };
  const builds = (read.builds ?? []).filter(b => typeof b?.number === 'number');
  const started = builds.find(b => carries(b, requestId));
  if (started) {
    return {
      queueId: started.queueId ?? 0,
      buildNumber: started.number!,
      buildUrl: started.url ?? null,
    };
  }
  const oldest = Math.min(...builds.map(b => b.number!));
  const complete =
    (read.nextBuildNumber ?? Infinity) <= mark.nextBuildNumber ||
    builds.length < BUILDS_SEARCHED ||
    oldest <= mark.nextBuildNumber;
  if (!complete) {
    throw cannotTell(
      `more than ${BUILDS_SEARCHED} builds of the job started since`,
    );
  }
  return undefined;
}
