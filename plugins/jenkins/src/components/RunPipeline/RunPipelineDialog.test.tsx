import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ParameterDefinition } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import {
  capabilities,
  entityRef,
  fakeJenkinsApi,
  job,
  responseError,
} from '../../testing/jenkinsFixtures';
import { RunPipelineButton, runDisabledReason } from './RunPipelineButton';
import { RunPipelineDialog } from './RunPipelineDialog';

const parameters: ParameterDefinition[] = [
  {
    type: 'string',
    name: 'VERSION',
    description: 'The version to deploy',
    defaultValue: '1.2.3',
  },
  { type: 'text', name: 'NOTES', description: null, defaultValue: '' },
  {
    type: 'boolean',
    name: 'DRY_RUN',
    description: 'Only plan',
    defaultValue: true,
  },
  {
    type: 'choice',
    name: 'REGION',
    description: 'Where to deploy',
    choices: ['eu-west-1', 'us-east-1'],
    defaultValue: null,
  },
  { type: 'password', name: 'TOKEN', description: null, hasDefault: false },
  {
    type: 'string',
    name: 'BACKSTAGE_USER',
    description: null,
    defaultValue: '',
  },
];

const deployJob = job({
  fullName: 'payments/deploy-production',
  environment: 'production',
  parameters,
});

const waitingQueue = {
  queueId: 12,
  state: 'waiting' as const,
  why: 'In the quiet period. Expires in 4.9 sec',
  buildNumber: null,
  buildUrl: null,
};

async function renderDialog(api = fakeJenkinsApi(), onOpenBuild = jest.fn()) {
  await renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api]]}>
      <RunPipelineDialog
        open
        onClose={jest.fn()}
        entityRef={entityRef}
        target={{ job: deployJob }}
        onOpenBuild={onOpenBuild}
      />
    </TestApiProvider>,
  );
  return { api, onOpenBuild };
}

async function fillRequired() {
  await userEvent.selectOptions(screen.getByLabelText('REGION'), 'us-east-1');
  await userEvent.type(screen.getByLabelText(/TOKEN/), 's3cret');
}

