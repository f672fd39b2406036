import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuditEntry } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import {
  entityRef,
  fakeJenkinsApi,
  responseError,
} from '../../testing/jenkinsFixtures';
import { ActivityList } from './ActivityList';

function entry(overrides: Partial<AuditEntry>): AuditEntry {
  return {
    id: 'a',
    time: new Date(Date.now() - 5 * 60 * 1000).toISOString(),
    actor: { userRef: 'user:default/jane.doe', jenkinsUser: 'jane.doe' },
    action: 'trigger',
    entityRef: 'component:default/payments-service',
    instance: 'default',
    jobFullName: 'payments/deploy-production',
    buildNumber: 42,
    queueId: null,
    parameters: null,
    decision: 'allow',
    outcome: 'success',
    jenkinsStatus: 201,
    message: null,
    requestId: 'r',
    via: 'http',
    ...overrides,
  };
}

async function renderList(api: ReturnType<typeof fakeJenkinsApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api]]}>
      <ActivityList entityRef={entityRef} />
    </TestApiProvider>,
  );
}

describe('ActivityList', () => {
  it('says which runs came from automation and which from a software template', async () => {
    const api = fakeJenkinsApi({
      getActivity: jest.fn(async () => ({
        items: [
          entry({ id: '1', via: 'template' }),
          entry({ id: '2', via: 'action', buildNumber: 41 }),
          entry({ id: '3', via: 'http', buildNumber: 40 }),
        ],
        nextCursor: null,
      })),
    });
    await renderList(api);
    const items = await screen.findAllByRole('listitem');
    expect(items[0]).toHaveTextContent('via template');
    expect(items[1]).toHaveTextContent('via automation');
    expect(items[2]).not.toHaveTextContent(/via (template|automation)/);
  });

  it('says who ran, approved and aborted what, and who was denied', async () => {
    const api = fakeJenkinsApi({
      getActivity: jest.fn(async () => ({
        items: [
          entry({ id: '1' }),
          entry({
            id: '2',
            action: 'approve',
            actor: { userRef: 'user:default/bob', jenkinsUser: 'bob' },
          }),
          entry({ id: '3', action: 'abort', buildNumber: 41 }),
          entry({
            id: '4',
            action: 'trigger',
            buildNumber: null,
            actor: { userRef: 'user:default/mallory', jenkinsUser: null },
            decision: 'deny',
            outcome: 'denied',
            message: 'Missing permission jenkins.job.trigger',
          }),
        ],
        nextCursor: null,
      })),
    });
    await renderList(api);
    expect(
      screen.getByRole('heading', { name: 'Recent activity' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('jane.doe ran payments/deploy-production #42'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('bob approved payments/deploy-production #42'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('jane.doe aborted payments/deploy-production #41'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('mallory was denied: run payments/deploy-production'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Missing permission jenkins.job.trigger/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/5 minutes ago/)).toHaveLength(4);
  });

  it("tells how the build a run started ended, from Jenkins' events", async () => {
    await renderList(
      fakeJenkinsApi({
        getActivity: jest.fn(async () => ({
          items: [
            entry({
              id: 'done',
              actor: { userRef: 'user:default/alice', jenkinsUser: 'alice' },
              jobFullName: 'payments/deploy-staging',
              build: { number: 42, result: 'SUCCESS', durationMs: 41_000 },
            }),
            entry({
              id: 'failed',
              action: 'rebuild',
              buildNumber: 43,
              build: { number: 43, result: 'FAILURE', durationMs: 185_000 },
            }),
            entry({ id: 'running', buildNumber: null, build: { number: 44 } }),
          ],
          nextCursor: null,
        })),
      }),
    );
    expect(
      await screen.findByText(
        'alice ran payments/deploy-staging #42 — succeeded in 41 s',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'jane.doe rebuilt payments/deploy-production #43 — failed in 3 min 5 s',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('jane.doe ran payments/deploy-production #44 — running'),
    ).toBeInTheDocument();
    expect(screen.getByTitle('Build succeeded')).toBeInTheDocument();
    expect(screen.getByTitle('Build failed')).toBeInTheDocument();
    expect(screen.getByTitle('Build running')).toBeInTheDocument();
  });

  it('shows a run whose answer was lost as run, once its build is known', async () => {
    await renderList(
      fakeJenkinsApi({
        getActivity: jest.fn(async () => ({
          items: [
            entry({
              outcome: 'unknown',
              jenkinsStatus: null,
              buildNumber: null,
              build: { number: 42, result: 'ABORTED', durationMs: 2_000 },
            }),
          ],
          nextCursor: null,
        })),
      }),
    );
    expect(
      await screen.findByText(
        'jane.doe ran payments/deploy-production #42 — was aborted in 2 s',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/did not confirm whether it happened/),
    ).not.toBeInTheDocument();
  });

  it('tells a Jenkins that was never reached from one whose answer is unknown', async () => {
    await renderList(
      fakeJenkinsApi({
        getActivity: jest.fn(async () => ({
          items: [
            entry({ id: 'u1', outcome: 'unreachable', jenkinsStatus: null }),
            entry({ id: 'u2', outcome: 'unknown', jenkinsStatus: null }),
          ],
          nextCursor: null,
        })),
      }),
    );
    expect(
      await screen.findByText(
        /tried to run payments\/deploy-production #42, but Jenkins could not be reached/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Jenkins did not confirm whether it happened/),
    ).toBeInTheDocument();
    expect(screen.getByTitle('Outcome unknown')).toBeInTheDocument();
  });

  it('loads older activity with the cursor', async () => {
    const api = fakeJenkinsApi({
      getActivity: jest.fn(async (_e, options) =>
        options?.cursor
          ? { items: [entry({ id: 'old', buildNumber: 1 })], nextCursor: null }
          : { items: [entry({ id: 'new' })], nextCursor: 'c2' },
      ),
    });
    await renderList(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show older activity' }),
    );
    expect(
      await screen.findByText('jane.doe ran payments/deploy-production #1'),
    ).toBeInTheDocument();
    expect(api.getActivity).toHaveBeenLastCalledWith(entityRef, {
      limit: 10,
      cursor: 'c2',
    });
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Show older activity' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('says when there is no activity yet', async () => {
    await renderList(fakeJenkinsApi());
    expect(await screen.findByText(/No activity yet/)).toBeInTheDocument();
  });

  it("shows the server's message when activity cannot be read", async () => {
    const error = await responseError(500, 'The audit store is unavailable');
    await renderList(
      fakeJenkinsApi({ getActivity: jest.fn(() => Promise.reject(error)) }),
    );
    expect(
      await screen.findByText('The audit store is unavailable'),
    ).toBeInTheDocument();
  });

  it('shows skeletons while activity loads', async () => {
    await renderList(
      fakeJenkinsApi({ getActivity: jest.fn(() => new Promise(() => {})) }),
    );
    expect(
      screen.getByRole('progressbar', { name: 'Loading activity' }),
    ).toBeInTheDocument();
  });

  it('says how a build was replayed, and shows the script changes of an edited replay', async () => {
    const api = fakeJenkinsApi({
      getActivity: jest.fn(async () => ({
        items: [
          entry({
            id: '1',
            action: 'replay',
            jobFullName: 'payments/payments-service/main',
            buildNumber: 149,
            actor: { userRef: 'user:default/alice', jenkinsUser: 'alice' },
            script: {
              sha256: 'f'.repeat(64),
              originalSha256: 'e'.repeat(64),
              diff: "--- a/Jenkinsfile\n+++ b/Jenkinsfile\n-sh './gradlew test'\n+sh './gradlew test --info'\n",
              diffTruncated: false,
            },
          }),
          entry({
            id: '2',
            action: 'replay',
            buildNumber: 41,
            script: {
              sha256: 'e'.repeat(64),
              originalSha256: 'e'.repeat(64),
              diff: '',
              diffTruncated: false,
            },
          }),
          entry({ id: '3', action: 'restart', buildNumber: 149 }),
        ],
        nextCursor: null,
      })),
    });
    await renderList(api);
    expect(
      await screen.findByText(
        'alice replayed payments/payments-service/main #149 with an edited script',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'jane.doe replayed payments/deploy-production #41 with the same script',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('jane.doe restarted payments/deploy-production #149'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByText(/^Script changes/));
    expect(
      screen.getByLabelText(/^Script changes of alice replayed/),
    ).toHaveTextContent("+sh './gradlew test --info'");
  });
});
