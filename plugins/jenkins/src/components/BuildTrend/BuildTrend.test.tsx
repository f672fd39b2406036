import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { jenkinsApiRef } from '../../api';
import {
  build,
  entityRef,
  fakeJenkinsApi,
  job,
  responseError,
} from '../../testing/jenkinsFixtures';
import { BuildTrend } from './BuildTrend';

const pipeline = job();

describe('BuildTrend', () => {
  it('draws the last builds with their result and duration, in words too', async () => {
    const api = fakeJenkinsApi({
      getBuilds: jest.fn(async () => ({
        items: [
          build({ number: 3, status: 'failure', durationMs: 60000 }),
          build({ number: 2, status: 'success', durationMs: 120000 }),
          build({ number: 1, status: 'success', durationMs: 180000 }),
        ],
        nextCursor: null,
      })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>
        <BuildTrend entityRef={entityRef} target={{ job: pipeline }} />
      </TestApiProvider>,
    );
    const chart = await screen.findByRole('img', {
      name: 'Last 3 builds: 1 failed, 2 success; median duration 2m 0s',
    });
    expect(chart).toBeInTheDocument();
    expect(api.getBuilds).toHaveBeenCalledWith(entityRef, pipeline.id, {
      limit: 20,
    });
    // Oldest on the left, bar heights proportional to duration.
    const bars = chart.querySelectorAll('rect');
    expect(Array.from(bars).map(b => b.textContent)).toEqual([
      '#1: Success, 3m 0s',
      '#2: Success, 2m 0s',
      '#3: Failed, 1m 0s',
    ]);
    expect(Number(bars[0].getAttribute('height'))).toBeGreaterThan(
      Number(bars[2].getAttribute('height')),
    );
  });

  it('says there is no trend before the first build', async () => {
    const api = fakeJenkinsApi({
      getBuilds: jest.fn(async () => ({ items: [], nextCursor: null })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>
        <BuildTrend entityRef={entityRef} target={{ job: pipeline }} />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('No builds yet, so no trend to show.'),
    ).toBeInTheDocument();
  });

  it("shows skeletons while loading, then the server's message on failure", async () => {
    let reject: (e: Error) => void = () => {};
    const api = fakeJenkinsApi({
      getBuilds: jest.fn(
        () =>
          new Promise((_resolve, r) => {
            reject = r;
          }),
      ),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>
        <BuildTrend entityRef={entityRef} target={{ job: pipeline }} />
      </TestApiProvider>,
    );
    expect(
      screen.getByRole('progressbar', { name: 'Loading the build trend' }),
    ).toBeInTheDocument();
    reject(await responseError(504, 'Jenkins did not answer within 10s'));
    expect(
      await screen.findByText('Jenkins did not answer within 10s'),
    ).toBeInTheDocument();
  });
});