describe('RunPipelineDialog', () => {
  it('generates a field per parameter with defaults and descriptions, hiding BACKSTAGE_ ones', async () => {
    await renderDialog();
    expect(
      screen.getByRole('heading', { name: 'Run payments/deploy-production' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('VERSION')).toHaveValue('1.2.3');
    expect(screen.getByText('The version to deploy')).toBeInTheDocument();
    expect(screen.getByLabelText('NOTES').tagName).toBe('TEXTAREA');
    expect(screen.getByLabelText('DRY_RUN')).toBeChecked();
    expect(screen.getByLabelText('REGION').tagName).toBe('SELECT');
    expect(screen.getByLabelText(/TOKEN/)).toHaveAttribute('type', 'password');
    expect(screen.queryByLabelText('BACKSTAGE_USER')).not.toBeInTheDocument();
  });

  it('shows the production environment prominently', async () => {
    await renderDialog();
    expect(screen.getByText('Environment: production')).toBeInTheDocument();
    expect(screen.getByText(/this run changes production/)).toBeInTheDocument();
  });

  it('asks for a choice and a secret without a default before submitting', async () => {
    const { api } = await renderDialog();
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(screen.getByText('Choose a value for REGION')).toBeInTheDocument();
    expect(screen.getByText('TOKEN is required')).toBeInTheDocument();
    expect(api.triggerBuild).not.toHaveBeenCalled();
  });

  it('refuses a string longer than the backend accepts', async () => {
    const { api } = await renderDialog();
    await fillRequired();
    fireEvent.change(screen.getByLabelText('VERSION'), {
      target: { value: 'v'.repeat(65537) },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(
      screen.getByText('VERSION must be at most 65536 characters'),
    ).toBeInTheDocument();
    expect(api.triggerBuild).not.toHaveBeenCalled();
  });

  it('refuses a multi-line text longer than the backend accepts', async () => {
    const { api } = await renderDialog();
    await fillRequired();
    fireEvent.change(screen.getByLabelText('NOTES'), {
      target: { value: 'x'.repeat(65537) },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(
      screen.getByText('NOTES must be at most 65536 characters'),
    ).toBeInTheDocument();
    expect(api.triggerBuild).not.toHaveBeenCalled();
  });

  it('sends every parameter with its type, the checkbox as a boolean', async () => {
    const api = fakeJenkinsApi({
      triggerBuild: jest.fn(async () => ({
        requestId: 'r1',
        queue: waitingQueue,
      })),
    });
    await renderDialog(api);
    await fillRequired();
    await userEvent.click(screen.getByLabelText('DRY_RUN'));
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(api.triggerBuild).toHaveBeenCalled());
    expect(api.triggerBuild).toHaveBeenCalledWith(
      entityRef,
      deployJob.id,
      {
        parameters: {
          VERSION: '1.2.3',
          NOTES: '',
          DRY_RUN: false,
          REGION: 'us-east-1',
          TOKEN: 's3cret',
        },
      },
      { idempotencyKey: expect.any(String) },
    );
  });

  it('shows the queue state until the build number is known, then a link to the build', async () => {
    const api = fakeJenkinsApi({
      triggerBuild: jest.fn(async () => ({
        requestId: 'r1',
        queue: waitingQueue,
      })),
      getQueueItem: jest.fn(async () => ({
        ...waitingQueue,
        state: 'started' as const,
        why: null,
        buildNumber: 43,
        buildUrl:
          'https://jenkins.example.com/job/payments/job/deploy-production/43/',
      })),
    });
    const { onOpenBuild } = await renderDialog(api);
    await fillRequired();
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(
      await screen.findByText(
        'Waiting: In the quiet period. Expires in 4.9 sec',
      ),
    ).toBeInTheDocument();
    const link = await screen.findByRole(
      'link',
      { name: 'Build #43' },
      { timeout: 3000 },
    );
    expect(api.getQueueItem).toHaveBeenCalledWith(entityRef, deployJob.id, 12);
    await userEvent.click(link);
    expect(onOpenBuild).toHaveBeenCalledWith(deployJob.id, 43);
  });

  it('shows the server message when the run is denied', async () => {
    const denied = await responseError(
      403,
      'Jenkins denied alice Job/Build on payments/deploy-production',
      'NotAllowedError',
    );
    const api = fakeJenkinsApi({
      triggerBuild: jest.fn(async () => {
        throw denied;
      }),
    });
    await renderDialog(api);
    await fillRequired();
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(
      await screen.findByText(
        'Jenkins denied alice Job/Build on payments/deploy-production',
      ),
    ).toBeInTheDocument();
  });

  it('reuses the idempotency key when the same submission is retried, and not for a changed one', async () => {
    const api = fakeJenkinsApi({
      triggerBuild: jest
        .fn()
        .mockRejectedValueOnce(new TypeError('Failed to fetch'))
        .mockRejectedValueOnce(new TypeError('Failed to fetch'))
        .mockResolvedValue({ requestId: 'r1', queue: waitingQueue }),
    });
    await renderDialog(api);
    await fillRequired();
    const run = screen.getByRole('button', { name: 'Run' });
    await userEvent.click(run);
    expect(await screen.findByText('Failed to fetch')).toBeInTheDocument();
    await userEvent.click(run);
    await waitFor(() => expect(api.triggerBuild).toHaveBeenCalledTimes(2));
    await screen.findByText('Failed to fetch');
    await userEvent.type(screen.getByLabelText('VERSION'), '-rc1');
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(api.triggerBuild).toHaveBeenCalledTimes(3));
    const keys = api.triggerBuild.mock.calls.map(
      call => call[3]?.idempotencyKey,
    );
    expect(keys[0]).toEqual(expect.any(String));
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('asks only for the secrets again on a rebuild, even those with a default', async () => {
    const api = fakeJenkinsApi({
      rebuild: jest.fn(async () => ({ requestId: 'r2', queue: waitingQueue })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>
        <RunPipelineDialog
          open
          onClose={jest.fn()}
          entityRef={entityRef}
          target={{
            job: {
              ...deployJob,
              parameters: [
                ...parameters,
                {
                  type: 'password',
                  name: 'SMOKE_TOKEN',
                  description: null,
                  hasDefault: true,
                },
              ],
            },
          }}
          rebuildOf={41}
          onOpenBuild={jest.fn()}
        />
      </TestApiProvider>,
    );
    expect(screen.queryByLabelText('VERSION')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Rebuild' }));
    expect(screen.getByText('TOKEN is required')).toBeInTheDocument();
    expect(screen.getByText('SMOKE_TOKEN is required')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^TOKEN/), 'again');
    await userEvent.type(screen.getByLabelText(/^SMOKE_TOKEN/), 'smoke');
    await userEvent.click(screen.getByRole('button', { name: 'Rebuild' }));
    await waitFor(() =>
      expect(api.rebuild).toHaveBeenCalledWith(
        entityRef,
        deployJob.id,
        41,
        { parameters: { TOKEN: 'again', SMOKE_TOKEN: 'smoke' } },
        { idempotencyKey: expect.any(String) },
      ),
    );
  });
});

describe('RunPipelineButton', () => {
  it('is disabled with the reason when the caller may not run the job', async () => {
    const denied = job({
      fullName: 'payments/deploy-production',
      capabilities: capabilities({
        trigger: {
          allowed: false,
          reason:
            'Only release-managers may run production jobs (jenkins.job.trigger)',
        },
      }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, fakeJenkinsApi()]]}>
        <RunPipelineButton
          entityRef={entityRef}
          target={{ job: denied }}
          onOpenBuild={jest.fn()}
        />
      </TestApiProvider>,
    );
    const button = screen.getByRole('button', {
      name: 'Run pipeline deploy-production',
    });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      'Only release-managers may run production jobs (jenkins.job.trigger)',
    );
  });

  it('opens the form for the job', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, fakeJenkinsApi()]]}>
        <RunPipelineButton
          entityRef={entityRef}
          target={{ job: deployJob }}
          onOpenBuild={jest.fn()}
        />
      </TestApiProvider>,
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Run pipeline deploy-production' }),
    );
    const dialog = screen.getByRole('dialog');
    expect(
      within(dialog).getByRole('heading', {
        name: 'Run payments/deploy-production',
      }),
    ).toBeInTheDocument();
  });
});

describe('runDisabledReason', () => {
  const branch = {
    id: 'b-main',
    name: 'main',
    fullName: 'payments/svc/main',
    url: 'https://jenkins.example.com/job/payments/job/svc/job/main/',
    status: 'success' as const,
    lastBuild: null,
  };

  it('lets people run a branch of a multibranch project, which itself is not buildable', () => {
    const multibranch = job({
      kind: 'multibranch',
      buildable: false,
      branches: [branch],
    });
    expect(runDisabledReason({ job: multibranch, branch })).toBeUndefined();
    expect(
      runDisabledReason({
        job: multibranch,
        branch: { ...branch, status: 'disabled' },
      }),
    ).toBe('This job is disabled in Jenkins.');
  });

  it('says a disabled job is disabled', () => {
    expect(runDisabledReason({ job: job({ buildable: false }) })).toBe(
      'This job is disabled in Jenkins.',
    );
  });
});
