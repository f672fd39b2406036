import { expect, Page, test } from '@playwright/test';
import {
  callJenkinsApi,
  jobApiPath,
  jobCard,
  openJenkinsTab,
} from '../support/jenkinsTab';
import { saveScreenshot } from '../support/screenshots';
import { backstageIdentity, DemoUser, signIn } from '../support/signIn';
import { resetSim } from '../support/sim';

test.beforeEach(async () => {
  await resetSim();
});

/** A person's session in the app and their calls to the Jenkins API. */
async function session(page: Page, user: DemoUser) {
  await signIn(page, user);
  const { token } = await backstageIdentity(page);
  return (method: string, path: string, body?: unknown) =>
    callJenkinsApi(page, token, method, path, body);
}

async function waitFor<T>(
  read: () => Promise<T | undefined>,
  what: string,
): Promise<T> {
  let value: T | undefined;
  await expect
    .poll(async () => (value = await read()) !== undefined, {
      message: what,
      timeout: 60_000,
      intervals: [500, 1000],
    })
    .toBe(true);
  return value!;
}

test('the activity list shows alice’s run and refusal, bob’s run and dana’s approval', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const staging = jobApiPath('payments/deploy-staging');
  const production = jobApiPath('payments/deploy-production');

  // bob, a release manager, runs a production deployment; dana, the other
  // release manager, approves it (bob may not: separation of duties).
  const bobContext = await browser.newContext({
    baseURL: 'http://localhost:3000',
  });
  const bob = await session(await bobContext.newPage(), 'bob');
  const run = await bob('POST', `${production}/builds`, {
    parameters: { VERSION: '2.5.1' },
  });
  expect(run.status).toBe(202);
  const buildNumber = await waitFor(async () => {
    const queue = await bob(
      'GET',
      `${production}/queue/${run.body.queue.queueId}`,
    );
    return queue.body.buildNumber ?? undefined;
  }, 'the production run to leave the queue');
  await waitFor(async () => {
    const build = await bob('GET', `${production}/builds/${buildNumber}`);
    return build.body.pendingInputs?.length ? true : undefined;
  }, 'the production run to wait for approval');
  await bobContext.close();
  const danaContext = await browser.newContext({
    baseURL: 'http://localhost:3000',
  });
  const dana = await session(await danaContext.newPage(), 'dana');
  const approval = await dana(
    'POST',
    `${production}/builds/${buildNumber}/inputs/Promote`,
    { action: 'approve' },
  );
  expect(approval.status).toBe(200);
  await danaContext.close();

  // alice runs staging, and is refused production.
  const alice = await session(page, 'alice');
  expect(
    (
      await alice('POST', `${staging}/builds`, {
        parameters: { VERSION: '2.5.1' },
      })
    ).status,
  ).toBe(202);
  expect(
    (
      await alice('POST', `${production}/builds`, {
        parameters: { VERSION: '2.5.1' },
      })
    ).status,
  ).toBe(403);

  await openJenkinsTab(page);
  // Newest first: this test's four entries lead the list. A run's line ends
  // with its build's outcome once Jenkins told of the build ("— running",
  // "— succeeded in 41 s"; tests/events/notifications.spec.ts checks those).
  const entries = page
    .getByRole('list', { name: 'Recent activity' })
    .getByRole('listitem');
  const expected = [
    /^alice was denied: run payments\/deploy-production$/,
    /^alice ran payments\/deploy-staging( #\d+( — .+)?)?$/,
    `dana approved payments/deploy-production #${buildNumber}`,
    new RegExp(`^bob ran payments/deploy-production #${buildNumber}( — .+)?$`),
  ];
  for (const [index, line] of expected.entries()) {
    await expect(
      entries.nth(index).getByText(line, { exact: true }),
    ).toBeVisible();
  }
  await saveScreenshot(page, 'activity', {
    scrollTo: page.getByRole('heading', { name: 'Recent activity' }),
  });
});

test('carol, in no group, cannot run anything and sees why', async ({
  page,
}) => {
  await signIn(page, 'carol');
  await openJenkinsTab(page);

  for (const job of [
    'payments-service',
    'deploy-staging',
    'deploy-production',
  ]) {
    const run = jobCard(page, job).getByRole('button', {
      name: `Run pipeline ${job}`,
    });
    await expect(run).toBeDisabled();
    await expect(run).toHaveAccessibleDescription(
      /does not allow jenkins\.job\.trigger/,
    );
  }
  // Reading is still everyone's: the builds are there.
  await expect(
    page.getByRole('table', { name: 'Builds' }).getByRole('row').nth(1),
  ).toBeVisible();
  await saveScreenshot(page, 'carol-denied');
});
