import { expect, test } from '@playwright/test';
import { openJenkinsTab } from '../support/jenkinsTab';
import { saveScreenshot } from '../support/screenshots';
import { signIn } from '../support/signIn';
import { resetSim, simBuild, simRequests, startedBy } from '../support/sim';

test.beforeEach(async () => {
  await resetSim();
});

test('bob runs deploy-production, approves "Promote to production?" and the build finishes', async ({
  page,
}) => {
  // Prepare (5 s) + quiet period (5 s) + Deploy (45 s) at the simulator's real speed.
  test.setTimeout(180_000);
  await signIn(page, 'bob');
  await openJenkinsTab(page);

  await page
    .getByRole('button', { name: 'Run pipeline deploy-production' })
    .click();
  const dialog = page.getByRole('dialog', {
    name: 'Run payments/deploy-production',
  });
  await expect(dialog).toContainText('production');
  await dialog.getByRole('textbox', { name: 'VERSION' }).fill('2.5.0');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  const buildLink = dialog
    .getByRole('status')
    .getByRole('link', { name: /^Build #\d+$/ });
  await expect(buildLink).toBeVisible({ timeout: 30_000 });
  const buildNumber = Number((await buildLink.textContent())!.slice(7));
  await buildLink.click();

  // The pipeline stops at its input step and asks bob, a release manager.
  const build = page.getByRole('region', { name: `Build ${buildNumber}` });
  const approval = build.getByRole('region', { name: 'Waiting for approval' });
  await expect(approval).toContainText('Promote to production?', {
    timeout: 30_000,
  });
  const approve = approval.getByRole('button', { name: 'Approve' });
  await expect(approve).toBeEnabled();
  await expect(approval.getByRole('button', { name: 'Reject' })).toBeEnabled();
  await saveScreenshot(page, 'approval', { scrollTo: build });
  await approve.click();

  await expect(approval).toBeHidden();
  await expect(
    build.getByRole('list', { name: 'Pipeline stages' }).getByRole('heading', {
      name: 'Deploy',
    }),
  ).toBeVisible();
  // The build runs its Deploy stage to the end.
  await expect(build.getByRole('region', { name: 'Log' })).toContainText(
    'Finished: SUCCESS',
    { timeout: 90_000 },
  );
  await expect(build.getByRole('progressbar')).toBeHidden();

  // Jenkins: started by bob, the input answered by bob, the run succeeded.
  const recorded = await simBuild('payments/deploy-production', buildNumber);
  expect(startedBy(recorded)).toEqual(['bob']);
  expect(recorded.result).toBe('SUCCESS');
  expect(
    await simRequests({ method: 'POST', path: '/input/Promote/' }),
  ).toEqual([expect.objectContaining({ user: 'bob', realm: 'jwt' })]);
});
