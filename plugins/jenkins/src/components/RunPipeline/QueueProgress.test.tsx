import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { jenkinsApiRef } from '../../api';
import { entityRef, fakeJenkinsApi } from '../../testing/jenkinsFixtures';
import { QueueProgress, queueText } from './QueueProgress';

const waiting = {
  queueId: 12,
  state: 'waiting' as const,
  why: 'In the quiet period. Expires in 4.9 sec',
  buildNumber: null,
  buildUrl: null,
};

describe('queueText', () => {
  it("starts with Waiting and carries Jenkins' reason in every queue state", () => {
    expect(queueText(waiting)).toBe(
      'Waiting: In the quiet period. Expires in 4.9 sec',
    );
    expect(
      queueText({
        ...waiting,
        state: 'blocked',
        why: 'Build #41 is already in progress',
      }),
    ).toBe('Waiting (blocked): Build #41 is already in progress');
    expect(
      queueText({
        ...waiting,
        state: 'buildable',
        why: 'Waiting for next available executor',
      }),
    ).toBe('Waiting for an executor: Waiting for next available executor');
    expect(queueText({ ...waiting, why: null })).toBe(
      'Waiting in the Jenkins queue',
    );
  });
});

describe('QueueProgress', () => {
  it('cancels a queued run', async () => {
    const api = fakeJenkinsApi({
      getQueueItem: jest.fn(async () => waiting),
      cancelQueueItem: jest.fn(async () => ({
        requestId: 'r',
        status: 'done',
        message: 'Cancelled',
      })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>
        <QueueProgress
          entityRef={entityRef}
          jobId="job-1"
          initial={waiting}
          cancel={{ allowed: true }}
          onOpenBuild={jest.fn()}
        />
      </TestApiProvider>,
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Cancel queued run' }),
    );
    expect(
      await screen.findByText(
        'The queued run was cancelled before it started.',
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.cancelQueueItem).toHaveBeenCalledWith(entityRef, 'job-1', 12, {
        idempotencyKey: expect.any(String),
      }),
    );
  });

  it('offers no cancel to those who may not abort', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, fakeJenkinsApi()]]}>
        <QueueProgress
          entityRef={entityRef}
          jobId="job-1"
          initial={waiting}
          cancel={{ allowed: false, reason: 'no' }}
          onOpenBuild={jest.fn()}
        />
      </TestApiProvider>,
    );
    expect(
      screen.getByText('Waiting: In the quiet period. Expires in 4.9 sec'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Cancel queued run' }),
    ).not.toBeInTheDocument();
  });
});
