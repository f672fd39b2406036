import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { openJenkinsTab } from '../support/jenkinsTab';
import { signIn } from '../support/signIn';
import { resetSim } from '../support/sim';

/*
 * The automated accessibility check (axe-core, WCAG 2.0 and 2.1, levels A
 * and AA) on what a person uses: the Jenkins tab, the Run pipeline dialog
 * and the build view with each of its tabs. No violation is acceptable.
 */

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function expectNoViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const summary = results.violations.map(v => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    count: v.nodes.length,
  }));
  expect(summary, `axe violations on ${what}`).toEqual([]);
}

test.beforeEach(async () => {
  await resetSim();
});

test('the Jenkins tab, the run dialog and the build view pass axe (WCAG 2.1 A/AA)', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, 'alice');
  await openJenkinsTab(page);
  const builds = page.getByRole('table', { name: 'Builds' });
  await expect(builds.getByRole('row', { name: /^Build #150 / })).toBeVisible();
  await expect(
    page
      .getByRole('list', { name: 'Recent activity' })
      .or(page.getByText(/^No activity yet/)),
  ).toBeVisible();
  await expectNoViolations(page, 'the Jenkins tab');

  await page
    .getByRole('button', { name: 'Run pipeline deploy-staging' })
    .click();
  const dialog = page.getByRole('dialog', {
    name: 'Run payments/deploy-staging',
  });
  await expect(dialog.getByRole('textbox', { name: 'VERSION' })).toBeVisible();
  await expectNoViolations(page, 'the run dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // The failed build: graph, steps, a step's log, then every other tab.
  await builds.getByRole('button', { name: 'View build #149' }).click();
  const build = page.getByRole('region', { name: 'Build 149' });
  const log = build.getByRole('region', { name: 'Log' });
  await expect(log.getByRole('status')).toHaveText('End of log.');
  await expect(
    build.getByRole('button', { name: 'Restart from stage' }),
  ).toBeEnabled();
  await expectNoViolations(page, 'the build view (Pipeline, whole console)');

  await build
    .getByRole('button', { name: 'Steps and log of branch contract' })
    .click();
  await build
    .getByRole('button', { name: /^Log of step .*contractTest/ })
    .first()
    .click();
  await expect(log).toContainText('contractTest FAILED');
  await expectNoViolations(page, 'the build view (a step log)');

  for (const tab of [
    /^Changes/,
    /^Tests/,
    /^Artifacts/,
    /^Parameters and cause/,
  ]) {
    await build.getByRole('tab', { name: tab }).click();
    const panel = build.getByRole('tabpanel', { name: tab });
    await expect(panel.getByRole('progressbar')).toHaveCount(0);
    await expectNoViolations(page, `the build view (${tab.source})`);
  }

  await build.getByRole('button', { name: 'Rerun or replay' }).click();
  const replay = page.getByRole('dialog', { name: 'Replay build #149' });
  await expect(
    replay.getByRole('textbox', { name: 'Main script (Jenkinsfile)' }),
  ).toBeVisible();
  await expectNoViolations(page, 'the replay dialog');
});
