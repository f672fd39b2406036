import { Browser, expect, Page, test } from '@playwright/test';
import { openJenkinsTab } from '../support/jenkinsTab';
import { saveScreenshot } from '../support/screenshots';
import { DemoUser, signIn } from '../support/signIn';
import { resetSim, simBuild, startedBy } from '../support/sim';

/*
 * The build view a Jenkins user recognises, against the demo's failed
 * payments-service main #149 (packages/jenkins-sim/scenarios/demo.yaml):
 * Test runs unit, integration and contract in parallel and contract fails.
 */

test.beforeEach(async () => {
  await resetSim();
});

/** Signs `user` in (in a context of their own) and opens main #149. */
async function openFailedBuild(page: Page, user: DemoUser) {
  await signIn(page, user);
  await openJenkinsTab(page);
  await page
    .getByRole('table', { name: 'Builds' })
    .getByRole('button', { name: 'View build #149' })
    .click();
  const build = page.getByRole('region', { name: 'Build 149' });
  await expect(build).toContainText('Failed');
  return build;
}

async function personPage(browser: Browser) {
  const context = await browser.newContext({
    baseURL: 'http://localhost:3000',
  });
  return context.newPage();
}

test('alice opens the failed build, its parallel branches and the failing step, and restarts from the failed stage', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const build = await openFailedBuild(page, 'alice');

  // The graph: Test with its three parallel branches, contract failed.
  const branches = build.getByRole('list', {
    name: 'Parallel branches of Test',
  });
  for (const name of ['unit', 'integration', 'contract']) {
    await expect(branches.getByRole('heading', { name })).toBeVisible();
  }
  const contract = branches
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'contract' }) });
  await expect(contract).toContainText('Failed');
  await expect(
    branches
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'unit' }) }),
  ).toContainText('Success');

  // The failing step's own log, not the whole console.
  await contract
    .getByRole('button', { name: 'Steps and log of branch contract' })
    .click();
  const steps = build.getByRole('list', { name: 'Steps of branch contract' });
  const failedStep = steps
    .getByRole('listitem')
    .filter({ hasText: 'contractTest' })
    .first();
  await expect(failedStep).toContainText('Failed');
  await failedStep.getByRole('button', { name: /^Log of step / }).click();
  const log = build.getByRole('region', { name: 'Log' });
  await expect(log).toContainText(
    /Log of step .*contractTest.* in branch contract/,
  );
  await expect(log).toContainText('refundMatchesLedgerContract() FAILED');
  await expect(log).not.toContainText('+ docker build');
  await saveScreenshot(page, 'build-view-pipeline', { scrollTo: build });

  // A failed test opens the step Jenkins says recorded it (junit's nodeId):
  // contract's `post { always { junit … } }` step, in its branch.
  await build.getByRole('tab', { name: /^Tests \(\d+ failed\)$/ }).click();
  await build
    .getByRole('list', { name: 'Failed tests' })
    .getByRole('button', { name: /^Step log of / })
    .first()
    .click();
  await expect(build.getByRole('tab', { name: 'Pipeline' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(log).toContainText(/Log of step .* in branch contract/);
  await expect(log).toContainText('Recording test results');

  // Restart from the failed stage: only the stages Jenkins offers.
  await build.getByRole('button', { name: 'Restart from stage' }).click();
  const dialog = page.getByRole('dialog', {
    name: 'Restart build #149 from a stage',
  });
  await expect(dialog.getByRole('radio')).toHaveCount(3);
  await expect(
    dialog.getByRole('radio', { name: 'Test (Failed)' }),
  ).toBeChecked();
  await expect(dialog.getByRole('radio', { name: /^Package/ })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Restart from Test' }).click();
  const newBuild = dialog.getByRole('status').getByRole('link', {
    name: /^Build #\d+$/,
  });
  await expect(newBuild).toBeVisible({ timeout: 30_000 });
  const number = Number((await newBuild.textContent())!.slice(7));
  await newBuild.click();

  // The new build says who restarted it, and from where.
  const restarted = page.getByRole('region', { name: `Build ${number}` });
  await restarted.getByRole('tab', { name: 'Parameters and cause' }).click();
  const causes = restarted.getByRole('list', { name: 'Causes' });
  await expect(causes).toContainText('Restarted from build #149, stage Test');
  await expect(causes).toContainText('Started by user Alice');
  // Jenkins agrees: alice's own identity started it.
  expect(
    startedBy(await simBuild('payments/payments-service/main', number)),
  ).toEqual(['alice']);
});

test('carol sees Restart from stage disabled, with the reason', async ({
  page,
}) => {
  const build = await openFailedBuild(page, 'carol');
  const restart = build.getByRole('button', { name: 'Restart from stage' });
  await expect(restart).toBeDisabled();
  await expect(restart).toHaveAccessibleDescription(
    /jenkins\.build\.restart|Jenkins offers no restart/,
  );
  await expect(
    build.getByRole('group', { name: 'Pipeline actions' }),
  ).toContainText(/jenkins\.build\.restart|Jenkins offers no restart/);
});

test('alice replays the failed build with an edited script: the dialog shows the diff and the activity records it', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const build = await openFailedBuild(page, 'alice');
  await build.getByRole('button', { name: 'Rerun or replay' }).click();
  const dialog = page.getByRole('dialog', { name: 'Replay build #149' });
  const editor = dialog.getByRole('textbox', {
    name: 'Main script (Jenkinsfile)',
  });
  const original = await editor.inputValue();
  expect(original).toContain('pipeline');
  await editor.fill(
    `${original.trimEnd()}\n// Retry the contract tests with more output\n`,
  );
  await expect(
    dialog.getByRole('status').filter({ hasText: 'Changes to Main script' }),
  ).toContainText('1 line added');
  const diff = dialog.getByRole('table', {
    name: 'Diff of Main script (Jenkinsfile)',
  });
  await expect(diff).toContainText(
    '// Retry the contract tests with more output',
  );
  await saveScreenshot(page, 'replay-diff');
  await dialog
    .getByRole('button', { name: 'Replay with the edited script' })
    .click();
  await expect(
    dialog.getByRole('status').getByRole('link', { name: /^Build #\d+$/ }),
  ).toBeVisible({ timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The activity (as anyone on the entity sees it) records the edited replay.
  const other = await personPage(browser);
  await signIn(other, 'bob');
  await openJenkinsTab(other);
  const activity = other.getByRole('list', { name: 'Recent activity' });
  await expect(activity).toContainText(
    /alice replayed payments\/payments-service\/main #\d+ with an edited script/,
    { timeout: 30_000 },
  );
  await activity
    .getByText(/^Script changes/)
    .first()
    .click();
  await expect(
    activity.getByLabel(/^Script changes of alice replayed/).first(),
  ).toContainText('+// Retry the contract tests with more output');
});

test("the latest-build card's build link opens the portal's build view, with Jenkins one click away", async ({
  page,
}) => {
  await signIn(page, 'alice');
  await page.goto('/catalog/default/component/payments-service');
  const card = page
    .getByRole('listitem', { name: 'Latest build of payments-service' })
    .first();
  const link = card.getByRole('link', { name: /^Build #\d+$/ });
  await expect(link).toHaveAttribute('href', /\/jenkins\?job=.*&build=\d+$/);
  await expect(
    card.getByRole('link', {
      name: /^Open build #\d+ of payments-service in Jenkins$/,
    }),
  ).toHaveAttribute('href', /\/job\/payments\/job\/payments-service\//);
  const number = Number((await link.textContent())!.slice(7));
  await link.click();
  await expect(
    page.getByRole('region', { name: `Build ${number}` }),
  ).toBeVisible();
});
