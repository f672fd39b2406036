import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { jenkinsApiRef } from '../../api';
import {
  annotatedEntity,
  build,
  buildDetail,
  entityRef,
  fakeJenkinsApi,
  job,
  responseError,
} from '../../testing/jenkinsFixtures';
import { PendingApprovalsCard } from './PendingApprovalsCard';

const paused = job({
  fullName: 'payments/deploy-production',
  status: 'paused',
  lastBuild: build({ number: 9, status: 'paused' }),
});

function renderCard(api: ReturnType<typeof fakeJenkinsApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api]]}>
      <EntityProvider entity={annotatedEntity}>
        <PendingApprovalsCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('PendingApprovalsCard', () => {
  it('lists the input steps waiting for an answer and approves one', async () => {
    const api = fakeJenkinsApi({
      getJobs: jest.fn(async () => ({ entityRef: 'x', jobs: [paused, job()] })),
      getBuild: jest.fn(async () =>
        buildDetail({
          number: 9,
          status: 'paused',
          pendingInputs: [
            {
              id: 'go',
              message: 'Ship 1.2.3 to production?',
              proceedText: 'Ship it',
              abortText: 'Abort',
              parameters: [],
              canAnswer: { allowed: true },
            },
          ],
        }),
      ),
      answerInput: jest.fn(async () => ({
        requestId: 'r',
        status: 'done',
        message: 'ok',
      })),
    });
    await renderCard(api);
    expect(
      await screen.findByText('payments/deploy-production #9'),
    ).toBeInTheDocument();
    expect(screen.getByText('Ship 1.2.3 to production?')).toBeInTheDocument();
    expect(api.getBuild).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.answerInput).toHaveBeenCalledWith(
        entityRef,
        paused.id,
        9,
        'go',
        { action: 'approve' },
        { idempotencyKey: expect.any(String) },
      ),
    );
  });

  it('says when nothing is waiting', async () => {
    const api = fakeJenkinsApi({
      getJobs: jest.fn(async () => ({ entityRef: 'x', jobs: [job()] })),
    });
    await renderCard(api);
    expect(
      await screen.findByText('Nothing is waiting for approval.'),
    ).toBeInTheDocument();
    expect(api.getBuild).not.toHaveBeenCalled();
  });

  it('shows skeletons while loading', async () => {
    await renderCard(
      fakeJenkinsApi({ getJobs: jest.fn(() => new Promise(() => {})) }),
    );
    expect(
      screen.getByRole('progressbar', { name: 'Loading pending approvals' }),
    ).toBeInTheDocument();
  });

  it('shows a denial with the server message', async () => {
    const denied = await responseError(
      403,
      'You are not allowed to jenkins.job.read payments/deploy-production',
      'NotAllowedError',
    );
    await renderCard(
      fakeJenkinsApi({ getJobs: jest.fn(() => Promise.reject(denied)) }),
    );
    expect(
      await screen.findByText('Permission denied (HTTP 403)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'You are not allowed to jenkins.job.read payments/deploy-production',
      ),
    ).toBeInTheDocument();
  });
});
