import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FailedTest } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import {
  contractSteps,
  failedPaymentsGraph,
  graphStage,
} from '../../testing/buildViewFixtures';
import {
  buildDetail,
  entityRef,
  fakeJenkinsApi,
  job,
  responseError,
} from '../../testing/jenkinsFixtures';
import { BuildView } from './BuildView';

jest.mock('react-virtualized-auto-sizer', () => ({
  __esModule: true,
  default: (props: {
    children: (size: { width: number; height: number }) => unknown;
  }) => props.children({ width: 800, height: 600 }),
}));

const service = job({ fullName: 'payments/payments-service' });

const failed = buildDetail({
  number: 149,
  status: 'failure',
  stages: [
    {
      id: '20',
      name: 'Test',
      status: 'failure',
      startedAt: 1,
      durationMs: 1000,
      error: null,
    },
  ],
});

function apiWith(overrides: Parameters<typeof fakeJenkinsApi>[0] = {}) {
  return fakeJenkinsApi({
    getBuild: jest.fn(async () => failed),
    getBuildGraph: jest.fn(async () => ({
      source: 'pipeline-graph-view' as const,
      complete: true,
      stages: failedPaymentsGraph,
      canReadLogs: { allowed: true },
    })),
    getStageSteps: jest.fn(async () => contractSteps),
    getNodeLog: jest.fn(async (_e, _j, _n, nodeId: string) => ({
      text: `log of node ${nodeId}\n`,
      nextStart: 20,
      more: false,
      hasMore: false,
    })),
    getBuildLog: jest.fn(async () => ({
      text: 'Started by user Alice\nthe whole console\n',
      nextStart: 40,
      more: false,
      hasMore: false,
    })),
    getRestartInfo: jest.fn(async () => ({
      restartEnabled: true,
      restartableStages: ['Checkout', 'Build', 'Test'],
      capability: { allowed: true },
    })),
    getReplayInfo: jest.fn(async () => ({
      main: 'pipeline {}',
      loaded: {},
      sha256: 'a'.repeat(64),
      canReplay: { allowed: true },
      canEditScript: { allowed: true },
    })),
    ...overrides,
  });
}

async function renderView(api: ReturnType<typeof apiWith>) {
  await renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api]]}>
      <BuildView
        entityRef={entityRef}
        target={{ job: service }}
        buildNumber={149}
        onBack={jest.fn()}
        onOpenBuild={jest.fn()}
      />
    </TestApiProvider>,
  );
}

/** The failed build with one failed test, located as `where` says. */
function apiWithFailedTest(where: Partial<FailedTest>) {
  return apiWith({
    getBuild: jest.fn(async () => ({
      ...failed,
      tests: { total: 10, passed: 9, failed: 1, skipped: 0 },
      failedTests: [
        {
          name: 'refund contract holds',
          className: 'payments.RefundContractTest',
          errorDetails: 'expected status 200, got 500',
          ...where,
        },
      ],
    })),
  });
}

