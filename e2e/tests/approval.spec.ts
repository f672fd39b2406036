import { expect, test } from '@playwright/test';
import { openJenkinsTab } from '../support/jenkinsTab';
import { saveScreenshot } from '../support/screenshots';
import { signIn } from '../support/signIn';
import { resetSim, simBuild, simRequests, startedBy } from '../support/sim';

const REASON =
  'You started this deploy; another release manager must approve it';

test.beforeEach(async () => {
  await resetSim();
});

test('bob runs deploy-production and cannot approve it; dana, the other release manager, approves; the change record shows both', async ({
  page,
  browser,
}) => {
  // Prepare (5 s) + quiet period (5 s) + Deploy (45 s) at the simulator's real speed.
  test.setTimeout(240_000);
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

  // The pipeline stops at its input step; bob started it, so he may not
  // approve it, is told why, and whom to ask.
  const build = page.getByRole('region', { name: `Build ${buildNumber}` });
  const approval = build.getByRole('region', { name: 'Waiting for approval' });
  await expect(approval).toContainText('Promote to production?', {
    timeout: 30_000,
  });
  const bobsApprove = approval.getByRole('button', { name: 'Approve' });
  await expect(bobsApprove).toBeDisabled();
  await expect(bobsApprove).toHaveAccessibleDescription(REASON);
  await expect(approval).toContainText(REASON);
  await expect(approval).toContainText(
    'Ask dana (release-managers) to approve it.',
  );
  await saveScreenshot(page, 'approval-separation', { scrollTo: build });
  const buildUrl = page.url();

  // Dana signs in through the IdP in her own browser session and approves.
  const danaContext = await browser.newContext({
    baseURL: 'http://localhost:3000',
  });
  const dana = await danaContext.newPage();
  try {
    await signIn(dana, 'dana');
    await dana.goto(buildUrl);
    const danasBuild = dana.getByRole('region', {
      name: `Build ${buildNumber}`,
    });
    const danasApproval = danasBuild.getByRole('region', {
      name: 'Waiting for approval',
    });
    await expect(danasApproval).toContainText('Promote to production?');
    const approve = danasApproval.getByRole('button', { name: 'Approve' });
    await expect(approve).toBeEnabled();
    await approve.click();
    await expect(danasApproval).toBeHidden();

    // The build runs its Deploy stage to the end.
    await expect(danasBuild.getByRole('region', { name: 'Log' })).toContainText(
      'Finished: SUCCESS',
      { timeout: 90_000 },
    );

    // The change record: requester, approver, the policy's decisions, result.
    await danasBuild.getByRole('tab', { name: 'Change record' }).click();
    const record = danasBuild.getByRole('article', {
      name: `Change record of build #${buildNumber}`,
    });
    const change = record.getByRole('table', { name: 'Change' });
    await expect(change).toContainText(
      'user:default/bob via the Backstage portal',
    );
    await expect(
      change.getByRole('row', { name: /^Approved by/ }),
    ).toContainText('user:default/dana');
    await expect(change).toContainText(
      'Kept: approved by someone other than the requester',
    );
    await expect(change.getByRole('row', { name: /^Result/ })).toContainText(
      'SUCCESS',
    );
    const steps = record.getByRole('table', { name: 'Steps' });
    const rows = steps.getByRole('row');
    // The newest step is dana's approval. (Earlier specs reset the
    // simulator, so an older build with this number may have steps too.)
    await expect(rows.last()).toContainText('user:default/dana');
    await expect(rows.last()).toContainText('Allowed');
    await expect(record).toContainText(/Digest \(sha256\): [0-9a-f]{64}/);
    await saveScreenshot(dana, 'change-record', { scrollTo: record });
  } finally {
    await danaContext.close();
  }

  // Jenkins: started by bob, the input answered by dana, the run succeeded.
  const recorded = await simBuild('payments/deploy-production', buildNumber);
  expect(startedBy(recorded)).toEqual(['bob']);
  expect(recorded.result).toBe('SUCCESS');
  expect(
    await simRequests({ method: 'POST', path: '/input/Promote/' }),
  ).toEqual([expect.objectContaining({ user: 'dana', realm: 'jwt' })]);
});
