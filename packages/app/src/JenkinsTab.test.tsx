import { renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import jenkinsPlugin from '@internal/plugin-jenkins/alpha';
import { JenkinsApi, jenkinsApiRef } from '@internal/plugin-jenkins';
import { screen } from '@testing-library/react';

function component(name: string, annotations?: Record<string, string>) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      owner: 'group:default/team-payments',
      lifecycle: 'production',
    },
  };
}

const noJobs = {
  entityRef: 'component:default/payments-service',
  jobs: [],
};

const jenkinsApi: Partial<JenkinsApi> = {
  // The tab's first paint is one overview request; refreshes read the jobs.
  getOverview: async () => ({
    jobs: noJobs,
    selected: null,
    activity: { items: [], nextCursor: null },
  }),
  getJobs: async () => noJobs,
  getActivity: async () => ({ items: [], nextCursor: null }),
};

function renderEntityPage(path: string) {
  renderTestApp({
    features: [catalogPlugin, jenkinsPlugin],
    apis: [
      catalogApiMock({
        entities: [
          component('payments-service', {
            'jenkins.io/job-full-name': 'payments/payments-service',
          }),
          component('no-jenkins'),
        ],
      }),
      [jenkinsApiRef, jenkinsApi as JenkinsApi],
    ],
    initialRouteEntries: [path],
  });
}

describe('the Jenkins tab in the app', () => {
  it('shows on component entity pages that name Jenkins jobs', async () => {
    renderEntityPage('/catalog/default/component/payments-service/jenkins');
    expect(
      await screen.findByText(
        /The annotation names no Jenkins job that the backend could find/,
        undefined,
        { timeout: 30000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Jenkins')).toBeInTheDocument();
    expect(screen.getByText('Overview')).toBeInTheDocument();
  }, 60000);

  it('is not offered on entities without the annotation', async () => {
    renderEntityPage('/catalog/default/component/no-jenkins');
    expect(
      await screen.findByText('Overview', undefined, { timeout: 30000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Jenkins')).not.toBeInTheDocument();
  }, 60000);
});
