import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { jenkinsApiRef } from '../../api';
import {
  annotatedEntity,
  build,
  buildDetail,
  entityRef,
  fakeJenkinsApi,
  job,
  plainEntity,
  responseError,
} from '../../testing/jenkinsFixtures';
import { JenkinsContent } from './JenkinsContent';

jest.mock('react-virtualized-auto-sizer', () => ({
  __esModule: true,
  default: (props: {
    children: (size: { width: number; height: number }) => unknown;
  }) => props.children({ width: 800, height: 600 }),
}));

const service = job({
  fullName: 'payments/payments-service',
  environment: 'staging',
});
const multibranch = job({
  fullName: 'payments/payments-service-mb',
  kind: 'multibranch',
  environment: null,
  lastBuild: null,
  branches: [
    {
      id: 'branch-feature',
      name: 'feature/fast-refunds',
      fullName: 'payments/payments-service-mb/feature%2Ffast-refunds',
      url: 'https://jenkins.example.com/job/payments/job/payments-service-mb/job/feature%252Ffast-refunds/',
      status: 'failure',
      lastBuild: build({
        number: 7,
        status: 'failure',
        branch: 'feature/fast-refunds',
      }),
    },
    {
      id: 'branch-main',
      name: 'main',
      fullName: 'payments/payments-service-mb/main',
      url: 'https://jenkins.example.com/job/payments/job/payments-service-mb/job/main/',
      status: 'success',
      lastBuild: build({ number: 12 }),
    },
  ],
});
const deploy = job({
  fullName: 'payments/deploy-production',
  instance: 'release',
  environment: 'production',
  status: 'never_built',
  lastBuild: null,
  identity: {
    strategy: 'service-account',
    jenkinsUser: 'ci-bot',
    notice: 'Jenkins sees the service account ci-bot',
  },
});

function apiFor(jobs = [service, multibranch, deploy]) {
  return fakeJenkinsApi({
    getJobs: jest.fn(async () => ({
      entityRef: 'component:default/payments-service',
      jobs,
    })),
    getBuilds: jest.fn(async (_e, jobId) => ({
      items: [build({ number: jobId === service.id ? 42 : 12 })],
      nextCursor: null,
    })),
    getActivity: jest.fn(async () => ({
      items: [
        {
          id: 'a1',
          time: new Date().toISOString(),
          actor: { userRef: 'user:default/jane.doe', jenkinsUser: 'jane.doe' },
          action: 'trigger' as const,
          entityRef: 'component:default/payments-service',
          instance: 'default',
          jobFullName: 'payments/payments-service',
          buildNumber: 42,
          queueId: 7,
          parameters: null,
          decision: 'allow' as const,
          outcome: 'success' as const,
          jenkinsStatus: 201,
          message: null,
          requestId: 'r1',
          via: 'http' as const,
        },
      ],
      nextCursor: null,
    })),
  });
}

async function renderContent(
  api: ReturnType<typeof fakeJenkinsApi>,
  entity: Entity = annotatedEntity,
  routeEntries?: string[],
) {
  await renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api]]}>
      <EntityProvider entity={entity}>
        <JenkinsContent />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries },
  );
}

