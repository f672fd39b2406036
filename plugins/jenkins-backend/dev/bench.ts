/*
 * What many viewers cost: N distinct people open payments-service's Jenkins
 * tab and reload it for T seconds. Not a test; from the repository root:
 *
 *   yarn bench [--viewers 200] [--seconds 30] [--ramp 0]
 *              [--reads perUser|shared|verified] [--view auto|tab|overview]
 *              [--ttl 10] [--latency 50] [--instance '{"key":"value"}'] [--json]
 *              [--cold-process] [--heap-mb 524]
 *
 * The simulator (`demo` scenario, +latency ms on every request) runs in this
 * process with the viewers (dev/bench/viewers.ts); the backend (this plugin,
 * dev/bench/backendProcess.ts) runs in a child process, so its CPU time and
 * RSS are its own. `--reads` unset leaves the plugin's default read mode;
 * `--instance` merges extra keys into the Jenkins instance's config;
 * `--view auto` uses the overview route if the tab's API client does, else the
 * four routes the tab fetches today. Before the viewers start, someone else
 * reads another entity once (see warmUp), unless `--cold-process`.
 * `--heap-mb` is the backend's V8 heap limit (`--max-heap-size`): by default
 * the one Node gives the shipped container (dev/bench/containerHeap.ts);
 * `--heap-mb 0` leaves V8 to size it from this host's memory.
 * Figures: dev/bench/figures.ts. BENCH_REQUEST_LOG=<file> writes the
 * simulator's request log there (times relative to the start).
 *
 * Self-contained (no test utilities of src/): copy dev/bench.ts and
 * dev/bench/ into an older checkout to measure it the same way.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { startJenkinsSim } from '@internal/jenkins-sim';
import { JsonObject } from '@backstage/types';
import { ChildProcess, execSync, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CONTAINER_HEAP_MB } from './bench/containerHeap';
import { computeFigures, percentile, splitRequests } from './bench/figures';
import { runViewers, ViewKind } from './bench/viewers';

const ENTITY = '/v1/entities/component/default/payments-service';
const TIMEOUT_MS = 20_000;
const READ_USER = 'backstage-reader';

interface Stats {
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  rssOutsideHeap: number;
}

function startBackend(instance: JsonObject, heapMb: number) {
  const child = fork(
    path.join(__dirname, 'bench', 'backendProcess.ts'),
    [JSON.stringify(instance)],
    {
      execArgv: [
        '--expose-gc',
        ...(heapMb > 0 ? [`--max-heap-size=${heapMb}`] : []),
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      ],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  const ready = new Promise<{ port: number; heapLimitMb: number }>(
    (resolve, reject) => {
      child.once('exit', code => reject(new Error(`backend exited (${code})`)));
      child.on(
        'message',
        (m: { type: string; port?: number; heapLimit?: number }) => {
          if (m.type === 'ready') {
            // An older backendProcess.ts does not report its heap limit.
            const heapLimitMb = m.heapLimit ? m.heapLimit / 2 ** 20 : NaN;
            resolve({ port: m.port!, heapLimitMb });
          }
        },
      );
    },
  );
  return { child, ready };
}

let statsRequests = 0;

/**
 * The backend's CPU and memory now (after a full GC when `gc`). Answers are
 * matched by id: a sampler's answer still on its way must not stand in for a
 * GC'd reading.
 */
function backendStats(child: ChildProcess, gc: boolean): Promise<Stats> {
  const id = ++statsRequests;
  return new Promise(resolve => {
    const onMessage = (m: { type: string; id?: number } & Stats) => {
      if (m.type === 'stats' && m.id === id) {
        child.off('message', onMessage);
        resolve({
          cpuMicros: m.cpuMicros,
          rss: m.rss,
          heapUsed: m.heapUsed,
          rssOutsideHeap: m.rssOutsideHeap,
        });
      }
    };
    child.on('message', onMessage);
    child.send({ type: 'stats', gc, id });
  });
}

