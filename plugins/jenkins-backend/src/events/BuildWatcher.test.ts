import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JenkinsBuildEvent } from '@internal/plugin-jenkins-common';
import { readJenkinsConfig } from '../config/JenkinsConfig';
import { BuildWatcher } from './BuildWatcher';

function instanceWith(poll: object) {
  return readJenkinsConfig(
    new ConfigReader({
      jenkins: {
        instances: [
          {
            name: 'default',
            baseUrl: 'http://jenkins',
            identity: { strategy: 'jwt' },
            events: { poll: { runAs: { user: 'watcher' }, ...poll } },
          },
        ],
      },
    }),
  ).instances.get('default')!;
}

function watcherOf(options: { jobs: string[]; maxRequestsPerMinute: number }) {
  let now = 0;
  const ledger = new Set<string>();
  const received: JenkinsBuildEvent[] = [];
  const reads: string[] = [];
  let builds: object[] = [];
  const watcher = new BuildWatcher({
    instance: instanceWith({
      maxRequestsPerMinute: options.maxRequestsPerMinute,
    }),
    gateway: {
      getJob: async (_ctx, fullName) => {
        reads.push(fullName);
        return { builds };
      },
    },
    index: { jobsOf: async () => options.jobs },
    ledger: {
      claim: async id => (ledger.has(id) ? false : !!ledger.add(id)),
      has: async id => ledger.has(id),
      touch: async () => {},
    },
    hub: {
      receive: async event => {
        received.push(event);
        return ledger.has(event.id)
          ? 'duplicate'
          : (ledger.add(event.id), 'handled');
      },
    },
    logger: mockServices.logger.mock(),
    now: () => now,
  });
  return {
    watcher,
    reads,
    received,
    setBuilds: (b: object[]) => {
      builds = b;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('BuildWatcher', () => {
  it('makes at most maxRequestsPerMinute Jenkins requests a minute, every job in turn', async () => {
    const w = watcherOf({ jobs: ['a', 'b', 'c'], maxRequestsPerMinute: 2 });
    await w.watcher.poll();
    w.advance(20_000);
    await w.watcher.poll();
    expect(w.reads).toEqual(['a', 'b']);
    w.advance(40_000);
    await w.watcher.poll();
    expect(w.reads).toEqual(['a', 'b', 'c', 'a']);
  });

  it('records what is there on its first look, then reports only transitions', async () => {
    const w = watcherOf({ jobs: ['a'], maxRequestsPerMinute: 60 });
    w.setBuilds([
      { number: 1, result: 'SUCCESS', building: false, timestamp: 5 },
    ]);
    await w.watcher.poll();
    expect(w.received).toEqual([]);
    w.setBuilds([
      { number: 2, result: null, building: true, timestamp: 50 },
      { number: 1, result: 'SUCCESS', building: false, timestamp: 5 },
    ]);
    w.advance(1000);
    await w.watcher.poll();
    expect(w.received.map(e => [e.buildNumber, e.phase])).toEqual([
      [2, 'STARTED'],
    ]);
    w.setBuilds([
      {
        number: 2,
        result: 'FAILURE',
        building: false,
        timestamp: 50,
        duration: 70,
      },
    ]);
    w.advance(1000);
    await w.watcher.poll();
    expect(
      w.received.slice(1).map(e => [e.phase, e.result, e.durationMs]),
    ).toEqual([
      ['COMPLETED', 'FAILURE', 70],
      ['FINALIZED', 'FAILURE', 70],
    ]);
    expect(w.received.every(e => e.source === 'watcher')).toBe(true);
  });
});
