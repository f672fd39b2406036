import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { jenkinsApiRef } from '../../api';
import {
  buildDetail,
  entityRef,
  fakeJenkinsApi,
  job,
  responseError,
} from '../../testing/jenkinsFixtures';
import { BuildViewContext } from '../BuildView';
import { PipelineActions } from './PipelineActions';

const service = job({ fullName: 'payments/payments-service' });
const script = [
  'pipeline {',
  '  agent any',
  '  stages {',
  "    stage('Test') { steps { sh './gradlew test' } }",
  '  }',
  '}',
].join('\n');

const failed = buildDetail({
  number: 149,
  status: 'failure',
  stages: [
    {
      id: '6',
      name: 'Checkout',
      status: 'success',
      startedAt: 1,
      durationMs: 1,
      error: null,
    },
    {
      id: '20',
      name: 'Test',
      status: 'failure',
      startedAt: 2,
      durationMs: 1,
      error: null,
    },
    {
      id: '40',
      name: 'Package',
      status: 'not_executed',
      startedAt: null,
      durationMs: null,
      error: null,
    },
  ],
});

const started = {
  requestId: 'r1',
  queue: {
    queueId: 77,
    state: 'started' as const,
    why: null,
    buildNumber: 152,
    buildUrl: null,
  },
  message: 'Jenkins restarted the build.',
};

function apiWith(overrides: Parameters<typeof fakeJenkinsApi>[0] = {}) {
  return fakeJenkinsApi({
    getRestartInfo: jest.fn(async () => ({
      restartEnabled: true,
      restartableStages: ['Checkout', 'Test'],
      capability: { allowed: true },
    })),
    getReplayInfo: jest.fn(async () => ({
      main: script,
      loaded: {},
      sha256: 'c'.repeat(64),
      canReplay: { allowed: true },
      canEditScript: { allowed: true },
    })),
    ...overrides,
  });
}

async function renderActions(api: ReturnType<typeof apiWith>, build = failed) {
  const context: BuildViewContext = {
    entityRef,
    target: { job: service },
    jobId: service.id,
    build,
    version: '1',
    isPipeline: true,
    onOpenBuild: jest.fn(),
    refresh: jest.fn(),
    showLog: jest.fn(),
  };
  await renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api]]}>
      <PipelineActions context={context} />
    </TestApiProvider>,
  );
  return context;
}

