import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { jenkinsApiRef } from '../../api';
import {
  build,
  capabilities,
  entityRef,
  fakeJenkinsApi,
  job,
  responseError,
} from '../../testing/jenkinsFixtures';
import { BuildDuration, BuildsTable } from './BuildsTable';

const pipeline = job();

async function renderTable(
  api: ReturnType<typeof fakeJenkinsApi>,
  target = { job: pipeline },
  onOpenBuild = jest.fn(),
) {
  await renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api]]}>
      <BuildsTable
        entityRef={entityRef}
        target={target}
        onOpenBuild={onOpenBuild}
      />
    </TestApiProvider>,
  );
  return onOpenBuild;
}

describe('BuildsTable', () => {
  it('shows number, status, branch and commit, who started it, duration and tests', async () => {
    const api = fakeJenkinsApi({
      getBuilds: jest.fn(async () => ({ items: [build()], nextCursor: null })),
    });
    await renderTable(api);
    expect(
      await screen.findByRole('link', { name: 'Build #42' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Success')).toBeInTheDocument();
    expect(screen.getByText('main')).toBeInTheDocument();
    expect(screen.getByText('0123456')).toBeInTheDocument();
    expect(screen.getByText('Jane Doe')).toBeInTheDocument();
    expect(screen.getByText('10 minutes ago')).toBeInTheDocument();
    expect(screen.getByText('2m 5s')).toBeInTheDocument();
    expect(screen.getByText('118 passed, 2 failed')).toBeInTheDocument();
    expect(api.getBuilds).toHaveBeenCalledWith(entityRef, pipeline.id, {
      limit: 10,
      cursor: undefined,
    });
  });

  it('shows a running build against Jenkins estimate, with abort instead of rebuild', async () => {
    const running = build({
      number: 43,
      status: 'running',
      startedAt: Date.now() - 65000,
      durationMs: null,
      estimatedDurationMs: 130000,
      progress: 0.5,
      tests: null,
    });
    const api = fakeJenkinsApi({
      getBuilds: jest.fn(async () => ({ items: [running], nextCursor: null })),
    });
    await renderTable(api);
    expect(
      await screen.findByRole('progressbar', {
        // 65 s of 130 s at render; the bar moves with the clock, so a slow
        // render (a loaded machine) may already show a percent or two more.
        name: /^Build #43 is 5[0-2]% through its estimated time$/,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Running')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Abort build #43' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Rebuild build #43/ }),
    ).not.toBeInTheDocument();
  });

  it('disables the actions the backend does not allow and says why', async () => {
    const restricted = job({
      capabilities: capabilities({
        rebuild: {
          allowed: false,
          reason: 'Missing permission jenkins.build.rebuild',
        },
      }),
    });
    const api = fakeJenkinsApi({
      getBuilds: jest.fn(async () => ({ items: [build()], nextCursor: null })),
    });
    await renderTable(api, { job: restricted });
    const rebuild = await screen.findByRole('button', {
      name: 'Rebuild build #42 (unavailable: Missing permission jenkins.build.rebuild)',
    });
    expect(rebuild).toHaveAttribute('aria-disabled', 'true');
    await userEvent.hover(rebuild);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Rebuild build #42: Missing permission jenkins.build.rebuild',
    );
    await userEvent.click(rebuild);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open build #42 in Jenkins' }),
    ).toHaveAttribute('href', build().url);
  });

  it('pages through builds with the server cursor', async () => {
    const api = fakeJenkinsApi({
      getBuilds: jest.fn(async (_e, _j, options) =>
        options?.cursor === 'page2'
          ? { items: [build({ number: 30 })], nextCursor: null }
          : { items: [build({ number: 42 })], nextCursor: 'page2' },
      ),
    });
    await renderTable(api);
    await screen.findByRole('link', { name: 'Build #42' });
    await userEvent.click(screen.getByRole('button', { name: 'Older builds' }));
    expect(
      await screen.findByRole('link', { name: 'Build #30' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(api.getBuilds).toHaveBeenLastCalledWith(entityRef, pipeline.id, {
      limit: 10,
      cursor: 'page2',
    });
    expect(screen.getByRole('button', { name: 'Older builds' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Newer builds' }));
    expect(
      await screen.findByRole('link', { name: 'Build #42' }),
    ).toBeInTheDocument();
  });

  it('opens a build in the build view', async () => {
    const api = fakeJenkinsApi({
      getBuilds: jest.fn(async () => ({ items: [build()], nextCursor: null })),
    });
    const onOpenBuild = await renderTable(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'View build #42' }),
    );
    expect(onOpenBuild).toHaveBeenCalledWith(pipeline.id, 42);
  });

  it('says there are no builds yet instead of an empty table', async () => {
    const api = fakeJenkinsApi({
      getBuilds: jest.fn(async () => ({ items: [], nextCursor: null })),
    });
    await renderTable(api);
    expect(
      await screen.findByText(
        'No builds yet. Use Run pipeline to start the first one.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows skeletons while loading', async () => {
    const api = fakeJenkinsApi({
      getBuilds: jest.fn(() => new Promise(() => {})),
    });
    await renderTable(api);
    expect(
      screen.getByRole('progressbar', { name: 'Loading builds' }),
    ).toBeInTheDocument();
  });

  it("shows the server's message when builds cannot be read", async () => {
    const error = await responseError(
      502,
      "Jenkins instance 'default' is unreachable",
    );
    const api = fakeJenkinsApi({
      getBuilds: jest.fn(async () => Promise.reject(error)),
    });
    await renderTable(api);
    expect(
      await screen.findByText("Jenkins instance 'default' is unreachable"),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Could not load builds (HTTP 502)'),
    ).toBeInTheDocument();
  });

  it('refreshes while a build is running and stops once it finished', async () => {
    jest.useFakeTimers();
    try {
      const running = build({ number: 43, status: 'running', progress: 0.2 });
      const done = build({ number: 43, status: 'success' });
      const api = fakeJenkinsApi({
        getBuilds: jest
          .fn()
          .mockResolvedValueOnce({ items: [running], nextCursor: null })
          .mockResolvedValue({ items: [done], nextCursor: null }),
      });
      await renderTable(api);
      expect(await screen.findByText('Running')).toBeInTheDocument();
      await act(async () => {
        jest.advanceTimersByTime(3000);
      });
      expect(await screen.findByText('Success')).toBeInTheDocument();
      expect(api.getBuilds).toHaveBeenCalledTimes(2);
      await act(async () => {
        jest.advanceTimersByTime(60000);
      });
      await waitFor(() => expect(api.getBuilds).toHaveBeenCalledTimes(2));
    } finally {
      jest.useRealTimers();
    }
  });

  it('disables abort with its reason on a running build', async () => {
    const restricted = job({
      capabilities: capabilities({
        abort: { allowed: false, reason: 'Only the owners may abort builds' },
      }),
    });
    const api = fakeJenkinsApi({
      getBuilds: jest.fn(async () => ({
        items: [build({ number: 43, status: 'running', progress: 0.1 })],
        nextCursor: null,
      })),
    });
    await renderTable(api, { job: restricted });
    const abort = await screen.findByRole('button', {
      name: 'Abort build #43 (unavailable: Only the owners may abort builds)',
    });
    expect(abort).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(abort);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('aborts a running build after confirmation', async () => {
    const api = fakeJenkinsApi({
      getBuilds: jest.fn(async () => ({
        items: [build({ number: 43, status: 'running', progress: 0.1 })],
        nextCursor: null,
      })),
      abortBuild: jest.fn(async () => ({
        requestId: 'r',
        status: 'done',
        message: 'Aborted',
      })),
    });
    await renderTable(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Abort build #43' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Abort' }));
    await waitFor(() =>
      expect(api.abortBuild).toHaveBeenCalledWith(entityRef, pipeline.id, 43, {
        idempotencyKey: expect.any(String),
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows a denial with the permission the server named', async () => {
    const error = await responseError(
      403,
      'You are not allowed to jenkins.job.read payments/payments-service',
      'NotAllowedError',
    );
    await renderTable(
      fakeJenkinsApi({ getBuilds: jest.fn(() => Promise.reject(error)) }),
    );
    expect(
      await screen.findByText('Permission denied (HTTP 403)'),
    ).toBeInTheDocument();
  });

  it("moves a running build's elapsed time and bar with the clock between refreshes", async () => {
    jest.useFakeTimers();
    try {
      const start = Date.now() - 65000;
      await renderInTestApp(
        <BuildDuration
          build={build({
            number: 43,
            status: 'running',
            startedAt: start,
            durationMs: null,
            estimatedDurationMs: 130000,
            progress: 0.5,
          })}
        />,
      );
      expect(screen.getByText('1m 5s of ~2m 10s')).toBeInTheDocument();
      await act(async () => {
        jest.advanceTimersByTime(13000);
      });
      expect(screen.getByText('1m 18s of ~2m 10s')).toBeInTheDocument();
      expect(
        screen.getByRole('progressbar', {
          name: 'Build #43 is 60% through its estimated time',
        }),
      ).toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });
});
