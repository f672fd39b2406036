import { expect, Page } from '@playwright/test';
import { backendUrl } from './stack';

/** The dev IdP's users (packages/dev-idp): the password equals the name. */
export type DemoUser = 'alice' | 'bob' | 'carol' | 'dana';

/**
 * Signs in through the real OIDC flow: the sign-in page's popup, the dev
 * IdP's login form, and back. Ends on the catalog (the app's home page).
 */
export async function signIn(page: Page, user: DemoUser) {
  await page.goto('/');
  const card = page.getByText('Sign in with your organisation account');
  await expect(card).toBeVisible();
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign In' }).click();
  const popup = await popupPromise;
  await popup.getByLabel('Username').fill(user);
  await popup.getByLabel('Password').fill(user);
  await Promise.all([
    popup.waitForEvent('close'),
    popup.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await expect(card).toBeHidden();
}

/** The Backstage identity of the signed-in person, as the backend issued it. */
export async function backstageIdentity(page: Page): Promise<{
  token: string;
  userEntityRef: string;
  ownershipEntityRefs: string[];
}> {
  // The session refresh the app itself uses; the cookie belongs to the backend.
  return page.evaluate(async url => {
    const response = await fetch(
      `${url}/api/auth/oidc/refresh?optional&env=development`,
      {
        credentials: 'include',
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      },
    );
    const body = await response.json();
    return {
      token: body.backstageIdentity.token,
      ...body.backstageIdentity.identity,
    };
  }, backendUrl);
}
