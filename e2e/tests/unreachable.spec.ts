import { expect, test } from '@playwright/test';
import { jobCard, openJenkinsTab } from '../support/jenkinsTab';
import { saveScreenshot } from '../support/screenshots';
import { signIn } from '../support/signIn';
import { clearFaults, resetConnections, resetSim } from '../support/sim';

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
  // Every connection to one of the entity's jobs is reset, as by a dead host.
  await resetConnections('^/job/payments/job/deploy-production/');
  await openJenkinsTab(page);

  const problem = page.getByRole('alert').filter({
    hasText: 'Could not load Jenkins jobs',
  });
  await expect(problem).toContainText(
    "Jenkins instance 'default' is unreachable (ECONNRESET) while trying to read job payments/deploy-production",
  );
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

test('when every Jenkins request fails the circuit breaker answers for the instance, and the tab recovers', async ({
  page,
}) => {
  // The breaker stays open for 30 s after the fault is cleared.
  test.setTimeout(150_000);
  await signIn(page, 'alice');
  await resetConnections();
  await openJenkinsTab(page);

  const problem = page.getByRole('alert').filter({
    hasText: 'Could not load Jenkins jobs',
  });
  await expect(problem).toContainText(
    /Jenkins instance 'default' is unreachable/,
  );
  await expect(page.getByRole('table', { name: 'Builds' })).toHaveCount(0);

  await clearFaults();
  await expect(async () => {
    if (await problem.isVisible()) {
      await problem.getByRole('button', { name: 'Try again' }).click();
    }
    await expect(jobCard(page, 'deploy-staging')).toBeVisible({
      timeout: 2_000,
    });
  }).toPass({ timeout: 60_000, intervals: [2_000, 5_000] });
});
