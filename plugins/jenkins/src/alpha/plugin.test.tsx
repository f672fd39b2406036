import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';

jest.mock('react-virtualized-auto-sizer', () => ({
  __esModule: true,
  default: (props: {
    children: (size: { width: number; height: number }) => unknown;
  }) => props.children({ width: 800, height: 600 }),
}));
import { jenkinsApiRef } from '../api';
import {
  annotatedEntity,
  build,
  buildDetail,
  fakeJenkinsApi,
  job,
  plainEntity,
} from '../testing/jenkinsFixtures';
import jenkinsPlugin, {
  jenkinsApi,
  jenkinsEntityContent,
  jenkinsLatestBuildCard,
  jenkinsPendingApprovalsCard,
} from './plugin';

function api() {
  return fakeJenkinsApi({
    getJobs: jest.fn(async () => ({
      entityRef: 'component:default/payments-service',
      jobs: [
        job({
          status: 'paused',
          lastBuild: build({ number: 9, status: 'paused' }),
        }),
      ],
    })),
    getBuilds: jest.fn(async () => ({
      items: [build({ number: 9, status: 'paused' })],
      nextCursor: null,
    })),
    getBuild: jest.fn(async () =>
      buildDetail({
        number: 9,
        status: 'paused',
        pendingInputs: [
          {
            id: 'go',
            message: 'Ship it?',
            proceedText: 'Proceed',
            abortText: 'Abort',
            parameters: [],
            canAnswer: { allowed: true },
          },
        ],
      }),
    ),
  });
}

function renderExtension(element: JSX.Element, entity = annotatedEntity) {
  return renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api()]]}>
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}

describe('the new-frontend-system plugin', () => {
  it('provides the Jenkins API client', () => {
    const factory = createExtensionTester(jenkinsApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api).toBe(jenkinsApiRef);
    expect(jenkinsPlugin.pluginId).toBe('jenkins');
    // The IDs apps use to configure or disable the extensions (README).
    expect(jenkinsPlugin.getExtension('api:jenkins')).toBeDefined();
    expect(jenkinsPlugin.getExtension('entity-content:jenkins')).toBeDefined();
    expect(
      jenkinsPlugin.getExtension('entity-card:jenkins/latest-build'),
    ).toBeDefined();
    expect(
      jenkinsPlugin.getExtension('entity-card:jenkins/pending-approvals'),
    ).toBeDefined();
  });

  it('mounts the Jenkins tab at jenkins, titled Jenkins, for annotated entities only', () => {
    const tester = createExtensionTester(jenkinsEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Jenkins');
    expect(tester.get(coreExtensionData.routePath)).toBe('jenkins');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(annotatedEntity)).toBe(true);
    expect(filter?.(plainEntity)).toBe(false);
  });

  it('renders the tab with the entity jobs', async () => {
    renderExtension(createExtensionTester(jenkinsEntityContent).reactElement());
    // The tab paints from the overview, then its cards load: allow a loaded
    // machine more than findBy's default second.
    expect(
      await screen.findByRole(
        'button',
        { name: 'Run pipeline payments-service' },
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Recent activity', undefined, {
        timeout: 20_000,
      }),
    ).toBeInTheDocument();
  });

  it('renders the latest build card', async () => {
    renderExtension(
      createExtensionTester(jenkinsLatestBuildCard).reactElement(),
    );
    expect(
      await screen.findByText('Latest Jenkins builds'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'Build #9' }),
    ).toBeInTheDocument();
  });

  it('renders the pending approvals card', async () => {
    renderExtension(
      createExtensionTester(jenkinsPendingApprovalsCard).reactElement(),
    );
    expect(await screen.findByText('Ship it?')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeInTheDocument();
  });

  it('shows the cards only for annotated entities', () => {
    const latest = createExtensionTester(jenkinsLatestBuildCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    const approvals = createExtensionTester(jenkinsPendingApprovalsCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(latest?.(annotatedEntity)).toBe(true);
    expect(latest?.(plainEntity)).toBe(false);
    expect(approvals?.(annotatedEntity)).toBe(true);
    expect(approvals?.(plainEntity)).toBe(false);
  });

  it('shows the tab and the cards on an entity page of a test app', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: annotatedEntity }),
        jenkinsEntityContent,
        jenkinsLatestBuildCard,
        jenkinsPendingApprovalsCard,
      ],
      apis: [[jenkinsApiRef, api()]],
    });
    expect(
      await screen.findByText('Latest Jenkins builds'),
    ).toBeInTheDocument();
    expect(await screen.findByText('Pending approvals')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', {
        name: 'Run pipeline payments-service',
      }),
    ).toBeInTheDocument();
  });

  it('opens the build view with its log in a test app', async () => {
    const fake = api();
    fake.getBuildLog.mockResolvedValue({
      text: 'Deploying 1.2.3\n',
      nextStart: 16,
      more: false,
      hasMore: false,
    });
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: annotatedEntity }),
        jenkinsEntityContent,
      ],
      apis: [[jenkinsApiRef, fake]],
      initialRouteEntries: [`/?job=${job().id}&build=9`],
    });
    expect(await screen.findByText('End of log.')).toBeInTheDocument();
    expect(await screen.findByText(/Deploying 1\.2\.3/)).toBeInTheDocument();
    expect(screen.getByText('Ship it?')).toBeInTheDocument();
  });
});
