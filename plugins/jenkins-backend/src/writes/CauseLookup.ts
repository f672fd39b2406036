import {
  JenkinsGateway,
  JenkinsRequestContext,
} from '../jenkins/JenkinsGateway';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { jobFullNameOfUrl } from './QueueItemMapper';

/** How many of the job's newest builds a lookup reads at most. */
export const CAUSE_BUILDS_SEARCHED = 50;

const CAUSE_FIELDS = 'causes[_class,shortDescription,userId]';

/** Queued items with their causes and job. */
export const QUEUE_CAUSES_TREE = `items[id,why,blocked,buildable,task[url],actions[${CAUSE_FIELDS}]]`;

/** The job's newest builds with their causes. */
export const BUILDS_CAUSES_TREE = `builds[number,queueId,url,actions[${CAUSE_FIELDS}]]{0,${CAUSE_BUILDS_SEARCHED}}`;

/**
 * What a restart or replay leaves on the build it starts: the
 * plugin's cause (`RestartDeclarativePipelineCause` "Restarted from build
 * #41, stage Deploy", `ReplayCause` "Replayed #41" / "Rebuilt #41") next to
 * the person's `UserIdCause` (both actions add `new Cause.UserIdCause()`).
 */
export interface StartedByCause {
  /** The end of the cause's `_class`, e.g. `RestartDeclarativePipelineCause`. */
  classSuffix: string;
  /** Its exact `shortDescription`. */
  description: string;
  /** The Jenkins user the person is, whose `UserIdCause` it carries. */
  userId: string;
  /** Builds numbered below this were there before the write. */
  fromBuildNumber: number;
}

/** Where a started item was found. */
export interface FoundStart {
  queueId: number | null;
  state: 'waiting' | 'blocked' | 'buildable' | 'started';
  why: string | null;
  buildNumber: number | null;
  buildUrl: string | null;
}

type RawCauses = {
  actions?: Array<{
    causes?: Array<{
      _class?: string;
      shortDescription?: string;
      userId?: string | null;
    }>;
  } | null>;
};

function carries(item: RawCauses, cause: StartedByCause): boolean {
  const causes = (item.actions ?? []).flatMap(a => a?.causes ?? []);
  return (
    causes.some(
      c =>
        (c._class ?? '').endsWith(cause.classSuffix) &&
        c.shortDescription === cause.description,
    ) && causes.some(c => c.userId === cause.userId)
  );
}

/**
 * Finds the queue item or build a restart or replay started: Jenkins
 * answers them with a redirect to the job, not with a queue item. Reads the
 * queue first, then the job's newest builds (so an item that leaves the
 * queue in between is seen as a build). Undefined when neither has it.
 */
export async function findStartedByCause(
  gateway: Pick<JenkinsGateway, 'getQueue' | 'getJob'>,
  ctx: JenkinsRequestContext,
  job: ResolvedJob,
  cause: StartedByCause,
): Promise<FoundStart | undefined> {
  const queue = (await gateway.getQueue(ctx, QUEUE_CAUSES_TREE)) as {
    items?: Array<
      RawCauses & {
        id?: number;
        why?: string | null;
        blocked?: boolean;
        buildable?: boolean;
        task?: { url?: string } | null;
      }
    >;
  };
  const queued = (queue.items ?? []).find(
    item =>
      typeof item?.id === 'number' &&
      jobFullNameOfUrl(item.task?.url ?? undefined) === job.fullName &&
      carries(item, cause),
  );
  if (queued) {
    let state: FoundStart['state'] = 'waiting';
    if (queued.blocked) state = 'blocked';
    else if (queued.buildable) state = 'buildable';
    return {
      queueId: queued.id!,
      state,
      why: queued.why ?? null,
      buildNumber: null,
      buildUrl: null,
    };
  }
  const read = (await gateway.getJob(
    ctx,
    job.fullName,
    BUILDS_CAUSES_TREE,
  )) as {
    builds?: Array<
      RawCauses & { number?: number; queueId?: number; url?: string }
    >;
  };
  const build = (read.builds ?? []).find(
    b =>
      typeof b?.number === 'number' &&
      b.number >= cause.fromBuildNumber &&
      carries(b, cause),
  );
  if (!build) {
    return undefined;
  }
  return {
    queueId: typeof build.queueId === 'number' ? build.queueId : null,
    state: 'started',
    why: null,
    buildNumber: build.number!,
    buildUrl: build.url ?? null,
  };
}
