import { expect, Page } from '@playwright/test';
import { backendUrl } from './stack';

export const paymentsService = {
  ref: 'component:default/payments-service',
  path: '/catalog/default/component/payments-service',
};

/** The job id the backend API uses: base64url of `<instance>:<full name>`. */
export function jobId(fullName: string, instance = 'default') {
  return Buffer.from(`${instance}:${fullName}`).toString('base64url');
}

/** Opens payments-service and its Jenkins tab the way a person would. */
export async function openJenkinsTab(page: Page) {
  await page.goto(paymentsService.path);
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Jenkins' })
    .click();
  await expect(page).toHaveURL(/\/jenkins/);
}

/** The card of one job in the "Jobs" list. */
export function jobCard(page: Page, displayName: string) {
  return page
    .getByRole('list', { name: /^Jobs/ })
    .getByRole('listitem', { name: `Job ${displayName}` });
}

/**
 * Calls the Jenkins backend API with the signed-in person's Backstage token,
 * from the page (cookies and token are the browser's), as a script or an
 * MCP client would — not through the UI.
 */
export async function callJenkinsApi(
  page: Page,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ({ url, token: t, method: m, body: b }) => {
      const response = await fetch(url, {
        method: m,
        headers: {
          authorization: `Bearer ${t}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      return { status: response.status, body: parsed };
    },
    { url: `${backendUrl}/api/jenkins${path}`, token, method, body },
  );
}

/** `/v1/entities/component/default/payments-service/jobs/<id>` */
export function jobApiPath(fullName: string) {
  return `/v1/entities/component/default/payments-service/jobs/${jobId(
    fullName,
  )}`;
}
