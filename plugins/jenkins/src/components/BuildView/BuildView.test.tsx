import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { jenkinsApiRef } from '../../api';
import {
  buildDetail,
  capabilities,
  entityRef,
  fakeJenkinsApi,
  job,
  responseError,
} from '../../testing/jenkinsFixtures';
import { stagesAsGraph } from '../PipelineGraph';
import { BuildView } from './BuildView';

async function openTab(name: RegExp | string) {
  await userEvent.click(await screen.findByRole('tab', { name }));
  return screen.getByRole('tabpanel', { name });
}

jest.mock('react-virtualized-auto-sizer', () => ({
  __esModule: true,
  default: (props: {
    children: (size: { width: number; height: number }) => unknown;
  }) => props.children({ width: 800, height: 600 }),
}));

const pipeline = job({ fullName: 'payments/deploy-production' });

const detail = buildDetail({
  number: 42,
  status: 'paused',
  stages: [
    {
      id: '1',
      name: 'Build',
      status: 'success',
      startedAt: 1,
      durationMs: 62000,
      error: null,
    },
    {
      id: '2',
      name: 'Approve',
      status: 'paused',
      startedAt: 2,
      durationMs: null,
      error: null,
    },
  ],
  parameters: [
    { name: 'VERSION', value: '1.2.3', masked: false },
    { name: 'TOKEN', value: null, masked: true },
  ],
  failedTests: [
    {
      name: 'refunds are idempotent',
      className: 'payments.RefundTest',
      errorDetails: 'expected 1 refund, got 2',
    },
  ],
  pendingInputs: [
    {
      id: 'deploy',
      message: 'Deploy 1.2.3 to production?',
      proceedText: 'Deploy',
      abortText: 'Abort',
      parameters: [],
      canAnswer: { allowed: true },
    },
  ],
});

async function renderView(
  api: ReturnType<typeof fakeJenkinsApi>,
  target = { job: pipeline },
) {
  const onBack = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api]]}>
      <BuildView
        entityRef={entityRef}
        target={target}
        buildNumber={42}
        onBack={onBack}
        onOpenBuild={jest.fn()}
      />
    </TestApiProvider>,
  );
  return { onBack };
}

function apiWith(overrides: Parameters<typeof fakeJenkinsApi>[0] = {}) {
  return fakeJenkinsApi({
    getBuild: jest.fn(async () => detail),
    // As the backend answers without Pipeline Graph View: the flat stages.
    getBuildGraph: jest.fn(async () => ({
      source: 'wfapi' as const,
      complete: false,
      stages: stagesAsGraph(detail.stages),
      canReadLogs: { allowed: true },
    })),
    getBuildCauses: jest.fn(async () => ({
      causes: [
        {
          kind: 'user' as const,
          description: 'Started by user Jane Doe',
          userId: 'jane.doe',
          userName: 'Jane Doe',
        },
      ],
    })),
    getPauseState: jest.fn(async () => ({
      supported: true,
      paused: false,
      building: true,
      capability: { allowed: true },
    })),
    getBuildLog: jest.fn(async () => ({
      text: 'Started by user Jane Doe\n',
      nextStart: 25,
      more: false,
      hasMore: false,
    })),
    ...overrides,
  });
}