describe('BuildView: the Pipeline tab', () => {
  it('shows the parallel branches of a stage, each with its state in words', async () => {
    await renderView(apiWith());
    const branches = await screen.findByRole('list', {
      name: 'Parallel branches of Test',
    });
    const items = within(branches).getAllByRole('listitem');
    expect(items.map(i => within(i).getByRole('heading').textContent)).toEqual([
      'unit',
      'integration',
      'contract',
    ]);
    expect(within(items[2]).getByText('Failed')).toBeInTheDocument();
    expect(
      within(items[2]).getByText('script returned exit code 1'),
    ).toBeInTheDocument();
    expect(within(items[0]).getByText('Success')).toBeInTheDocument();
    const stages = screen.getByRole('list', { name: 'Pipeline stages' });
    expect(within(stages).getByText('Skipped')).toBeInTheDocument();
  });

  it("opens the failing step's log from the keyboard: branch, its steps, then the step", async () => {
    const api = apiWith();
    await renderView(api);
    const open = await screen.findByRole('button', {
      name: 'Steps and log of branch contract',
    });
    open.focus();
    await userEvent.keyboard('{Enter}');
    const steps = await screen.findByRole('list', {
      name: 'Steps of branch contract',
    });
    expect(api.getStageSteps).toHaveBeenCalledWith(
      entityRef,
      service.id,
      149,
      '26',
    );
    expect(
      await screen.findByText('log of node 26', { exact: false }),
    ).toBeInTheDocument();
    const failedStep = within(steps).getAllByRole('listitem')[0];
    expect(within(failedStep).getByText('Failed')).toBeInTheDocument();
    await userEvent.click(
      within(failedStep).getByRole('button', {
        name: 'Log of step ./gradlew contractTest',
      }),
    );
    const log = screen.getByRole('region', { name: 'Log' });
    expect(await within(log).findByText(/log of node 30/)).toBeInTheDocument();
    expect(
      within(log).getByText(
        'Log of step ./gradlew contractTest in branch contract',
      ),
    ).toBeInTheDocument();
    expect(api.getNodeLog).toHaveBeenLastCalledWith(
      entityRef,
      service.id,
      149,
      '30',
      0,
    );
    expect(
      within(steps).getByRole('button', {
        name: 'Log of step ./gradlew contractTest',
      }),
    ).toHaveAttribute('aria-current', 'true');

    await userEvent.click(
      within(log).getByRole('button', { name: 'Show the whole console' }),
    );
    expect(
      await within(log).findByText(/the whole console/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Steps of branch contract' }),
    ).toBeNull();
  });

  it('says why a queued stage waits', async () => {
    await renderView(
      apiWith({
        getBuild: jest.fn(async () => ({
          ...failed,
          status: 'running' as const,
        })),
        getPauseState: jest.fn(async () => ({
          supported: true,
          paused: false,
          building: true,
          capability: { allowed: true },
        })),
        getBuildGraph: jest.fn(async () => ({
          source: 'pipeline-graph-view' as const,
          complete: false,
          stages: [
            graphStage({
              id: '6',
              name: 'Deploy',
              state: 'queued',
              durationMs: null,
              waitingReason: "Waiting for next available executor on 'linux'",
            }),
          ],
          canReadLogs: { allowed: true },
        })),
      }),
    );
    const stages = await screen.findByRole('list', { name: 'Pipeline stages' });
    expect(
      await within(stages).findByText(
        "Waiting for next available executor on 'linux'",
      ),
    ).toBeInTheDocument();
    expect(within(stages).getByText('Queued')).toBeInTheDocument();
  });

  it('keeps the summarised stages and says what failed when the graph cannot be read', async () => {
    const down = await responseError(
      502,
      "Jenkins instance 'default' is unreachable",
    );
    await renderView(
      apiWith({ getBuildGraph: jest.fn(() => Promise.reject(down)) }),
    );
    expect(
      await screen.findByText("Jenkins instance 'default' is unreachable"),
    ).toBeInTheDocument();
    const stages = screen.getByRole('list', { name: 'Pipeline stages' });
    expect(
      within(stages).getByRole('heading', { name: 'Test' }),
    ).toBeInTheDocument();
  });

  it('says when Jenkins only has the flat stage view', async () => {
    await renderView(
      apiWith({
        getBuildGraph: jest.fn(async () => ({
          source: 'wfapi' as const,
          complete: true,
          stages: [graphStage({ id: '20', name: 'Test', state: 'failure' })],
          canReadLogs: { allowed: true },
        })),
      }),
    );
    expect(
      await screen.findByText(/no Pipeline Graph View plugin/),
    ).toBeInTheDocument();
  });

  it("shows a freestyle build's console without asking for a graph or pipeline actions", async () => {
    const api = apiWith();
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>
        <BuildView
          entityRef={entityRef}
          target={{
            job: job({ fullName: 'payments/legacy', kind: 'freestyle' }),
          }}
          buildNumber={149}
          onBack={jest.fn()}
          onOpenBuild={jest.fn()}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('tab', { name: 'Console' }),
    ).toBeInTheDocument();
    expect(await screen.findByText(/the whole console/)).toBeInTheDocument();
    await waitFor(() => expect(api.getBuildLog).toHaveBeenCalled());
    expect(api.getBuildGraph).not.toHaveBeenCalled();
    expect(api.getRestartInfo).not.toHaveBeenCalled();
    expect(
      screen.queryByRole('group', { name: 'Pipeline actions' }),
    ).toBeNull();
  });

  it('takes a failed test to the log of the failed stage', async () => {
    const api = apiWithFailedTest({});
    await renderView(api);
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Tests (1 failed)' }),
    );
    const tests = screen.getByRole('list', { name: 'Failed tests' });
    expect(
      within(tests).getByText('expected status 200, got 500'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(tests).getByRole('button', {
        name: 'Log of the failed stage of refund contract holds',
      }),
    );
    expect(screen.getByRole('tab', { name: 'Pipeline' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      await screen.findByRole('list', { name: 'Steps of branch contract' }),
    ).toBeInTheDocument();
    expect(await screen.findByText(/log of node 26/)).toBeInTheDocument();
  });
  it('takes a failed test to the step Jenkins says recorded it', async () => {
    const api = apiWithFailedTest({
      // As Jenkins sends a Declarative parallel stage: its inner stage node
      // (which Pipeline Graph View folds away), its branch, Test.
      stageIds: ['27', '26', '20'],
      stepId: '31',
    });
    await renderView(api);
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Tests (1 failed)' }),
    );
    await userEvent.click(
      within(screen.getByRole('list', { name: 'Failed tests' })).getByRole(
        'button',
        { name: 'Step log of refund contract holds' },
      ),
    );
    const steps = await screen.findByRole('list', {
      name: 'Steps of branch contract',
    });
    expect(
      within(steps).getByRole('button', {
        name: 'Log of step Archive JUnit-formatted test results',
      }),
    ).toHaveAttribute('aria-current', 'true');
    expect(
      await screen.findByText(
        'Log of step Archive JUnit-formatted test results in branch contract',
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText(/log of node 31/)).toBeInTheDocument();
  });
});
