import {
  buildEventId,
  BuildPhase,
  buildResultSchema,
  JenkinsBuildEvent,
  jenkinsBuildEventSchema,
} from '@internal/plugin-jenkins-common';

const BUILD_FIELDS =
  'number,result,building,timestamp,duration,queueId,url,actions[parameters[name,value]]';

/**
 * One request per annotated job: its newest builds, or — for a multibranch
 * project, which has no builds of its own — its branch jobs' newest builds.
 */
export const WATCH_TREE = `builds[${BUILD_FIELDS}]{0,5},jobs[name,builds[${BUILD_FIELDS}]{0,5}]{0,50}`;

interface WatchedBuild {
  number?: unknown;
  result?: unknown;
  building?: unknown;
  timestamp?: unknown;
  duration?: unknown;
  queueId?: unknown;
  url?: unknown;
  actions?: unknown;
}

interface WatchedJob {
  builds?: WatchedBuild[];
  jobs?: Array<{ name?: unknown; builds?: WatchedBuild[] }>;
}

function requestIdOf(actions: unknown): string | undefined {
  for (const action of Array.isArray(actions) ? actions : []) {
    const parameters = (action as { parameters?: unknown } | null)?.parameters;
    for (const parameter of Array.isArray(parameters) ? parameters : []) {
      if (
        parameter?.name === 'BACKSTAGE_REQUEST_ID' &&
        typeof parameter.value === 'string'
      ) {
        return parameter.value;
      }
    }
  }
  return undefined;
}

/**
 * The transitions a build shows: a running build has started; a build with
 * a result has started, completed and been finalized (polling cannot tell
 * the last two apart). A build with neither is skipped.
 */
function eventsOfBuild(
  instance: string,
  jobFullName: string,
  build: WatchedBuild,
  nowMs: number,
): JenkinsBuildEvent[] {
  const result = buildResultSchema.safeParse(build.result);
  let phases: BuildPhase[] = [];
  if (build.building === true) {
    phases = ['STARTED'];
  } else if (result.success) {
    phases = ['STARTED', 'COMPLETED', 'FINALIZED'];
  }
  const timestamp =
    typeof build.timestamp === 'number' ? build.timestamp : nowMs;
  const duration =
    typeof build.duration === 'number' && build.duration > 0
      ? build.duration
      : undefined;
  return phases.flatMap(phase => {
    const finished = phase !== 'STARTED';
    const event = jenkinsBuildEventSchema.safeParse({
      id: buildEventId(instance, jobFullName, build.number as number, phase),
      instance,
      jobFullName,
      buildNumber: build.number,
      queueId:
        typeof build.queueId === 'number' && build.queueId > 0
          ? build.queueId
          : undefined,
      phase,
      result: finished && result.success ? result.data : undefined,
      buildUrl: typeof build.url === 'string' ? build.url : undefined,
      timestampMs: finished && duration ? timestamp + duration : timestamp,
      durationMs: finished ? duration : undefined,
      requestId: requestIdOf(build.actions),
      source: 'watcher',
    });
    // Whatever Jenkins answered that is no build (a bad number) is skipped.
    return event.success ? [event.data] : [];
  });
}

/**
 * The events a watched job's answer (`WATCH_TREE`) shows, oldest build
 * first and in phase order.
 */
export function eventsOfWatchedJob(
  instance: string,
  jobFullName: string,
  answer: unknown,
  nowMs: number,
): JenkinsBuildEvent[] {
  const job = (answer ?? {}) as WatchedJob;
  const builds: Array<{ job: string; build: WatchedBuild }> = [
    ...(Array.isArray(job.builds) ? job.builds : []).map(build => ({
      job: jobFullName,
      build,
    })),
    ...(Array.isArray(job.jobs) ? job.jobs : []).flatMap(branch =>
      typeof branch?.name === 'string' &&
      branch.name &&
      !branch.name.includes('/') &&
      Array.isArray(branch.builds)
        ? branch.builds.map(build => ({
            job: `${jobFullName}/${branch.name}`,
            build,
          }))
        : [],
    ),
  ];
  return builds
    .flatMap(({ job: name, build }) =>
      eventsOfBuild(instance, name, build, nowMs),
    )
    .sort(
      (a, b) =>
        a.jobFullName.localeCompare(b.jobFullName) ||
        a.buildNumber - b.buildNumber,
    );
}