describe('BuildView', () => {
  it('shows the stages with status and time', async () => {
    await renderView(apiWith());
    const stages = await screen.findByRole('list', { name: 'Pipeline stages' });
    expect(within(stages).getByText('Build')).toBeInTheDocument();
    expect(within(stages).getByText('Success')).toBeInTheDocument();
    expect(within(stages).getByText('1m 2s')).toBeInTheDocument();
    expect(
      within(stages).getByText('Waiting for approval'),
    ).toBeInTheDocument();
  });

  it('shows parameters with secrets masked, causes and the failed tests', async () => {
    await renderView(apiWith());
    await openTab('Parameters and cause');
    const params = await screen.findByRole('table', {
      name: 'Build parameters',
    });
    expect(within(params).getByText('1.2.3')).toBeInTheDocument();
    expect(within(params).getByText('•••••• (secret)')).toBeInTheDocument();
    expect(
      screen.getAllByText('Started by user Jane Doe').length,
    ).toBeGreaterThan(0);
    await openTab('Tests (2 failed)');
    expect(
      screen.getByText('120 tests: 118 passed, 2 failed'),
    ).toBeInTheDocument();
    const failed = screen.getByRole('list', { name: 'Failed tests' });
    expect(
      within(failed).getByText('refunds are idempotent'),
    ).toBeInTheDocument();
    expect(
      within(failed).getByText('expected 1 refund, got 2'),
    ).toBeInTheDocument();
  });

  it('says log access is required where log text would be, for a caller without it', async () => {
    const reason =
      'Your permission policy does not allow jenkins.build.logs.read on payments/deploy-production (production)';
    const failedStages = [
      { ...detail.stages[0], status: 'failure' as const, error: null },
      detail.stages[1],
    ];
    const api = apiWith({
      // As the backend answers a caller without jenkins.build.logs.read.
      getBuild: jest.fn(async () => ({
        ...detail,
        stages: failedStages,
        failedTests: [{ ...detail.failedTests[0], errorDetails: null }],
        canReadLogs: { allowed: false, reason },
      })),
      getBuildGraph: jest.fn(async () => ({
        source: 'pipeline-graph-view' as const,
        complete: true,
        stages: stagesAsGraph(failedStages),
        canReadLogs: { allowed: false, reason },
      })),
    });
    await renderView(api);
    await openTab(/^Tests/);
    const failed = await screen.findByRole('list', { name: 'Failed tests' });
    expect(
      within(failed).getByText('refunds are idempotent'),
    ).toBeInTheDocument();
    // The policy's reason is on hover.
    expect(within(failed).getByTitle(reason)).toHaveTextContent(
      'Log access required',
    );
    await openTab('Pipeline');
    const stages = screen.getByRole('list', { name: 'Pipeline stages' });
    // Only the failed stage would have had an error to show.
    expect(within(stages).getAllByText('Log access required')).toHaveLength(1);
    expect(screen.queryByText('expected 1 refund, got 2')).toBeNull();
  });

  it('shows no log access hint to a caller who may read logs', async () => {
    await renderView(apiWith());
    await openTab(/^Tests/);
    await screen.findByRole('list', { name: 'Failed tests' });
    expect(screen.queryByText('Log access required')).toBeNull();
  });

  it('approves a pending input step', async () => {
    const api = apiWith({
      answerInput: jest.fn(async () => ({
        requestId: 'r',
        status: 'done' as const,
        message: 'ok',
      })),
    });
    await renderView(api);
    expect(
      await screen.findByText('Deploy 1.2.3 to production?'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.answerInput).toHaveBeenCalledWith(
        entityRef,
        pipeline.id,
        42,
        'deploy',
        { action: 'approve' },
        { idempotencyKey: expect.any(String) },
      ),
    );
    expect(
      await screen.findByText('Approved: Deploy 1.2.3 to production?'),
    ).toBeInTheDocument();
  });

  it("rejects a pending input step and shows the server's message when it fails", async () => {
    const conflict = await responseError(
      409,
      'Input deploy was already answered by bob',
    );
    const api = apiWith({
      answerInput: jest.fn(() => Promise.reject(conflict)),
    });
    await renderView(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reject' }),
    );
    expect(
      await screen.findByText('Input deploy was already answered by bob'),
    ).toBeInTheDocument();
    expect(api.answerInput.mock.calls[0][4]).toEqual({ action: 'reject' });
  });

  it('disables Approve and Reject with the reason when the caller may not answer', async () => {
    const api = apiWith({
      getBuild: jest.fn(async () => ({
        ...detail,
        pendingInputs: [
          {
            ...detail.pendingInputs[0],
            canAnswer: {
              allowed: false,
              reason: 'Only release-managers may approve',
            },
          },
        ],
      })),
    });
    await renderView(api);
    expect(
      await screen.findByRole('button', { name: 'Approve' }),
    ).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeDisabled();
    expect(
      screen.getByText('Only release-managers may approve'),
    ).toBeInTheDocument();
  });

  it('shows the log', async () => {
    await renderView(apiWith());
    expect(await screen.findByText('End of log.')).toBeInTheDocument();
    expect(await screen.findAllByText(/Started by user Jane Doe/)).toHaveLength(
      2,
    );
  });

  it('says why the log is hidden when the caller may not read it', async () => {
    const api = apiWith();
    await renderView(api, {
      job: job({
        capabilities: capabilities({
          readLogs: {
            allowed: false,
            reason: 'Missing permission jenkins.build.logs.read',
          },
        }),
      }),
    });
    expect(
      await screen.findByText(
        'You cannot read this log: Missing permission jenkins.build.logs.read',
      ),
    ).toBeInTheDocument();
    expect(api.getBuildLog).not.toHaveBeenCalled();
  });

  it("shows the server's message when the build cannot be read, and goes back", async () => {
    const notFound = await responseError(
      404,
      'Build 42 of payments/deploy-production not found',
    );
    const { onBack } = await renderView(
      apiWith({ getBuild: jest.fn(() => Promise.reject(notFound)) }),
    );
    expect(
      await screen.findByText(
        'Build 42 of payments/deploy-production not found',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Back to builds' }),
    );
    expect(onBack).toHaveBeenCalled();
  });

  it('shows skeletons while the build loads', async () => {
    await renderView(
      apiWith({ getBuild: jest.fn(() => new Promise(() => {})) }),
    );
    expect(
      screen.getByRole('progressbar', { name: 'Loading build #42' }),
    ).toBeInTheDocument();
  });
});
