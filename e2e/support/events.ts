import { expect, Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { backendUrl, simAdminAuth, simUrl } from './stack';

/*
 * Build events end to end: Jenkins (the simulator) tells the backend of its
 * builds — through the Notification plugin's webhook, or, in the watcher run
 * (playwright.watcher.config.ts), through the backend's own polling — and the
 * portal shows it: notifications, live tabs, outcomes in the activity list.
 */

const demoFile = path.resolve(
  __dirname,
  '../../packages/jenkins-sim/scenarios/demo.yaml',
);

type Stage = {
  name: string;
  durationSeconds: number;
  result?: 'SUCCESS' | 'UNSTABLE' | 'FAILURE';
  input?: unknown;
  log?: string[];
};
type Job = {
  name: string;
  stages?: Stage[];
  history?: { count: number };
  trigger?: unknown;
  branches?: Array<{
    name: string;
    history?: { count: number };
    trigger?: unknown;
    stages?: unknown;
    builds?: unknown;
  }>;
};

async function control(method: string, route: string, body?: unknown) {
  const response = await fetch(`${simUrl}/__sim/${route}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  expect(response.ok, `${method} /__sim/${route}`).toBe(true);
  return response.json();
}

/**
 * Loads the demo scenario with each payments job's history lengthened, so
 * that the builds a test starts get numbers no earlier test of this stack
 * used, without their periodic triggers (only the test starts builds), and
 * with `tweak` applied to them.
 *
 * Why: `resetSim()` (every spec's beforeEach) brings each job back to its
 * scenario history, so the next build gets the same number again — as a job
 * deleted and recreated in Jenkins would. The backend remembers the build
 * transitions it handled by instance, job, number and phase (its event
 * ledger, which de-duplicates redeliveries), so it would take a reused
 * number's events for ones it already handled, and say nothing. The offset
 * comes from the clock (one more per second, wrapping after ~2.7 h), so a
 * retry in a fresh worker, or a rerun against a reused stack, does not
 * collide either; the simulator generates history lazily, so a long one
 * costs nothing.
 */
export async function loadDemoWithFreshBuildNumbers(
  tweak: (job: Job) => void = () => {},
): Promise<void> {
  const scenario = YAML.parse(fs.readFileSync(demoFile, 'utf8')) as {
    jobs: Job[];
  };
  const offset = 1000 + (Math.floor(Date.now() / 1000) % 10_000);
  for (const job of scenario.jobs) {
    if (!job.name.startsWith('payments/')) continue;
    if (job.history) job.history.count += offset;
    delete job.trigger;
    for (const branch of job.branches ?? []) {
      if (branch.history) branch.history.count += offset;
      delete branch.trigger;
    }
    tweak(job);
  }
  await control('POST', 'scenario', { scenario });
}

/** Back to the shipped demo scenario, which the other specs reset to. */
export async function restoreDemo(): Promise<void> {
  await control('POST', 'scenario', { name: 'demo' });
}

/** Shortens every stage of the job to `seconds` (input steps stay). */
export function shortenStages(job: Job, seconds: number) {
  for (const stage of job.stages ?? []) {
    stage.durationSeconds = Math.min(stage.durationSeconds, seconds);
  }
}

/** `job/a/job/b` for `a/b`. */
function jobPath(fullName: string) {
  return fullName
    .split('/')
    .map(part => `job/${encodeURIComponent(part)}`)
    .join('/');
}

/**
 * Starts a build in Jenkins itself, as its administrator (an API token, so
 * no crumb) — someone pressing "Build" in Jenkins, not Backstage — and
 * answers its number once it left the queue (Jenkins' queue item tells it).
 */
export async function buildInJenkins(
  fullName: string,
  parameters?: Record<string, string>,
): Promise<number> {
  const query = parameters ? `?${new URLSearchParams(parameters)}` : '';
  const response = await fetch(
    `${simUrl}/${jobPath(fullName)}/${
      parameters ? 'buildWithParameters' : 'build'
    }${query}`,
    { method: 'POST', headers: { authorization: simAdminAuth } },
  );
  expect(response.status, `POST ${fullName} build`).toBe(201);
  const item = new URL(response.headers.get('location')!);
  const queueItem = `${simUrl}${item.pathname.replace(/\/?$/, '/')}api/json`;
  let buildNumber: number | undefined;
  await expect
    .poll(
      async () => {
        const answer = await fetch(queueItem, {
          headers: { authorization: simAdminAuth },
        });
        const body = (await answer.json()) as {
          executable?: { number?: number };
        };
        buildNumber = body.executable?.number;
        return buildNumber ?? 0;
      },
      { message: `${fullName}: the build to leave the queue`, timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  return buildNumber!;
}

/** The sidebar's notifications item (the bell), with its unread count. */
export function notificationsItem(page: Page) {
  return page.getByRole('link', { name: /^Notifications/ });
}

/** A notification's title on the notifications page: a link to the build. */
export function notificationLink(page: Page, title: string) {
  return page.getByRole('link', { name: title, exact: true });
}

/** A person's notifications as the notifications backend answers them. */
export async function notificationTitles(token: string): Promise<string[]> {
  const response = await fetch(
    `${backendUrl}/api/notifications/notifications?limit=50`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    notifications: Array<{ payload: { title: string } }>;
  };
  return body.notifications.map(n => n.payload.title);
}
