import { expect, test } from '@playwright/test';
import { saveScreenshot } from '../support/screenshots';
import { signIn } from '../support/signIn';
import {
  advanceSimClock,
  buildParameters,
  resetSim,
  simBuild,
  simRequests,
  startedBy,
} from '../support/sim';

test.beforeEach(async () => {
  await resetSim();
});

test('alice runs the "Deploy payments-service to staging" template, sees the build link; Jenkins records her', async ({
  page,
}) => {
  await signIn(page, 'alice');
  await page.goto('/create');

  // The template list's card, and its "Choose" button.
  const card = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: 'Deploy payments-service to staging' });
  await expect(card).toBeVisible();
  await card.getByTestId('template-card-actions--create').click();

  // A free string, with the versions the template suggests.
  const version = page.getByRole('combobox', { name: 'Version' });
  await version.fill('2.4.1');
  await version.press('Escape');
  await saveScreenshot(page, 'template-form');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The step queued deploy-staging as alice; move Jenkins' clock past the
  // quiet period and the build's stages rather than wait a minute.
  await expect
    .poll(
      async () =>
        (
          await simRequests({
            method: 'POST',
            path: '/job/payments/job/deploy-staging/buildWithParameters',
          })
        ).length,
      { timeout: 30_000 },
    )
    .toBe(1);
  await advanceSimClock(10_000);
  await advanceSimClock(120_000);

  const buildLink = page.getByRole('link', {
    name: /^Build \d+ in Jenkins \(SUCCESS\)/,
  });
  await expect(buildLink).toBeVisible({ timeout: 60_000 });
  const buildNumber = Number(
    /^Build (\d+)/.exec((await buildLink.textContent())!)![1],
  );
  await expect(buildLink).toHaveAttribute(
    'href',
    new RegExp(`/job/payments/job/deploy-staging/${buildNumber}/$`),
  );
  await saveScreenshot(page, 'template-done');

  // Jenkins saw alice (her JWT, through the Jenkins plugin), once.
  const posts = await simRequests({
    method: 'POST',
    path: '/job/payments/job/deploy-staging/buildWithParameters',
  });
  expect(posts.map(p => [p.user, p.realm])).toEqual([['alice', 'jwt']]);
  const recorded = await simBuild('payments/deploy-staging', buildNumber);
  expect(startedBy(recorded)).toEqual(['alice']);
  expect(buildParameters(recorded)).toMatchObject({
    VERSION: '2.4.1',
    REGION: 'eu-west-1',
    BACKSTAGE_USER: 'user:default/alice',
  });
  expect(recorded.result).toBe('SUCCESS');
});
