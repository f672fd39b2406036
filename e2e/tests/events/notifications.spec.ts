import { expect, Page, test } from '@playwright/test';
import {
  buildInJenkins,
  loadDemoWithFreshBuildNumbers,
  notificationLink,
  notificationsItem,
  notificationTitles,
  restoreDemo,
  shortenStages,
} from '../../support/events';
import { openJenkinsTab } from '../../support/jenkinsTab';
import { backstageIdentity, signIn } from '../../support/signIn';
import { appUrl } from '../../support/stack';

test.afterEach(async () => {
  await restoreDemo();
});

/** Opens the notifications page from the sidebar's bell, showing unread ones. */
async function openNotifications(page: Page) {
  await expect(page.getByLabel('Unread notifications')).toBeVisible({
    timeout: 60_000,
  });
  await notificationsItem(page).click();
  await expect(page).toHaveURL(/\/notifications/);
}

test('bob runs deploy-production: dana, the other release manager, is asked to approve it, alice (owner) hears it succeeded and opens the build, and the activity shows how it ended', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  await loadDemoWithFreshBuildNumbers(job => {
    if (job.name === 'payments/deploy-production') shortenStages(job, 5);
  });

  // bob, a release manager, runs a production deployment from the portal.
  const bobContext = await browser.newContext({ baseURL: appUrl });
  const bob = await bobContext.newPage();
  await signIn(bob, 'bob');
  await openJenkinsTab(bob);
  await bob
    .getByRole('button', { name: 'Run pipeline deploy-production' })
    .click();
  const dialog = bob.getByRole('dialog', {
    name: 'Run payments/deploy-production',
  });
  await dialog.getByRole('textbox', { name: 'VERSION' }).fill('2.6.0');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  const buildLink = dialog
    .getByRole('status')
    .getByRole('link', { name: /^Build #\d+$/ });
  await expect(buildLink).toBeVisible({ timeout: 30_000 });
  const buildNumber = Number((await buildLink.textContent())!.slice(7));
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await bobContext.close();

  // While it waits at "Promote to production?", the bell of dana, the other
  // release manager, asks her (bob started it: he may not approve it).
  const approvalTitle = `payments-service: deploy-production #${buildNumber} waits for approval`;
  const danaContext = await browser.newContext({ baseURL: appUrl });
  const dana = await danaContext.newPage();
  await signIn(dana, 'dana');
  await openNotifications(dana);
  const approvalLink = notificationLink(dana, approvalTitle);
  await expect(approvalLink).toBeVisible({ timeout: 60_000 });
  // The notification leads to the build view, where she approves.
  await approvalLink.click();
  await expect(dana).toHaveURL(new RegExp(`[?&]build=${buildNumber}(&|$)`));
  const build = dana.getByRole('region', { name: `Build ${buildNumber}` });
  const approval = build.getByRole('region', { name: 'Waiting for approval' });
  await expect(approval).toContainText('Promote to production?');
  await approval.getByRole('button', { name: 'Approve' }).click();
  await expect(approval).toBeHidden();
  await expect(build.getByRole('region', { name: 'Log' })).toContainText(
    'Finished: SUCCESS',
    { timeout: 60_000 },
  );
  // Answered, the request to approve is gone from her notifications.
  const danaToken = (await backstageIdentity(dana)).token;
  await expect
    .poll(() => notificationTitles(danaToken), { timeout: 30_000 })
    .not.toContain(approvalTitle);
  await danaContext.close();

  // alice owns payments-service (team-payments): her bell says how it ended.
  const aliceContext = await browser.newContext({ baseURL: appUrl });
  const alice = await aliceContext.newPage();
  await signIn(alice, 'alice');
  await openNotifications(alice);
  const succeeded = notificationLink(
    alice,
    `deploy-production #${buildNumber} succeeded`,
  );
  await expect(succeeded).toBeVisible({ timeout: 30_000 });
  // She may not approve production: she was never asked to.
  const aliceToken = (await backstageIdentity(alice)).token;
  expect(await notificationTitles(aliceToken)).not.toContain(approvalTitle);

  // The link opens the build view in the portal.
  await succeeded.click();
  await expect(alice).toHaveURL(
    new RegExp(
      `/catalog/default/component/payments-service/jenkins\\?.*build=${buildNumber}`,
    ),
  );
  const aliceBuild = alice.getByRole('region', {
    name: `Build ${buildNumber}`,
  });
  await expect(aliceBuild.getByRole('region', { name: 'Log' })).toContainText(
    'Finished: SUCCESS',
  );

  // The activity list tells who ran and approved it, and how it ended.
  const activity = alice.getByRole('list', { name: 'Recent activity' });
  await expect(
    activity.getByText(
      new RegExp(
        `^bob ran payments/deploy-production #${buildNumber} — succeeded in (\\d+ min )?\\d+ s$`,
      ),
    ),
  ).toBeVisible({ timeout: 30_000 });
  await expect(
    activity.getByText(
      `dana approved payments/deploy-production #${buildNumber}`,
      {
        exact: true,
      },
    ),
  ).toBeVisible();
  await aliceContext.close();
});

test('a failing payments-service main build notifies team-payments, with a link to the failed build', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await loadDemoWithFreshBuildNumbers(job => {
    if (job.name !== 'payments/payments-service') return;
    // main has its own plan (parallel test branches, minutes long) and a
    // pinned build of that plan; let it run the job's plain stages instead,
    // two seconds each, with Test failing.
    for (const branch of job.branches ?? []) {
      delete branch.stages;
      delete branch.builds;
    }
    shortenStages(job, 2);
    job.stages!.find(stage => stage.name === 'Test')!.result = 'FAILURE';
  });
  await signIn(page, 'alice');

  // The main branch fails in Jenkins (an SCM push, say): nobody watches it.
  const buildNumber = await buildInJenkins('payments/payments-service/main');
  const title = `payments-service » main #${buildNumber} failed`;

  await openNotifications(page);
  const failed = notificationLink(page, title);
  await expect(failed).toBeVisible({ timeout: 60_000 });
  await failed.click();
  const build = page.getByRole('region', { name: `Build ${buildNumber}` });
  await expect(build.getByRole('region', { name: 'Log' })).toContainText(
    'Finished: FAILURE',
  );

  // bob is no member of team-payments: not told.
  const bobContext = await browser.newContext({ baseURL: appUrl });
  const bob = await bobContext.newPage();
  await signIn(bob, 'bob');
  const bobToken = (await backstageIdentity(bob)).token;
  expect(await notificationTitles(bobToken)).not.toContain(title);
  await bobContext.close();
});

