#!/usr/bin/env node
/*
 * Runs every test of the repository — unit and integration tests through
 * Jest (all workspaces), then the browser tests when they are present — and
 * ends with one line `N passed, N failed` built from the runners' JSON reports.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const net = require('node:net');

const root = path.resolve(__dirname, '..');
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jenkins-tests-'));
let passed = 0;
let failed = 0;
let problems = 0;

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

function reachable(port) {
  return new Promise(resolve => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => resolve(socket.destroy() || true));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(socket.destroy() && false));
  });
}

async function main() {
  // Backstage's TestDatabases/TestCaches use these when set; SQLite and the
  // in-memory cache are always tested. Docker is never used here.
  process.env.BACKSTAGE_TEST_DISABLE_DOCKER = '1';
  if (
    !process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING &&
    (await reachable(5432))
  ) {
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING =
      'postgresql://postgres@127.0.0.1:5432';
  }
  if (
    !process.env.BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING &&
    (await reachable(6379))
  ) {
    process.env.BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING =
      'redis://127.0.0.1:6379';
  }

  // Unit and integration tests (Jest, every workspace).
  const jestReport = path.join(reportDir, 'jest.json');
  const jestStatus = run('yarn', [
    'backstage-cli',
    'repo',
    'test',
    '--json',
    `--outputFile=${jestReport}`,
  ]);
  const jest = readJson(jestReport);
  if (jest) {
    passed += jest.numPassedTests;
    failed += jest.numFailedTests;
    // A suite that fails to load has no failed tests but must still fail the run.
    failed += jest.numRuntimeErrorTestSuites ?? 0;
  } else {
    problems += 1;
  }
  if (jestStatus !== 0 && !(jest && jest.numFailedTests > 0)) {
    problems += 1;
  }

  // Browser tests (Playwright), once the e2e suite exists.
  const e2eConfig = path.join(root, 'e2e', 'playwright.config.ts');
  if (fs.existsSync(e2eConfig) && process.env.SKIP_E2E !== '1') {
    const e2eReport = path.join(reportDir, 'e2e.json');
    const e2eStatus = run('yarn', ['test:e2e'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport,
    });
    const e2e = readJson(e2eReport);
    if (e2e && e2e.stats) {
      passed += e2e.stats.expected + (e2e.stats.flaky ?? 0);
      failed += e2e.stats.unexpected;
    } else {
      problems += 1;
    }
    if (e2eStatus !== 0 && !(e2e && e2e.stats && e2e.stats.unexpected > 0)) {
      problems += 1;
    }
  }

  if (problems > 0) {
    failed += problems;
    console.error(`${problems} test run(s) failed without a complete report`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