describe('PipelineActions', () => {
  it('restarts from a stage Jenkins offers, the failed one first, and links the new build', async () => {
    const api = apiWith({ restartBuild: jest.fn(async () => started) });
    const context = await renderActions(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Restart from stage' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Restart build #149 from a stage',
    });
    const options = within(dialog).getAllByRole('radio');
    // Only the restartable stages: Package is not offered.
    expect(options.map(o => o.getAttribute('value'))).toEqual([
      'Checkout',
      'Test',
    ]);
    expect(
      within(dialog).getByRole('radio', { name: 'Test (Failed)' }),
    ).toBeChecked();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Restart from Test' }),
    );
    expect(api.restartBuild).toHaveBeenCalledWith(
      entityRef,
      service.id,
      149,
      { stageName: 'Test' },
      { idempotencyKey: expect.any(String) },
    );
    await userEvent.click(
      await within(dialog).findByRole('link', { name: 'Build #152' }),
    );
    expect(context.onOpenBuild).toHaveBeenCalledWith(service.id, 152);
  });

  it("shows Jenkins' answer when the stage can no longer be restarted", async () => {
    const conflict = await responseError(
      409,
      'Stage Test cannot be restarted; restartable stages: Checkout',
    );
    const api = apiWith({
      restartBuild: jest.fn(() => Promise.reject(conflict)),
    });
    await renderActions(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Restart from stage' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Restart from Test' }),
    );
    expect(
      await screen.findByText(
        'Stage Test cannot be restarted; restartable stages: Checkout',
      ),
    ).toBeInTheDocument();
  });

  it('disables Restart with the policy reason for someone not allowed', async () => {
    const reason =
      'Your permission policy does not allow jenkins.build.restart on payments/payments-service';
    await renderActions(
      apiWith({
        getRestartInfo: jest.fn(async () => ({
          restartEnabled: false,
          restartableStages: [],
          capability: { allowed: false, reason },
        })),
      }),
    );
    const button = await screen.findByRole('button', {
      name: 'Restart from stage',
    });
    await waitFor(() => expect(button).toHaveAccessibleDescription(reason));
    expect(button).toBeDisabled();
  });

  it('disables Restart when Jenkins offers none for the build', async () => {
    await renderActions(
      apiWith({
        getRestartInfo: jest.fn(async () => ({
          restartEnabled: false,
          restartableStages: [],
          capability: { allowed: true },
        })),
      }),
    );
    const button = await screen.findByRole('button', {
      name: 'Restart from stage',
    });
    await waitFor(() =>
      expect(button).toHaveAccessibleDescription(/Jenkins offers no restart/),
    );
    expect(button).toBeDisabled();
  });

  it('replays an edited script after showing the diff against the original', async () => {
    const api = apiWith({
      replayBuild: jest.fn(async () => ({ ...started, message: 'Replayed.' })),
    });
    await renderActions(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Rerun or replay' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Replay build #149' });
    expect(
      within(dialog).getByText(
        /Changes to Main script \(Jenkinsfile\): No changes/,
      ),
    ).toBeInTheDocument();
    const editor = within(dialog).getByRole('textbox', {
      name: 'Main script (Jenkinsfile)',
    });
    await userEvent.clear(editor);
    // Pasted: typing would read the script's braces as key names.
    await userEvent.paste(
      script.replace('./gradlew test', './gradlew test --info'),
    );
    expect(
      within(dialog).getByText(
        /Changes to Main script \(Jenkinsfile\): 1 line added, 1 removed/,
      ),
    ).toBeInTheDocument();
    const diff = within(dialog).getByRole('table', {
      name: 'Diff of Main script (Jenkinsfile)',
    });
    expect(within(diff).getByText('removed')).toBeInTheDocument();
    expect(
      within(diff).getByText(
        "stage('Test') { steps { sh './gradlew test --info' } }",
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', {
        name: 'Replay with the edited script',
      }),
    );
    expect(api.replayBuild).toHaveBeenCalledWith(
      entityRef,
      service.id,
      149,
      {
        script: {
          main: script.replace('./gradlew test', './gradlew test --info'),
        },
      },
      { idempotencyKey: expect.any(String) },
    );
    expect(
      await within(dialog).findByRole('link', { name: 'Build #152' }),
    ).toBeInTheDocument();
  });

  it('reruns with the same script when nothing was edited', async () => {
    const api = apiWith({ replayBuild: jest.fn(async () => started) });
    await renderActions(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Rerun or replay' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Rerun with the same script' }),
    );
    expect(api.replayBuild.mock.calls[0][3]).toEqual({});
  });

  it('keeps the script read-only, with the reason, for someone who may only rerun', async () => {
    const reason =
      'Your permission policy does not allow jenkins.build.replay.edit on payments/deploy-production (production)';
    await renderActions(
      apiWith({
        getReplayInfo: jest.fn(async () => ({
          main: script,
          loaded: {},
          sha256: 'c'.repeat(64),
          canReplay: { allowed: true },
          canEditScript: { allowed: false, reason },
        })),
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Rerun or replay' }),
    );
    expect(
      screen.getByRole('textbox', { name: 'Main script (Jenkinsfile)' }),
    ).toHaveAttribute('readonly');
    expect(
      screen.getByText(new RegExp(reason.replace(/[()]/g, '\\$&'))),
    ).toBeInTheDocument();
  });

  it('disables Replay with the denial the backend gave', async () => {
    const denied = await responseError(
      403,
      'Your permission policy does not allow jenkins.build.replay on payments/payments-service',
      'NotAllowedError',
    );
    await renderActions(
      apiWith({ getReplayInfo: jest.fn(() => Promise.reject(denied)) }),
    );
    const button = await screen.findByRole('button', {
      name: 'Rerun or replay',
    });
    await waitFor(() =>
      expect(button).toHaveAccessibleDescription(
        'Your permission policy does not allow jenkins.build.replay on payments/payments-service',
      ),
    );
    expect(button).toBeDisabled();
  });

  it('pauses a running pipeline and then offers to resume it', async () => {
    let paused = false;
    const api = apiWith({
      getPauseState: jest.fn(async () => ({
        supported: true,
        paused,
        building: true,
        capability: { allowed: true },
      })),
      pauseBuild: jest.fn(async () => {
        paused = true;
        return { requestId: 'r', status: 'done' as const, message: 'Paused' };
      }),
    });
    await renderActions(api, { ...failed, status: 'running' });
    expect(
      screen.queryByRole('button', { name: 'Restart from stage' }),
    ).toBeNull();
    await userEvent.click(await screen.findByRole('button', { name: 'Pause' }));
    expect(api.pauseBuild).toHaveBeenCalledWith(entityRef, service.id, 149, {
      idempotencyKey: expect.any(String),
    });
    expect(await screen.findByRole('button', { name: 'Resume' })).toBeEnabled();
    expect(
      screen.getByText(/makes no progress until it is resumed/),
    ).toBeInTheDocument();
  });

  it('says why a running pipeline cannot be paused', async () => {
    await renderActions(
      apiWith({
        getPauseState: jest.fn(async () => ({
          supported: false,
          paused: false,
          building: true,
          capability: { allowed: true },
        })),
      }),
      { ...failed, status: 'running' },
    );
    const button = await screen.findByRole('button', { name: 'Pause' });
    await waitFor(() =>
      expect(button).toHaveAccessibleDescription(
        /cannot pause a running pipeline/,
      ),
    );
    expect(button).toBeDisabled();
  });
});
