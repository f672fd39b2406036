import { expect, test } from '@playwright/test';
import { jobCard, openJenkinsTab } from '../support/jenkinsTab';
import { saveScreenshot } from '../support/screenshots';
import { signIn } from '../support/signIn';
import { resetSim } from '../support/sim';

test.beforeEach(async () => {
  await resetSim();
});

test('alice sees the jobs of payments-service, their builds, who started them, stages and tests', async ({
  page,
}) => {
  await signIn(page, 'alice');
  await openJenkinsTab(page);

  for (const job of [
    'payments-service',
    'deploy-staging',
    'deploy-production',
  ]) {
    await expect(jobCard(page, job)).toBeVisible();
  }
  await expect(jobCard(page, 'deploy-production')).toContainText('production');

  // The multibranch job's main branch: each build with its cause and tests.
  const builds = page.getByRole('table', { name: 'Builds' });
  const latest = builds.getByRole('row', { name: /^Build #150 / });
  await expect(latest).toContainText(
    /Started by an SCM change|Branch indexing/,
  );
  await expect(latest).toContainText(/\d+ passed/);
  await saveScreenshot(page, 'jenkins-tab');

  // Deployments started by people name them.
  await page
    .getByRole('button', { name: 'Show builds of deploy-staging' })
    .click();
  await expect(
    builds
      .getByRole('row', { name: /^Build #40 / })
      .getByRole('cell')
      .nth(3),
  ).toHaveText(/^(Alice|Bob)$/);

  // One build: its stage strip and its test counts.
  await page
    .getByRole('button', { name: 'Show builds of payments-service' })
    .click();
  await builds.getByRole('button', { name: 'View build #150' }).click();
  const build = page.getByRole('region', { name: 'Build 150' });
  const stages = build.getByRole('list', { name: 'Pipeline stages' });
  for (const stage of ['Checkout', 'Build', 'Test', 'Package']) {
    await expect(stages.getByRole('heading', { name: stage })).toBeVisible();
  }
  await build.getByRole('tab', { name: /^Tests/ }).click();
  await expect(build.getByRole('tabpanel', { name: /^Tests/ })).toContainText(
    /\d+ tests: \d+ passed/,
  );
  await build.getByRole('tab', { name: 'Parameters and cause' }).click();
  await expect(
    build.getByRole('region', { name: 'Started by' }),
  ).not.toBeEmpty();
  await build.getByRole('tab', { name: 'Pipeline' }).click();
  await saveScreenshot(page, 'build-view', { scrollTo: build });
});
