import { expect, test } from '@playwright/test';
import {
  callJenkinsApi,
  jobApiPath,
  jobCard,
  openJenkinsTab,
} from '../support/jenkinsTab';
import { saveScreenshot } from '../support/screenshots';
import { backstageIdentity, signIn } from '../support/signIn';
import {
  buildParameters,
  resetSim,
  simBuild,
  simRequests,
  startedBy,
} from '../support/sim';

test.beforeEach(async () => {
  await resetSim();
});

test('alice runs deploy-staging with parameters and follows the build; Jenkins records her', async ({
  page,
}) => {
  await signIn(page, 'alice');
  await openJenkinsTab(page);

  await page
    .getByRole('button', { name: 'Run pipeline deploy-staging' })
    .click();
  const dialog = page.getByRole('dialog', {
    name: 'Run payments/deploy-staging',
  });
  await expect(dialog).toContainText('Environment: staging');
  await dialog.getByRole('textbox', { name: 'VERSION' }).fill('2.5.0');
  await dialog
    .getByRole('combobox', { name: 'REGION' })
    .selectOption('us-east-1');
  await dialog.getByRole('textbox', { name: 'NOTES' }).fill('Release 2.5.0');
  await dialog
    .getByRole('textbox', { name: 'SMOKE_TEST_TOKEN' })
    .fill('s3cret');
  await saveScreenshot(page, 'run-dialog');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();

  // Jenkins' quiet period: the queue state first, then the build's number.
  const status = dialog.getByRole('status');
  await expect(status).toContainText(/^Waiting/);
  await saveScreenshot(page, 'run-queued');
  const buildLink = status.getByRole('link', { name: /^Build #\d+$/ });
  await expect(buildLink).toBeVisible({ timeout: 30_000 });
  const buildNumber = Number((await buildLink.textContent())!.slice(7));
  await buildLink.click();

  // The running build: progress against the estimate and the live log.
  const build = page.getByRole('region', { name: `Build ${buildNumber}` });
  await expect(
    build.getByRole('progressbar', {
      name: new RegExp(`^Build #${buildNumber} is \\d+% through`),
    }),
  ).toBeVisible();
  const log = build.getByRole('region', { name: 'Log' });
  await expect(log.getByRole('status')).toHaveText(/Following the live log/);
  await expect(log).toContainText('Started by user Alice');
  await expect(log).toContainText('+ helm upgrade', { timeout: 30_000 });
  await build.getByRole('tab', { name: 'Parameters and cause' }).click();
  const parameters = build.getByRole('table', { name: 'Build parameters' });
  await expect(
    parameters.getByRole('row', { name: /^VERSION / }),
  ).toContainText('2.5.0');
  await expect(
    parameters.getByRole('row', { name: /^SMOKE_TEST_TOKEN / }),
  ).toContainText('(secret)');
  await expect(parameters).not.toContainText('s3cret');
  await saveScreenshot(page, 'build-running', { scrollTo: build });

  // Jenkins saw alice (her JWT), not a bot, and got her parameters.
  const recorded = await simBuild('payments/deploy-staging', buildNumber);
  expect(startedBy(recorded)).toEqual(['alice']);
  expect(buildParameters(recorded)).toMatchObject({
    VERSION: '2.5.0',
    REGION: 'us-east-1',
    BACKSTAGE_USER: 'user:default/alice',
  });
  const triggers = await simRequests({
    method: 'POST',
    path: '^/job/payments/job/deploy-staging/build',
  });
  expect(triggers).toEqual([
    expect.objectContaining({ user: 'alice', realm: 'jwt', status: 201 }),
  ]);
});

test('alice sees Run pipeline on deploy-production disabled with the reason, and the API refuses her too', async ({
  page,
}) => {
  await signIn(page, 'alice');
  await openJenkinsTab(page);

  const run = page.getByRole('button', {
    name: 'Run pipeline deploy-production',
  });
  await expect(run).toBeDisabled();
  const reason =
    'Your permission policy does not allow jenkins.job.trigger on payments/deploy-production (production)';
  await expect(run).toHaveAccessibleDescription(reason);
  await expect(jobCard(page, 'deploy-production')).toContainText(reason);
  await saveScreenshot(page, 'run-denied');

  // Going around the UI does not help: 403, audited, and Jenkins is not called.
  const { token } = await backstageIdentity(page);
  const answer = await callJenkinsApi(
    page,
    token,
    'POST',
    `${jobApiPath('payments/deploy-production')}/builds`,
    { parameters: { VERSION: '2.5.0' } },
  );
  expect(answer.status).toBe(403);
  expect(JSON.stringify(answer.body)).toContain('jenkins.job.trigger');
  expect(
    await simRequests({
      method: 'POST',
      path: '^/job/payments/job/deploy-production/',
    }),
  ).toEqual([]);
});
