import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  EntityJenkinsContent,
  EntityJenkinsLatestBuildCard,
  EntityJenkinsPendingApprovalsCard,
  isJenkinsAvailable,
  jenkinsApiRef,
  jenkinsPlugin,
  JenkinsClient,
} from './index';
import { rootRouteRef } from './plugin';
import {
  annotatedEntity,
  build,
  fakeJenkinsApi,
  job,
  plainEntity,
} from './testing/jenkinsFixtures';

function api() {
  return fakeJenkinsApi({
    getJobs: jest.fn(async () => ({
      entityRef: 'component:default/payments-service',
      jobs: [job({ lastBuild: build({ number: 5 }) })],
    })),
    getBuilds: jest.fn(async () => ({
      items: [build({ number: 5 })],
      nextCursor: null,
    })),
  });
}

function renderLegacy(element: JSX.Element) {
  return renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api()]]}>
      <EntityProvider entity={annotatedEntity}>{element}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/jenkins': rootRouteRef }, routeEntries: ['/jenkins'] },
  );
}

describe('the legacy plugin', () => {
  it('registers the Jenkins client for the API ref', () => {
    const factory = [...jenkinsPlugin.getApis()].find(
      f => f.api === jenkinsApiRef,
    );
    expect(factory).toBeDefined();
    const client = factory!.factory({
      discoveryApi: { getBaseUrl: async () => '' },
      fetchApi: { fetch },
    });
    expect(client).toBeInstanceOf(JenkinsClient);
  });

  it('renders the Jenkins tab', async () => {
    // As on an entity page: EntityLayout.Route gives the tab its path.
    await renderLegacy(
      <Routes>
        <Route path="/jenkins" element={<EntityJenkinsContent />} />
      </Routes>,
    );
    expect(
      await screen.findByRole('button', {
        name: 'Run pipeline payments-service',
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'Build #5' }),
    ).toBeInTheDocument();
  });

  it('renders the latest build card', async () => {
    await renderLegacy(<EntityJenkinsLatestBuildCard />);
    expect(
      await screen.findByText('Latest Jenkins builds'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'Build #5' }),
    ).toBeInTheDocument();
  });

  it('renders the pending approvals card', async () => {
    await renderLegacy(<EntityJenkinsPendingApprovalsCard />);
    expect(
      await screen.findByText('Nothing is waiting for approval.'),
    ).toBeInTheDocument();
  });

  it('tells which entities have Jenkins jobs', () => {
    expect(isJenkinsAvailable(annotatedEntity)).toBe(true);
    expect(isJenkinsAvailable(plainEntity)).toBe(false);
  });
});
