#!/usr/bin/env node
/*
 * Runs every test of the repository — unit and integration tests through
 * Jest (all workspaces), then the browser tests (Playwright; the build-event
 * specs a second time with the webhook off and the watcher on) — and ends with
 * one line `N passed, N failed` built from the runners' JSON reports.
 *
 * Besides failed tests, each of these is one failed item, explained on stderr
 * above the summary (the checks are in ./test-checks.js):
 * - PostgreSQL or Redis is not reachable, or their tests did not all run and
 *   pass (TestDatabases/TestCaches silently leave out what they cannot reach);
 * - the browser tests were not run;
 * - fewer tests ran than the floor in scripts/test-floor.json;
 * - a browser test passed only on a retry and is not in e2e/flaky-allowlist.json.
 * Outside CI, SKIP_SERVICES=1 runs without PostgreSQL and Redis and SKIP_E2E=1
 * without the browser tests; under CI both are refused.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const checks = require('./test-checks');

const root = path.resolve(__dirname, '..');
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jenkins-tests-'));
const ci = !!process.env.CI && !/^(0|false)$/i.test(process.env.CI);
const optOut = name => process.env[name] === '1';

// Backstage's TestDatabases/TestCaches connect to these when they are set.
const SERVICES = [
  {
    id: 'postgres',
    label: 'PostgreSQL',
    env: 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
    url: 'postgresql://postgres@127.0.0.1:5432',
    port: 5432,
  },
  {
    id: 'redis',
    label: 'Redis',
    env: 'BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING',
    url: 'redis://127.0.0.1:6379',
    port: 6379,
  },
];

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CI: 'true', ...env },
  });
  return result.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function reachable(host, port) {
  return new Promise(resolve => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    socket.setTimeout(1000);
    socket.once('connect', () => resolve(socket.destroy() || true));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(socket.destroy() && false));
  });
}

// The ports of the browser tests' stack (`yarn start:oidc`).
const STACK_PORTS = [3000, 7007, 7010, 8080];

/** Waits up to 60 s for the previous browser-test stack to let go of its ports. */
async function stackStopped() {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const busy = [];
    for (const port of STACK_PORTS) {
      if (await reachable('127.0.0.1', port)) busy.push(port);
    }
    if (busy.length === 0 || Date.now() > deadline) return;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

/** Points the tests at PostgreSQL and Redis; returns the ids of those not reachable. */
async function connectServices(problems) {
  process.env.BACKSTAGE_TEST_DISABLE_DOCKER = '1';
  const missing = [];
  for (const service of SERVICES) {
    const connection = process.env[service.env] || service.url;
    const url = new URL(connection);
    if (await reachable(url.hostname, Number(url.port) || service.port)) {
      process.env[service.env] = connection;
      continue;
    }
    missing.push(service.id);
    const message = `${service.label} is not reachable at ${url.host}`;
    if (!ci && optOut('SKIP_SERVICES')) {
      console.error(`${message}; its tests are left out (SKIP_SERVICES=1)`);
    } else {
      problems.push(
        `${message}: start it or set ${service.env}` +
          (ci ? '' : ' (SKIP_SERVICES=1 runs without it outside CI)'),
      );
    }
  }
  return missing;
}

async function main() {
  const problems = [];
  for (const name of ['SKIP_SERVICES', 'SKIP_E2E']) {
    if (ci && optOut(name)) problems.push(`${name}=1 is refused under CI`);
  }
  const floor = readJson(path.join(root, checks.FLOOR_FILE));
  if (!floor) problems.push(`${checks.FLOOR_FILE} is missing or not JSON`);
  const allowlist = readJson(path.join(root, checks.ALLOWLIST_FILE));
  problems.push(...checks.checkAllowlist(allowlist));
  const missing = await connectServices(problems);
  const options = {
    floor: floor ?? { jest: 0, postgres: 0, redis: 0, e2e: 0, e2eWatcher: 0 },
    allowlist: Array.isArray(allowlist) ? allowlist : [],
    missing,
  };

  // Unit and integration tests (Jest, every workspace).
  const jestReport = path.join(reportDir, 'jest.json');
  const jestStatus = run(
    'yarn',
    [
      'backstage-cli',
      'repo',
      'test',
      '--json',
      `--outputFile=${jestReport}`,
      // Backstage's default of 1000M restarts a worker that grew past it
      // (the fuzz suite does) right when Jest asks it to end, and the fresh
      // worker can miss Jest's 500 ms exit grace on a loaded machine ("A
      // worker process has failed to exit gracefully").
      '--workerIdleMemoryLimit=3000M',
    ],
    {
      // A worker is only recycled between files, so one that ends a file just
      // under 3 GB must still fit the next file: V8's default ceiling (about
      // 4 GB) did not, and a worker died of "heap out of memory" in the middle
      // of a suite, failing it with empty messages. Two workers of 8 GB fit.
      NODE_OPTIONS: [process.env.NODE_OPTIONS, '--max-old-space-size=8192']
        .filter(Boolean)
        .join(' '),
    },
  );
  const jest = checks.checkJest(readJson(jestReport), jestStatus, options);

  // Browser tests (Playwright); they retry once, see e2e/playwright.config.ts.
  // Then the build-event specs again with the webhook off and the watcher on
  // (e2e/playwright.watcher.config.ts), on a stack of their own.
  const skipE2e = !ci && optOut('SKIP_E2E');
  let e2e = { passed: 0, failed: 0, skipped: 0, flaky: 0, problems: [] };
  if (skipE2e) {
    console.error('The browser tests are left out (SKIP_E2E=1)');
  } else {
    const runs = [
      { id: 'e2e', args: ['test:e2e'] },
      {
        id: 'e2eWatcher',
        args: [
          'playwright',
          'test',
          '--config',
          'e2e/playwright.watcher.config.ts',
        ],
      },
    ];
    const results = [];
    for (const { id, args } of runs) {
      // Each run starts its own stack: the previous one must be gone.
      await stackStopped();
      const report = path.join(reportDir, `${id}.json`);
      const status = run('yarn', args, {
        PLAYWRIGHT_JSON_OUTPUT_NAME: report,
      });
      results.push(
        checks.checkE2e(readJson(report), status, { ...options, run: id }),
      );
    }
    e2e = checks.sumResults(results);
  }

  problems.push(...jest.problems, ...e2e.problems);
  for (const problem of problems) console.error(`FAILED: ${problem}`);
  const leftOut = [
    ...missing.map(id => SERVICES.find(s => s.id === id).label),
    ...(skipE2e ? ['browser'] : []),
  ];
  console.log(
    `skipped: ${jest.skipped} Jest, ${e2e.skipped} browser` +
      (leftOut.length ? `; not run: ${leftOut.join(', ')} tests` : ''),
  );
  console.log(`flaky: ${jest.flaky} Jest, ${e2e.flaky} browser`);
  const passed = jest.passed + e2e.passed;
  const failed = jest.failed + e2e.failed + problems.length;
  const skipped = jest.skipped + e2e.skipped;
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
