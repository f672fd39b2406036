import { Locator, Page } from '@playwright/test';
import path from 'node:path';

const screenshotDir = path.resolve(__dirname, '../../docs/screenshots');

/**
 * Saves a screenshot for the README: docs/screenshots/<name>.png, with
 * `scrollTo` (when given) scrolled to the top of the viewport first.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  options: { scrollTo?: Locator } = {},
) {
  if (options.scrollTo) {
    await options.scrollTo.evaluate(element =>
      element.scrollIntoView({ block: 'start' }),
    );
  }
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}
