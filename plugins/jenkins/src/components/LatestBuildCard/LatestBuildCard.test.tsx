import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { JobSummary } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import {
  annotatedEntity,
  build,
  fakeJenkinsApi,
  job,
  plainEntity,
  responseError,
} from '../../testing/jenkinsFixtures';
import { LatestBuildCard } from './LatestBuildCard';

const multibranch = job({
  fullName: 'payments/svc',
  kind: 'multibranch',
  lastBuild: null,
  branches: [
    {
      id: 'b-main',
      name: 'main',
      fullName: 'payments/svc/main',
      url: 'https://jenkins.example.com/job/payments/job/svc/job/main/',
      status: 'success',
      lastBuild: build({ number: 12 }),
    },
    {
      id: 'b-release',
      name: 'release',
      fullName: 'payments/svc/release',
      url: 'https://jenkins.example.com/job/payments/job/svc/job/release/',
      status: 'failure',
      lastBuild: build({ number: 3, status: 'failure' }),
    },
  ],
});

const entityRoutes = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

async function renderCard(
  jobs: JobSummary[] | Error,
  props: { branch?: string } = {},
  entity: Entity = annotatedEntity,
  options: { mountedRoutes?: typeof entityRoutes.mountedRoutes } = entityRoutes,
) {
  const api = fakeJenkinsApi({
    getJobs: jest.fn(async () => {
      if (jobs instanceof Error) {
        throw jobs;
      }
      return { entityRef: 'component:default/payments-service', jobs };
    }),
  });
  await renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api]]}>
      <EntityProvider entity={entity}>
        <LatestBuildCard {...props} />
      </EntityProvider>
    </TestApiProvider>,
    options,
  );
  return api;
}

describe('LatestBuildCard', () => {
  it('shows the latest build of each job, and "No builds yet" for a job without any', async () => {
    await renderCard([
      job({
        lastBuild: build({ number: 42, status: 'failure' }),
        status: 'failure',
      }),
      job({
        fullName: 'payments/deploy-production',
        lastBuild: null,
        status: 'never_built',
      }),
    ]);
    const service = await screen.findByRole('listitem', {
      name: 'Latest build of payments-service',
    });
    expect(within(service).getByText('Failed')).toBeInTheDocument();
    // The build opens in the portal's build view; Jenkins is one click away.
    const serviceJob = job();
    expect(
      within(service).getByRole('link', { name: 'Build #42' }),
    ).toHaveAttribute(
      'href',
      `/catalog/default/component/payments-service/jenkins?job=${serviceJob.id}&build=42`,
    );
    expect(
      within(service).getByRole('link', {
        name: 'Open build #42 of payments-service in Jenkins',
      }),
    ).toHaveAttribute('href', build({ number: 42 }).url);
    const deploy = screen.getByRole('listitem', {
      name: 'Latest build of deploy-production',
    });
    expect(within(deploy).getByText('No builds yet')).toBeInTheDocument();
  });

  it('shows the chosen branch of a multibranch job, and lets people switch', async () => {
    await renderCard([multibranch], { branch: 'release' });
    expect(
      await screen.findByRole('link', { name: 'Build #3' }),
    ).toBeInTheDocument();
    await userEvent.selectOptions(
      screen.getByLabelText('Branch of svc'),
      'b-main',
    );
    expect(screen.getByRole('link', { name: 'Build #12' })).toHaveAttribute(
      'href',
      `/catalog/default/component/payments-service/jenkins?job=${multibranch.id}&branch=b-main&build=12`,
    );
  });

  it('links to Jenkins where the app has no entity route to open the build view in', async () => {
    await renderCard(
      [job({ lastBuild: build({ number: 42 }) })],
      {},
      annotatedEntity,
      {},
    );
    expect(
      await screen.findByRole('link', { name: 'Build #42' }),
    ).toHaveAttribute('href', build({ number: 42 }).url);
  });

  it("shows the server's message on failure", async () => {
    await renderCard(
      await responseError(504, 'Jenkins did not answer within 10s'),
    );
    expect(
      await screen.findByText('Jenkins did not answer within 10s'),
    ).toBeInTheDocument();
  });

  it('shows the annotation to add on an entity without one', async () => {
    const api = await renderCard([], {}, plainEntity);
    expect(
      screen.getByText(/No Jenkins jobs are linked to this entity/),
    ).toBeInTheDocument();
    expect(api.getJobs).not.toHaveBeenCalled();
  });

  it('shows skeletons while loading', async () => {
    const api = fakeJenkinsApi({
      getJobs: jest.fn(() => new Promise(() => {})),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>
        <EntityProvider entity={annotatedEntity}>
          <LatestBuildCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      screen.getByRole('progressbar', { name: 'Loading the latest builds' }),
    ).toBeInTheDocument();
  });
});
