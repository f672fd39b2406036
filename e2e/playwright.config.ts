import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

/*
 * Browser tests against the real stack: `yarn start:oidc` runs the dev IdP
 * (:7010), the Jenkins simulator (:8080), the backend (:7007) and the
 * frontend (:3000). Chromium is Debian's (`apt-get install chromium`);
 * Playwright's own browser downloads are not used.
 */
const repoRoot = path.resolve(__dirname, '..');
const stackLog = path.join(os.tmpdir(), 'backstage-jenkins-e2e-stack.log');
const jsonReport = process.env.PLAYWRIGHT_JSON_OUTPUT_NAME;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  globalSetup: require.resolve('./support/globalSetup'),
  // The tests share one stack and one simulator: run them one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // Under CI (which `yarn test:all` sets) a failed test runs once more; one that
  // then passes is flaky, and fails `yarn test:all` unless it is listed with a
  // reason in e2e/flaky-allowlist.json.
  retries: process.env.CI ? 1 : 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: jsonReport ? [['list'], ['json']] : [['list']],
  use: {
    baseURL: 'http://localhost:3000',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    // Logs go to a file; the path is printed when the stack does not come up.
    command: `yarn start:oidc > "${stackLog}" 2>&1`,
    cwd: repoRoot,
    url: 'http://127.0.0.1:3000',
    reuseExistingServer: !process.env.CI,
    timeout: 360_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: { E2E_STACK_LOG: stackLog },
  },
});
