import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import base from './playwright.config';

/*
 * The build-event specs (tests/events) once more, against a stack whose
 * Jenkins instance has no webhook: the backend's watcher polls Jenkins for
 * build transitions instead, as it must for a Jenkins without the
 * Notification plugin. `yarn start:oidc`'s own command, with one more config
 * file: app-config.yaml's `jenkins.instances` (Backstage replaces arrays, so
 * the list is restated) with `events.webhookSecret` removed — the webhook
 * then answers 404, which globalSetup.watcher checks — and `events.poll` on.
 */
const repoRoot = path.resolve(__dirname, '..');
const stackLog = path.join(os.tmpdir(), 'backstage-jenkins-e2e-watcher.log');
const watcherConfig = path.join(
  os.tmpdir(),
  'backstage-jenkins-e2e-watcher.app-config.yaml',
);

function writeWatcherConfig() {
  const appConfig = YAML.parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
  );
  const instances = appConfig.jenkins.instances.map((instance: any) => {
    const { webhookSecret: _webhookSecret, ...events } = instance.events ?? {};
    return {
      ...instance,
      events: {
        ...events,
        // Every 2 s, as admin (the instance reads per user, so the watcher
        // needs a Jenkins user); enough requests per minute for every
        // annotated job each round.
        poll: {
          enabled: true,
          frequency: { seconds: 2 },
          maxRequestsPerMinute: 600,
          runAs: { user: 'admin' },
        },
      },
    };
  });
  fs.writeFileSync(
    watcherConfig,
    `# Written by e2e/playwright.watcher.config.ts; do not edit.\n${YAML.stringify(
      { jenkins: { instances } },
    )}`,
  );
}

/** `yarn start:oidc` with the watcher's config file after the others. */
function startCommand(): string {
  const script: string = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'),
  ).scripts['start:oidc'];
  const last = '--config ../../app-config.oidc.yaml';
  if (!script.includes(last) || script.includes("'")) {
    throw new Error(
      `e2e/playwright.watcher.config.ts cannot add its config file to the start:oidc script: ${script}`,
    );
  }
  return script.replace(last, `${last} --config ${watcherConfig}`);
}

writeWatcherConfig();

export default defineConfig({
  ...base,
  testDir: './tests/events',
  outputDir: './test-results/watcher',
  globalSetup: require.resolve('./support/globalSetup.watcher'),
  webServer: {
    ...(base.webServer as object),
    command: `yarn exec '${startCommand()}' > "${stackLog}" 2>&1`,
    env: { E2E_STACK_LOG: stackLog },
  },
});
