import { expect, test } from '@playwright/test';
import { jobCard, openJenkinsTab } from '../support/jenkinsTab';
import { saveScreenshot } from '../support/screenshots';
import { signIn } from '../support/signIn';
import {
  clearFaults,
  clearSimRequests,
  resetConnections,
  resetSim,
  simRequests,
} from '../support/sim';

test.beforeEach(async () => {
  await resetSim();
});

test.afterEach(async () => {
  await clearFaults();
});

test('when Jenkins cannot be reached the tab says so, not an empty table, and recovers', async ({
  page,
}) => {
  await signIn(page, 'alice');
  // Every connection to the entity's Jenkins folder (its listing and each of
  // its jobs) is reset, as by a dead host.
  await resetConnections('^/job/payments/');
  await openJenkinsTab(page);

  const problem = page.getByRole('alert').filter({
    hasText: 'Could not load Jenkins jobs',
  });
  // A tab that painted from the cache (the test before read the same jobs
  // within its TTL) reads again only when reloaded.
  await expect(async () => {
    if (!(await problem.isVisible())) {
      await page.reload();
    }
    await expect(problem).toContainText(
      /Jenkins instance 'default' is unreachable \(ECONNRESET\) while trying to read (job|folder) payments/,
      { timeout: 10_000 },
    );
  }).toPass({ timeout: 60_000, intervals: [1_000] });
  await expect(page.getByRole('table', { name: 'Builds' })).toHaveCount(0);
  await saveScreenshot(page, 'jenkins-unreachable');

  await clearFaults();
  await problem.getByRole('button', { name: 'Try again' }).click();
  await expect(jobCard(page, 'deploy-production')).toBeVisible();
  await expect(problem).toBeHidden();
  await expect(
    page.getByRole('table', { name: 'Builds' }).getByRole('row').nth(1),
  ).toBeVisible();
});

test('when every Jenkins request fails the circuit breaker answers for the instance without calling it, and the tab recovers', async ({
  page,
}) => {
  // The breaker stays open for 30 s (circuitBreaker.resetAfterMs) after it opens.
  test.setTimeout(180_000);
  await signIn(page, 'alice');
  await resetConnections();
  await openJenkinsTab(page);

  const problem = page.getByRole('alert').filter({
    hasText: 'Could not load Jenkins jobs',
  });
  // The breaker's own words (CircuitBreaker.check), which a failed call
  // ("… is unreachable (ECONNRESET) while trying to …") does not produce.
  const breakerMessage =
    /Jenkins instance 'default' is unreachable: \d+ calls in a row failed, so it is not called again for another \d+s/;

  // Each read is tried up to 3 times and the breaker opens after 5 failed
  // calls in a row; until it has, the tab shows the failed calls' message.
  // A tab that painted from the cache (an earlier test read the same jobs
  // within its TTL) reads again only when reloaded.
  await expect(async () => {
    if (!(await problem.isVisible())) {
      await page.reload();
    }
    await expect(problem).toBeVisible({ timeout: 5_000 });
    if (!breakerMessage.test((await problem.textContent()) ?? '')) {
      await problem.getByRole('button', { name: 'Try again' }).click();
    }
    await expect(problem).toContainText(breakerMessage, { timeout: 1_000 });
  }).toPass({ timeout: 60_000, intervals: [1_000] });
  await expect(page.getByRole('table', { name: 'Builds' })).toHaveCount(0);

  // Jenkins is healthy again, but while the breaker is open the backend must
  // not call it. Nothing else talks to the simulator: every backend call to
  // the instance, whoever asks for it (this page, live refresh, another tab),
  // goes through the breaker, and the log records every request the simulator
  // received, faulted or not (the control API under /__sim/ is not logged).
  // The breaker opened before its message reached the page, so before the log
  // is cleared; it can only close again by a call reaching Jenkins, which the
  // log would show.
  await clearFaults();
  await clearSimRequests();
  await page.reload();
  // The reloaded tab was answered by the still-open breaker, not by Jenkins...
  await expect(problem).toContainText(breakerMessage);
  await expect(jobCard(page, 'deploy-staging')).toHaveCount(0);
  // ...and no request reached Jenkins from the log's clearing until now.
  const reached = await simRequests({});
  expect(
    reached.map(r => `${r.method} ${r.path} ${r.status}`),
    'requests that reached Jenkins while the breaker was open',
  ).toEqual([]);

  // Once the breaker lets a trial call through, the tab recovers.
  await expect(async () => {
    if (await problem.isVisible()) {
      await problem.getByRole('button', { name: 'Try again' }).click();
    }
    await expect(jobCard(page, 'deploy-staging')).toBeVisible({
      timeout: 2_000,
    });
  }).toPass({ timeout: 60_000, intervals: [2_000, 5_000] });
  await expect(problem).toBeHidden();
  // The log does record this stack's calls: the recovered tab's reads are in it.
  expect(await simRequests({ path: '^/job/payments/' })).not.toEqual([]);
});