test('the Jenkins tab lists the runs started from it with their outcome', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await loadDemoWithFreshBuildNumbers(job => {
    if (job.name === 'payments/deploy-staging') {
      shortenStages(job, 2);
      // The smoke test fails this time.
      job.stages![job.stages!.length - 1].result = 'FAILURE';
    }
  });
  await signIn(page, 'alice');
  await openJenkinsTab(page);
  await page
    .getByRole('button', { name: 'Run pipeline deploy-staging' })
    .click();
  const dialog = page.getByRole('dialog', {
    name: 'Run payments/deploy-staging',
  });
  await dialog.getByRole('textbox', { name: 'VERSION' }).fill('2.6.1');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  const buildLink = dialog
    .getByRole('status')
    .getByRole('link', { name: /^Build #\d+$/ });
  await expect(buildLink).toBeVisible({ timeout: 30_000 });
  const buildNumber = Number((await buildLink.textContent())!.slice(7));
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Running, then failed — without a reload.
  const activity = page.getByRole('list', { name: 'Recent activity' });
  const line = (outcome: string) =>
    activity.getByText(
      new RegExp(
        `^alice ran payments/deploy-staging #${buildNumber} — ${outcome}$`,
      ),
    );
  await expect(line('running')).toBeVisible({ timeout: 30_000 });
  await expect(line('failed in \\d+ s')).toBeVisible({ timeout: 60_000 });
});
