import { expect, test } from '@playwright/test';
import { saveScreenshot } from '../support/screenshots';
import { backstageIdentity, signIn } from '../support/signIn';

test.describe('sign-in through the OpenID Connect IdP', () => {
  test('alice signs in and sees the catalog with payments-service', async ({
    page,
  }) => {
    await signIn(page, 'alice');

    await expect(
      page.getByRole('link', { name: 'payments-service' }),
    ).toBeVisible();
    // The IdP's groups claim decides ownership: alice acts for team-payments.
    const identity = await backstageIdentity(page);
    expect(identity.userEntityRef).toBe('user:default/alice');
    expect(identity.ownershipEntityRefs).toEqual([
      'user:default/alice',
      'group:default/team-payments',
    ]);
    await saveScreenshot(page, 'sign-in-catalog');
  });

  test('the session survives a reload', async ({ page }) => {
    await signIn(page, 'bob');
    await page.reload();
    await expect(
      page.getByRole('link', { name: 'payments-service' }),
    ).toBeVisible();
    const identity = await backstageIdentity(page);
    expect(identity.ownershipEntityRefs).toEqual([
      'user:default/bob',
      'group:default/release-managers',
    ]);
  });

  test('carol, without IdP groups, owns nothing but herself', async ({
    page,
  }) => {
    await signIn(page, 'carol');
    const identity = await backstageIdentity(page);
    expect(identity.ownershipEntityRefs).toEqual(['user:default/carol']);
  });
});
