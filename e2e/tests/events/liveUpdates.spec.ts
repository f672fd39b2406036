import { expect, test } from '@playwright/test';
import {
  buildInJenkins,
  loadDemoWithFreshBuildNumbers,
  restoreDemo,
  shortenStages,
} from '../../support/events';
import {
  jobId,
  openJenkinsTab,
  paymentsService,
} from '../../support/jenkinsTab';
import { signIn } from '../../support/signIn';
import { backendUrl } from '../../support/stack';

test.afterEach(async () => {
  await restoreDemo();
});

/** What reached the page, in order: Jenkins signals and Jenkins API calls. */
type Happening = { at: number; kind: 'signal' | 'request'; what: string };

/** The signal channel of payments-service's Jenkins views. */
const channel = `jenkins:${paymentsService.ref}`;

test('a build started in Jenkins appears in the open tab and finishes there, from signals, with no reload and no polling', async ({
  page,
}) => {
  test.setTimeout(150_000);
  // deploy-staging's three stages take 5 s each: 15 s of running build, in
  // which a polling tab (first after 3 s, then every 4.5 s, …) would call.
  await loadDemoWithFreshBuildNumbers(job => shortenStages(job, 5));

  // Everything the page hears on the entity's signal channel and every call
  // it makes to the Jenkins API, from the start.
  const happenings: Happening[] = [];
  page.on('websocket', socket =>
    socket.on('framereceived', frame => {
      const text = frame.payload.toString();
      if (text.includes(`"channel":"${channel}"`)) {
        happenings.push({ at: Date.now(), kind: 'signal', what: text });
      }
    }),
  );
  page.on('request', request => {
    if (request.url().startsWith(`${backendUrl}/api/jenkins/`)) {
      happenings.push({
        at: Date.now(),
        kind: 'request',
        what: `${request.method()} ${request.url()}`,
      });
    }
  });

  await signIn(page, 'alice');
  await openJenkinsTab(page);
  await page
    .getByRole('button', { name: 'Show builds of deploy-staging' })
    .click();
  const builds = page.getByRole('table', { name: 'Builds' });
  await expect(builds.getByRole('row').nth(1)).toBeVisible();
  // A reload would lose this.
  await page.evaluate(() => {
    (window as any).__e2eSameDocument = true;
  });
  // The tab has settled: no call to the Jenkins API for 3 s.
  const lastCall = () =>
    Math.max(0, ...happenings.filter(h => h.kind === 'request').map(h => h.at));
  await expect
    .poll(() => Date.now() - lastCall(), { timeout: 30_000 })
    .toBeGreaterThan(3_000);

  // Someone starts deploy-staging in Jenkins itself: Backstage is not asked.
  const startedAt = Date.now();
  const buildNumber = await buildInJenkins('payments/deploy-staging', {
    VERSION: '2.6.0',
  });
  const row = builds.getByRole('row', {
    name: new RegExp(`^Build #${buildNumber} `),
  });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText('Running');
  // …and its end, once Jenkins tells of it.
  await expect(row).toContainText('Success', { timeout: 60_000 });
  await expect(row.getByRole('progressbar')).toHaveCount(0);
  expect(
    await page.evaluate(() => (window as any).__e2eSameDocument),
    'the page was not reloaded',
  ).toBe(true);

  // The tab called the API only because a signal told it to: nothing between
  // starting the build and the first signal of it, and nothing while the
  // build ran (from 3 s after the last signal of its start to the first of
  // its end).
  const stagingJob = jobId('payments/deploy-staging');
  const after = happenings.filter(h => h.at >= startedAt);
  const ofThisBuild = (h: Happening) => {
    const { message } = JSON.parse(h.what);
    return (
      message?.jobId === stagingJob && message?.buildNumber === buildNumber
    );
  };
  const phaseOf = (h: Happening) => JSON.parse(h.what).message.phase;
  const signals = after.filter(h => h.kind === 'signal' && ofThisBuild(h));
  const startSignals = signals.filter(h =>
    ['QUEUED', 'STARTED'].includes(phaseOf(h)),
  );
  const endSignals = signals.filter(h =>
    ['COMPLETED', 'FINALIZED'].includes(phaseOf(h)),
  );
  expect(startSignals.length, 'signals of the build starting').toBeGreaterThan(
    0,
  );
  expect(endSignals.length, 'signals of the build ending').toBeGreaterThan(0);
  const callsBetween = (from: number, to: number) =>
    after
      .filter(h => h.kind === 'request' && h.at >= from && h.at < to)
      .map(h => h.what);
  expect(
    callsBetween(startedAt, signals[0].at),
    'Jenkins API calls before the first signal',
  ).toEqual([]);
  const running = {
    from: startSignals[startSignals.length - 1].at + 3_000,
    to: endSignals[0].at,
  };
  expect(
    running.to - running.from,
    'the build ran long enough to catch polling',
  ).toBeGreaterThan(5_000);
  expect(
    callsBetween(running.from, running.to),
    'Jenkins API calls while the build ran',
  ).toEqual([]);
});
