import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { BuildSummary, JobSummary } from '@internal/plugin-jenkins-common';
import { act, screen, within } from '@testing-library/react';
import { jenkinsApiRef } from '../../api';
import { fakeSignalApi, FakeSignalApi } from '../../testing/fakeSignalApi';
import {
  annotatedEntity,
  build,
  buildDetail,
  entityRef,
  fakeJenkinsApi,
  job,
} from '../../testing/jenkinsFixtures';
import { LatestBuildCard } from '../LatestBuildCard';
import { JenkinsContent } from './JenkinsContent';

jest.mock('react-virtualized-auto-sizer', () => ({
  __esModule: true,
  default: (props: {
    children: (size: { width: number; height: number }) => unknown;
  }) => props.children({ width: 800, height: 600 }),
}));

const CHANNEL = 'jenkins:component:default/payments-service';
const running42 = build({ number: 42, status: 'running', progress: 0.3 });
const done42 = build({ number: 42, status: 'success' });
const running43 = build({ number: 43, status: 'running', progress: 0.1 });

/**
 * A Jenkins API answering with `state.jobs` and `state.builds` as they are
 * when called, so a test changes what Jenkins has by changing `state`.
 */
function liveApi(state: { job: JobSummary; builds: BuildSummary[] }) {
  return fakeJenkinsApi({
    getJobs: jest.fn(async () => ({
      entityRef: 'component:default/payments-service',
      jobs: [state.job],
    })),
    getBuilds: jest.fn(async () => ({ items: state.builds, nextCursor: null })),
  });
}

/** The builds table's reads (page size 10), not the trend's. */
function tableReads(api: ReturnType<typeof liveApi>) {
  return api.getBuilds.mock.calls.filter(
    ([, , options]) => options?.limit === 10,
  ).length;
}

async function renderTab(
  api: ReturnType<typeof fakeJenkinsApi>,
  signals?: FakeSignalApi,
  routeEntries?: string[],
) {
  const tab = (
    <EntityProvider entity={annotatedEntity}>
      <JenkinsContent />
    </EntityProvider>
  );
  await renderInTestApp(
    signals ? (
      <TestApiProvider
        apis={[
          [jenkinsApiRef, api],
          [signalApiRef, signals],
        ]}
      >
        {tab}
      </TestApiProvider>
    ) : (
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>{tab}</TestApiProvider>
    ),
    { routeEntries },
  );
}

describe('JenkinsContent live updates', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('shows a new build from a signal, with no polling request in between', async () => {
    const state = {
      job: job({ status: 'running', lastBuild: running42 }),
      builds: [running42],
    };
    const api = liveApi(state);
    const signals = fakeSignalApi();
    await renderTab(api, signals);
    expect(
      await screen.findByRole('link', { name: 'Build #42' }),
    ).toBeInTheDocument();

    // A build is running: without signals the tab would poll every few seconds.
    await act(async () => {
      jest.advanceTimersByTime(60000);
    });
    expect(api.getJobs).toHaveBeenCalledTimes(1);
    expect(tableReads(api)).toBe(1);

    state.job = job({ status: 'running', lastBuild: running43 });
    state.builds = [running43, done42];
    await act(async () => {
      signals.send(CHANNEL, {
        type: 'build',
        jobId: state.job.id,
        buildNumber: 43,
        phase: 'STARTED',
      });
    });
    expect(
      await screen.findByRole('link', { name: 'Build #43' }),
    ).toBeInTheDocument();
    expect(api.getJobs).toHaveBeenCalledTimes(2);
    expect(tableReads(api)).toBe(2);

    await act(async () => {
      jest.advanceTimersByTime(60000);
    });
    expect(api.getJobs).toHaveBeenCalledTimes(2);
    expect(tableReads(api)).toBe(2);
  });

  it('keeps polling while a build runs when signals are not available', async () => {
    const state = {
      job: job({ status: 'running', lastBuild: running42 }),
      builds: [running42],
    };
    const api = liveApi(state);
    await renderTab(api);
    expect(
      await screen.findByRole('link', { name: 'Build #42' }),
    ).toBeInTheDocument();

    state.job = job({ status: 'running', lastBuild: running43 });
    state.builds = [running43, done42];
    await act(async () => {
      jest.advanceTimersByTime(3000);
    });
    expect(
      await screen.findByRole('link', { name: 'Build #43' }),
    ).toBeInTheDocument();
    expect(api.getJobs).toHaveBeenCalledTimes(2);
    expect(tableReads(api)).toBe(2);
  });

  it('updates the open build view from its build signal at once', async () => {
    const state = {
      job: job({ status: 'running', lastBuild: running42 }),
      builds: [running42],
    };
    const api = liveApi(state);
    api.getBuild
      .mockResolvedValueOnce(buildDetail({ ...running42 }))
      .mockResolvedValue(buildDetail({ ...done42 }));
    api.getBuildLog.mockResolvedValue({
      text: '',
      nextStart: 0,
      more: false,
      hasMore: false,
    });
    const signals = fakeSignalApi();
    await renderTab(api, signals, [`/?job=${state.job.id}&build=42`]);
    const view = await screen.findByRole('region', { name: 'Build 42' });
    expect(await within(view).findByText('Running')).toBeInTheDocument();

    await act(async () => {
      signals.send(CHANNEL, {
        type: 'build',
        jobId: state.job.id,
        buildNumber: 42,
        phase: 'COMPLETED',
        result: 'SUCCESS',
      });
    });
    expect(await within(view).findByText('Success')).toBeInTheDocument();
    expect(api.getBuild).toHaveBeenCalledTimes(2);
  });

  it('updates the latest build card from a signal', async () => {
    const state = { job: job({ lastBuild: done42 }), builds: [done42] };
    const api = liveApi(state);
    const signals = fakeSignalApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [jenkinsApiRef, api],
          [signalApiRef, signals],
        ]}
      >
        <EntityProvider entity={annotatedEntity}>
          <LatestBuildCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText(/#42/)).toBeInTheDocument();

    state.job = job({ status: 'running', lastBuild: running43 });
    await act(async () => {
      signals.send(CHANNEL, {
        type: 'build',
        jobId: state.job.id,
        buildNumber: 43,
        phase: 'STARTED',
      });
    });
    expect(await screen.findByText(/#43/)).toBeInTheDocument();
    expect(api.getJobs).toHaveBeenCalledTimes(2);
    expect(api.getJobs).toHaveBeenCalledWith(entityRef);
  });
});