function commandLine(): string {
  const args = process.argv
    .slice(2)
    .map(a => (/^[\w.,:=/-]+$/.test(a) ? a : `'${a}'`));
  return ['yarn bench', ...args].join(' ');
}

function gitCommit(): string {
  // Changes to the bench itself (copied into an older checkout) do not count.
  const exclude = [
    'package.json',
    'plugins/jenkins-backend/package.json',
    'plugins/jenkins-backend/dev/bench.ts',
    'plugins/jenkins-backend/dev/bench',
  ].map(p => `':(top,exclude)${p}'`);
  try {
    const head = execSync('git rev-parse --short HEAD', { encoding: 'utf8' });
    const dirty = execSync(
      `git status --porcelain --untracked-files=no -- ':/' ${exclude.join(
        ' ',
      )}`,
      { encoding: 'utf8' },
    );
    return `${head.trim()}${dirty.trim() ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

/**
 * Whether the Jenkins tab paints from the overview route: its API client
 * (plugins/jenkins) asks for `/overview`. Read from source so that no
 * request warms a cache before the cold start.
 */
function tabUsesOverview(): boolean {
  const client = path.join(__dirname, '../../jenkins/src/api/JenkinsClient.ts');
  try {
    return fs.readFileSync(client, 'utf8').includes('/overview');
  } catch {
    return false;
  }
}

/**
 * One read of another entity (nightly-backup: no job in common with
 * payments-service) by someone who is not a viewer: the backend has minted
 * its signing key and Jenkins has fetched its JWKS, as in a backend that has
 * been up for a while. No viewer's cache and no payments-service data is
 * warm. `--cold-process` skips it.
 */
async function warmUp(base: string) {
  const res = await fetch(
    `${base}/v1/entities/component/default/nightly-backup/jobs`,
    {
      headers: {
        Authorization: mockCredentials.user.header('user:default/bench-warmup'),
      },
    },
  );
  await res.arrayBuffer();
  if (!res.ok) {
    throw new Error(`warm-up read failed: HTTP ${res.status}`);
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      viewers: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '30' },
      ramp: { type: 'string', default: '0' },
      reads: { type: 'string' },
      view: { type: 'string', default: 'auto' },
      ttl: { type: 'string', default: '10' },
      latency: { type: 'string', default: '50' },
      instance: { type: 'string' },
      json: { type: 'boolean', default: false },
      'cold-process': { type: 'boolean', default: false },
      'heap-mb': { type: 'string', default: String(CONTAINER_HEAP_MB) },
    },
  });
  const viewers = Number(values.viewers);
  const seconds = Number(values.seconds);
  const ramp = Number(values.ramp);
  const ttl = Number(values.ttl);
  const latency = Number(values.latency);
  const heapMb = Number(values['heap-mb']);
  if (![viewers, seconds, ramp, ttl, latency, heapMb].every(n => n >= 0)) {
    throw new Error(
      '--viewers, --seconds, --ramp, --ttl, --latency and --heap-mb take numbers ≥ 0',
    );
  }
  if (
    values.reads &&
    !['perUser', 'shared', 'verified'].includes(values.reads)
  ) {
    throw new Error('--reads takes perUser, shared or verified');
  }
  if (!['auto', 'tab', 'overview'].includes(values.view!)) {
    throw new Error('--view takes auto, tab or overview');
  }
  const loadAverage = os
    .loadavg()
    .map(n => n.toFixed(2))
    .join(', ');

  const sim = await startJenkinsSim({ port: 0, scenario: 'demo' });
  sim.control.injectFault({ path: '.', kind: 'latency', latencyMs: latency });
  const instance: JsonObject = {
    name: 'default',
    baseUrl: sim.url,
    identity: { strategy: 'jwt' },
    cacheTtlSeconds: ttl,
    // verified: the demo scenario's read-only user, through the JWT realm (no
    // secret); otherwise an API token, which shared reads need.
    ...(values.reads === 'verified'
      ? { readIdentity: { user: READ_USER, groups: [] } }
      : { readCredentials: { user: 'admin', apiToken: 'admin-token' } }),
    ...(values.reads ? { reads: values.reads } : {}),
    ...(values.instance ? (JSON.parse(values.instance) as JsonObject) : {}),
  };
  const backend = startBackend(instance, heapMb);
  const { port, heapLimitMb } = await backend.ready;
  const base = `http://127.0.0.1:${port}/api/jenkins`;
  sim.control.configureRealm({
    jwt: {
      jwksUrl: `${base}/.well-known/jwks.json`,
      acceptedAudience: sim.url,
    },
  });
  const authorization = (i: number) =>
    mockCredentials.user.header(`user:default/viewer-${i}`);
  const tabView: ViewKind = tabUsesOverview() ? 'overview' : 'tab';
  const view: ViewKind =
    values.view === 'auto' ? tabView : (values.view as ViewKind);

  if (!values['cold-process']) {
    await warmUp(base);
  }
  sim.control.clearRequests();
  const before = await backendStats(backend.child, true);
  let rssPeak = before.rss;
  const sampler = setInterval(async () => {
    rssPeak = Math.max(rssPeak, (await backendStats(backend.child, false)).rss);
  }, 1000);
  const startedAt = Date.now();
  // A GC'd reading once the viewers are warm (after a fifth of the run, at
  // most a minute), so that what the run itself adds shows apart from what
  // the first burst takes.
  const warmAfterMs = Math.min(60, seconds / 5) * 1000;
  let warm: Stats | undefined;
  const warmTimer = setTimeout(async () => {
    warm = await backendStats(backend.child, true);
  }, warmAfterMs);
  const results = await runViewers({
    base,
    entityPath: ENTITY,
    viewers,
    seconds,
    rampSeconds: ramp,
    view,
    timeoutMs: TIMEOUT_MS,
    authorization,
  });
  clearInterval(sampler);
  clearTimeout(warmTimer);
  const after = await backendStats(backend.child, true);
  const jenkinsRequests = sim.control.counters().total;
  const logged = sim.control.requests();
  if (process.env.BENCH_REQUEST_LOG) {
    // For digging: the simulator's log, with times relative to the start.
    const rows = logged.map(r => ({
      t: r.time - startedAt,
      user: r.user,
      status: r.status,
      path: r.path,
      query: r.query,
    }));
    fs.writeFileSync(process.env.BENCH_REQUEST_LOG, JSON.stringify(rows));
  }

  const figures = computeFigures({
    elapsedSeconds: results.elapsedSeconds,
    viewMs: results.viewMs,
    failedViews: results.failedViews,
    backendCpuSeconds: (after.cpuMicros - before.cpuMicros) / 1e6,
    jenkinsRequests,
    jobs: results.jobs,
    rssBefore: before.rss,
    rssAfter: after.rss,
    rssPeak: Math.max(rssPeak, after.rss),
    heapUsedBefore: before.heapUsed,
    heapUsedAfter: after.heapUsed,
  });
  const outsideHeapGrowthMb =
    (after.rssOutsideHeap - before.rssOutsideHeap) / (1024 * 1024);
  const split = splitRequests(logged, {
    isPerson: user => /^viewer-\d+$/.test(user),
    isInstance: user =>
      user === (values.reads === 'verified' ? READ_USER : 'admin'),
    elapsedSeconds: results.elapsedSeconds,
    cacheTtlSeconds: ttl,
  });
  const firstViews = [...results.firstViewMs].sort((a, b) => a - b);
  const coldViews = {
    p50Ms: percentile(firstViews, 50),
    p95Ms: percentile(firstViews, 95),
    maxMs: firstViews[firstViews.length - 1] ?? 0,
  };
  const report = {
    command: commandLine(),
    date: new Date().toISOString(),
    commit: gitCommit(),
    loadAverage,
    loadAverageAfter: os
      .loadavg()
      .map(n => n.toFixed(2))
      .join(', '),
    settings: {
      viewers,
      seconds,
      rampSeconds: ramp,
      reads: values.reads ?? '(plugin default)',
      view,
      cacheTtlSeconds: ttl,
      jenkinsLatencyMs: latency,
      timeoutMs: TIMEOUT_MS,
      warmUp: !values['cold-process'],
      backendHeapLimitMb: heapLimitMb,
    },
    figures,
    coldViews,
    jenkins: {
      requests: jenkinsRequests,
      logComplete: logged.length === jenkinsRequests,
      ...split,
    },
    statuses: results.statuses,
    firstError: results.firstError,
  };
  backend.child.send({ type: 'stop' });
  await new Promise(r => backend.child.once('exit', r));
  await sim.close();

  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const f = figures;
  const n = (x: number, d = 0) => x.toFixed(d);
  process.stdout.write(
    [
      `command: ${report.command}`,
      `date: ${report.date}  commit: ${report.commit}  load average (1, 5, 15 min) before: ${loadAverage}, after: ${report.loadAverageAfter}`,
      `${viewers} viewers, ${seconds} s, ramp ${ramp} s, reads ${report.settings.reads}, view ${view}, TTL ${ttl} s, +${latency} ms per Jenkins request`,
      `backend V8 heap limit: ${n(heapLimitMb)} MB (${
        heapMb > 0
          ? `--heap-mb ${heapMb}${
              heapMb === CONTAINER_HEAP_MB
                ? ": as Node sizes it in the example Helm values' 1 GiB container"
                : ''
            }`
          : "--heap-mb 0: V8's default for this host"
      })`,
      '',
      `| figure | value |`,
      `|---|---|`,
      `| page views (failed) | ${f.pageViews} (${f.failedViews}) |`,
      `| page views per second | ${n(f.pageViewsPerSecond)} |`,
      `| backend CPU seconds per 1,000 page views | ${n(
        f.backendCpuSecondsPer1000Views,
        2,
      )} |`,
      `| page views per backend CPU-second | ${n(f.pageViewsPerCpuSecond)} |`,
      `| Jenkins requests per page view | ${n(f.jenkinsRequestsPerView, 3)} |`,
      `| Jenkins requests per job per second | ${n(
        f.jenkinsRequestsPerJobPerSecond,
        1,
      )} (${results.jobs} jobs) |`,
      `| page view p50 / p95 / p99 | ${n(f.p50Ms)} / ${n(f.p95Ms)} / ${n(
        f.p99Ms,
      )} ms |`,
      `| each viewer's first (cold) view p50 / p95 / max | ${n(
        coldViews.p50Ms,
      )} / ${n(coldViews.p95Ms)} / ${n(coldViews.maxMs)} ms |`,
      `| Jenkins requests as people / as the read identity / as others | ${split.asPeople} / ${split.asInstance} / ${split.asOthers} |`,
      `| read-identity requests per cache window, worst job / worst single request | ${n(
        split.instanceRequestsPerJobPerWindow,
        2,
      )} / ${n(split.instanceRequestsPerQueryPerWindow, 2)} |`,
      `| most requests by one person about one job | ${split.maxPersonRequestsPerJob} |`,
      `| backend RSS growth (peak) | ${n(f.rssGrowthMb, 1)} MB (${n(
        f.rssPeakMb,
      )} MB) |`,
      `| backend heap and buffers growth, after a GC | ${n(
        f.heapUsedGrowthMb,
        1,
      )} MB |`,
      `| backend RSS growth outside the V8 heap | ${n(
        outsideHeapGrowthMb,
        1,
      )} MB |`,
      `| backend RSS growth after the first ${n(
        warmAfterMs / 1000,
      )} s (both after a GC) | ${
        warm ? `${n((after.rss - warm.rss) / (1024 * 1024), 1)} MB` : 'n/a'
      } |`,
      `| HTTP answers | ${Object.entries(results.statuses)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')} |`,
      ...(results.firstError ? [``, `first error: ${results.firstError}`] : []),
      ...(report.jenkins.logComplete
        ? []
        : [
            ``,
            `note: the simulator's request log was trimmed; per-person/per-job figures cover its last ${logged.length} requests`,
          ]),
      '',
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