describe('JenkinsContent', () => {
  it('shows the annotation to add, with an example, when the entity has none', async () => {
    const api = fakeJenkinsApi();
    await renderContent(api, plainEntity);
    expect(
      screen.getByText('No Jenkins jobs are linked to this entity'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Annotation example')).toHaveTextContent(
      'jenkins.io/job-full-name: payments/payments-service, release:payments/deploy-production',
    );
    expect(api.getJobs).not.toHaveBeenCalled();
  });

  it('shows skeletons while the jobs load', async () => {
    await renderContent(
      fakeJenkinsApi({ getJobs: jest.fn(() => new Promise(() => {})) }),
    );
    expect(
      screen.getByRole('progressbar', { name: 'Loading Jenkins jobs' }),
    ).toBeInTheDocument();
  });

  it("shows the server's message when Jenkins is unreachable", async () => {
    const error = await responseError(
      502,
      "Jenkins instance 'default' is unreachable: connect ECONNREFUSED",
    );
    await renderContent(
      fakeJenkinsApi({ getJobs: jest.fn(() => Promise.reject(error)) }),
    );
    expect(
      await screen.findByText(
        "Jenkins instance 'default' is unreachable: connect ECONNREFUSED",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Could not load Jenkins jobs (HTTP 502)'),
    ).toBeInTheDocument();
  });

  it('tries again when asked after a failure', async () => {
    const error = await responseError(504, 'Jenkins did not answer within 10s');
    const api = apiFor();
    const jobs = await api.getJobs(entityRef);
    api.getJobs.mockReset();
    api.getJobs.mockRejectedValueOnce(error).mockResolvedValue(jobs);
    await renderContent(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Try again' }),
    );
    expect(
      await screen.findByRole('button', {
        name: 'Run pipeline payments-service',
      }),
    ).toBeInTheDocument();
  });

  it('shows a denial as such, with the permission the server named', async () => {
    const error = await responseError(
      403,
      'You are not allowed to jenkins.job.read payments/payments-service',
      'NotAllowedError',
    );
    await renderContent(
      fakeJenkinsApi({ getJobs: jest.fn(() => Promise.reject(error)) }),
    );
    expect(
      await screen.findByText(
        'You are not allowed to jenkins.job.read payments/payments-service',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Permission denied (HTTP 403)'),
    ).toBeInTheDocument();
  });

  it('lists the jobs by instance with status, environment, last build and Run pipeline', async () => {
    await renderContent(apiFor());
    const release = await screen.findByRole('list', {
      name: 'Jobs on release',
    });
    const deployRow = within(release).getByRole('listitem', {
      name: 'Job deploy-production',
    });
    expect(
      within(deployRow).getByLabelText('Environment: production'),
    ).toBeInTheDocument();
    expect(within(deployRow).getByText('No builds yet')).toBeInTheDocument();
    expect(
      within(deployRow).getByText('Last build: No builds yet'),
    ).toBeInTheDocument();
    expect(
      within(deployRow).getByRole('button', {
        name: 'Run pipeline deploy-production',
      }),
    ).toBeEnabled();

    const defaults = screen.getByRole('list', { name: 'Jobs on default' });
    const serviceRow = within(defaults).getByRole('listitem', {
      name: 'Job payments-service',
    });
    expect(within(serviceRow).getByText('Success')).toBeInTheDocument();
    expect(
      within(serviceRow).getByText(/^Last build: #42 · Success/),
    ).toBeInTheDocument();
    expect(screen.getByText('Jenkins instance: release')).toBeInTheDocument();
    expect(
      screen.getByText('Jenkins sees the service account ci-bot'),
    ).toBeInTheDocument();
  });

  it('shows the builds, trend and recent activity of the first job', async () => {
    const api = apiFor();
    await renderContent(api);
    expect(
      await screen.findByText('Builds of payments-service'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'Build #42' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Recent activity')).toBeInTheDocument();
    expect(
      await screen.findByText('jane.doe ran payments/payments-service #42'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('img', { name: /^Last 1 builds: 1 success/ }),
    ).toBeInTheDocument();
  });

  it('shows the builds of the branch chosen in a multibranch job', async () => {
    const api = apiFor();
    await renderContent(api);
    const branch = await screen.findByLabelText(
      'Branch of payments-service-mb',
    );
    // main is preselected over the first branch.
    expect(branch).toHaveValue('branch-main');
    await userEvent.selectOptions(branch, 'branch-feature');
    expect(
      await screen.findByText(
        'Builds of payments-service-mb / feature/fast-refunds',
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.getBuilds).toHaveBeenCalledWith(entityRef, 'branch-feature', {
        limit: 10,
        cursor: undefined,
      }),
    );
  });

  it('opens a build in the build view and goes back to the builds', async () => {
    const api = apiFor();
    api.getBuild.mockResolvedValue(buildDetail({ number: 42 }));
    api.getBuildLog.mockResolvedValue({
      text: 'done\n',
      nextStart: 5,
      more: false,
      hasMore: false,
    });
    await renderContent(api);
    await userEvent.click(
      await screen.findByRole('link', { name: 'Build #42' }),
    );
    expect(
      await screen.findByText('payments/payments-service #42'),
    ).toBeInTheDocument();
    expect(api.getBuild).toHaveBeenCalledWith(entityRef, service.id, 42);
    // Keyboard users land on the build they opened.
    expect(screen.getByRole('region', { name: 'Build 42' })).toHaveFocus();
    await userEvent.click(
      screen.getByRole('button', { name: 'Back to builds' }),
    );
    expect(
      await screen.findByText('Builds of payments-service'),
    ).toBeInTheDocument();
  });

  it('opens the build view from the URL', async () => {
    const api = apiFor();
    api.getBuild.mockResolvedValue(buildDetail({ number: 12 }));
    api.getBuildLog.mockResolvedValue({
      text: '',
      nextStart: 0,
      more: false,
      hasMore: false,
    });
    await renderContent(api, annotatedEntity, [
      `/?job=${multibranch.id}&branch=branch-main&build=12`,
    ]);
    expect(
      await screen.findByText('payments/payments-service-mb/main #12'),
    ).toBeInTheDocument();
    expect(api.getBuild).toHaveBeenCalledWith(entityRef, 'branch-main', 12);
  });

  it('says so when the annotation names no job the backend found', async () => {
    await renderContent(apiFor([]));
    expect(
      await screen.findByText(
        /The annotation names no Jenkins job that the backend could find/,
      ),
    ).toBeInTheDocument();
  });
});
