import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OverviewResponse } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import {
  annotatedEntity,
  build,
  entityRef,
  fakeJenkinsApi,
  job,
} from '../../testing/jenkinsFixtures';
import { JenkinsContent } from './JenkinsContent';

const service = job({ fullName: 'payments/payments-service' });
const deploy = job({
  fullName: 'payments/deploy-production',
  environment: 'production',
});

const overview: OverviewResponse = {
  jobs: {
    entityRef: 'component:default/payments-service',
    jobs: [service, deploy],
  },
  selected: {
    jobId: service.id,
    builds: {
      items: [build({ number: 42 }), build({ number: 41 })],
      nextCursor: 'next-page',
    },
    trend: [
      build({ number: 42 }),
      build({ number: 41 }),
      build({ number: 40, status: 'failure' }),
    ],
  },
  activity: {
    items: [
      {
        id: 'a1',
        time: new Date().toISOString(),
        actor: { userRef: 'user:default/jane.doe', jenkinsUser: 'jane.doe' },
        action: 'trigger',
        entityRef: 'component:default/payments-service',
        instance: 'default',
        jobFullName: 'payments/payments-service',
        buildNumber: 42,
        queueId: 7,
        parameters: null,
        decision: 'allow',
        outcome: 'success',
        jenkinsStatus: 201,
        message: null,
        requestId: 'r1',
        via: 'http',
      },
    ],
    nextCursor: null,
  },
};

/** Every read but the overview fails loudly: the first paint must not need them. */
function overviewOnlyApi() {
  const unexpected = (name: string) =>
    jest.fn(() => Promise.reject(new Error(`unexpected call to ${name}`)));
  return fakeJenkinsApi({
    getOverview: jest.fn(async () => overview),
    getActivity: unexpected('getActivity'),
  });
}

async function renderContent(
  api: ReturnType<typeof fakeJenkinsApi>,
  routeEntries?: string[],
) {
  await renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api]]}>
      <EntityProvider entity={annotatedEntity}>
        <JenkinsContent />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries },
  );
}

describe('the first paint of the Jenkins tab', () => {
  it('paints jobs, builds, trend and activity from the one overview request', async () => {
    const api = overviewOnlyApi();
    await renderContent(api);
    expect(
      await screen.findByRole('link', { name: 'Build #42' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Build #41' })).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: /^Last 3 builds: 2 success, 1 failed/i,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('jane.doe ran payments/payments-service #42'),
    ).toBeInTheDocument();
    expect(api.getOverview).toHaveBeenCalledTimes(1);
    expect(api.getOverview).toHaveBeenCalledWith(entityRef, { job: undefined });
    expect(api.getJobs).not.toHaveBeenCalled();
    expect(api.getBuilds).not.toHaveBeenCalled();
    expect(api.getActivity).not.toHaveBeenCalled();
  });

  it('asks the overview for the job the URL names', async () => {
    const api = overviewOnlyApi();
    await renderContent(api, [`/?job=${service.id}`]);
    expect(
      await screen.findByRole('link', { name: 'Build #42' }),
    ).toBeInTheDocument();
    expect(api.getOverview).toHaveBeenCalledWith(entityRef, {
      job: service.id,
    });
    expect(api.getBuilds).not.toHaveBeenCalled();
  });

  it('reads the next page and another job from the builds route', async () => {
    const api = overviewOnlyApi();
    api.getBuilds.mockImplementation(async (_e, jobId) => ({
      items: [build({ number: jobId === deploy.id ? 7 : 39 })],
      nextCursor: null,
    }));
    await renderContent(api);
    await screen.findByRole('link', { name: 'Build #42' });
    await userEvent.click(screen.getByRole('button', { name: 'Older builds' }));
    expect(
      await screen.findByRole('link', { name: 'Build #39' }),
    ).toBeInTheDocument();
    expect(api.getBuilds).toHaveBeenCalledWith(entityRef, service.id, {
      limit: 10,
      cursor: 'next-page',
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Show builds of deploy-production' }),
    );
    await waitFor(() =>
      expect(api.getBuilds).toHaveBeenCalledWith(entityRef, deploy.id, {
        limit: 10,
        cursor: undefined,
      }),
    );
    expect(api.getOverview).toHaveBeenCalledTimes(1);
  });
});
