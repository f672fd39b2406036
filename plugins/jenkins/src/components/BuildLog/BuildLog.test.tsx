import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { act, screen } from '@testing-library/react';
import { jenkinsApiRef } from '../../api';
import { entityRef, fakeJenkinsApi } from '../../testing/jenkinsFixtures';
import { BuildLog } from './BuildLog';

jest.mock('react-virtualized-auto-sizer', () => ({
  __esModule: true,
  default: (props: {
    children: (size: { width: number; height: number }) => unknown;
  }) => props.children({ width: 800, height: 600 }),
}));

describe('BuildLog', () => {
  afterEach(() => jest.useRealTimers());

  it('reads the log progressively and follows a running build to its end', async () => {
    jest.useFakeTimers();
    const api = fakeJenkinsApi({
      getBuildLog: jest
        .fn()
        .mockResolvedValueOnce({
          text: 'Cloning the repository\n',
          nextStart: 23,
          more: true,
          hasMore: false,
        })
        // Jenkins had nothing new yet: keep following.
        .mockResolvedValueOnce({
          text: '',
          nextStart: 23,
          more: true,
          hasMore: false,
        })
        .mockResolvedValueOnce({
          text: '\u001b[32mDeployed payments 1.2.3\u001b[0m\n',
          nextStart: 60,
          more: false,
          hasMore: false,
        }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>
        <BuildLog
          entityRef={entityRef}
          jobId="job-1"
          buildNumber={43}
          readLogs={{ allowed: true }}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Following the live log…'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/Cloning the repository/),
    ).toBeInTheDocument();
    expect(api.getBuildLog).toHaveBeenLastCalledWith(entityRef, 'job-1', 43, 0);

    await act(async () => {
      jest.advanceTimersByTime(2000);
    });
    expect(api.getBuildLog).toHaveBeenCalledTimes(2);
    expect(screen.getByText('Following the live log…')).toBeInTheDocument();
    await act(async () => {
      jest.advanceTimersByTime(2000);
    });
    expect(
      await screen.findByText(/Deployed payments 1\.2\.3/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Cloning the repository/)).toBeInTheDocument();
    expect(screen.getByText('End of log.')).toBeInTheDocument();
    expect(api.getBuildLog).toHaveBeenLastCalledWith(
      entityRef,
      'job-1',
      43,
      23,
    );

    await act(async () => {
      jest.advanceTimersByTime(30000);
    });
    expect(api.getBuildLog).toHaveBeenCalledTimes(3);
  });

  it("shows the server's message when the log cannot be read", async () => {
    const api = fakeJenkinsApi({
      getBuildLog: jest.fn(() =>
        Promise.reject(new Error('Jenkins timed out after 10s')),
      ),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>
        <BuildLog
          entityRef={entityRef}
          jobId="job-1"
          buildNumber={43}
          readLogs={{ allowed: true }}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Jenkins timed out after 10s'),
    ).toBeInTheDocument();
  });

  it('reads on at once while an answer stopped at the size bound, and offers the whole log as a download', async () => {
    jest.useFakeTimers();
    const api = fakeJenkinsApi({
      getBuildLog: jest
        .fn()
        .mockResolvedValueOnce({
          text: 'first megabyte\n',
          nextStart: 1048000,
          more: false,
          hasMore: true,
        })
        .mockResolvedValueOnce({
          text: 'the rest\nFinished: SUCCESS\n',
          nextStart: 1048100,
          more: false,
          hasMore: false,
        }),
      downloadBuildLog: jest.fn(async () => new Blob(['whole log'])),
    });
    const createObjectURL = jest.fn(() => 'blob:log');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>
        <BuildLog
          entityRef={entityRef}
          jobId="job-1"
          buildNumber={43}
          readLogs={{ allowed: true }}
        />
      </TestApiProvider>,
    );
    // No follow-mode wait: the next chunk is asked for right away.
    await act(async () => {
      jest.advanceTimersByTime(0);
    });
    expect(await screen.findByText(/Finished: SUCCESS/)).toBeInTheDocument();
    expect(screen.getByText(/first megabyte/)).toBeInTheDocument();
    expect(api.getBuildLog).toHaveBeenCalledTimes(2);
    expect(api.getBuildLog).toHaveBeenLastCalledWith(
      entityRef,
      'job-1',
      43,
      1048000,
    );
    expect(screen.getByText('End of log.')).toBeInTheDocument();

    await act(async () => {
      screen.getByRole('button', { name: 'Download full log' }).click();
    });
    expect(api.downloadBuildLog).toHaveBeenCalledWith(entityRef, 'job-1', 43);
    expect(createObjectURL).toHaveBeenCalled();
  });
});
