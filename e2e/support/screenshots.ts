import { Page } from '@playwright/test';
import path from 'node:path';

const screenshotDir = path.resolve(__dirname, '../../docs/screenshots');

/** Saves a screenshot for the README: docs/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}
