import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { jenkinsApiRef } from '../../api';
import { failedPaymentsGraph } from '../../testing/buildViewFixtures';
import {
  buildDetail,
  entityRef,
  fakeJenkinsApi,
  job,
  responseError,
} from '../../testing/jenkinsFixtures';
import { BuildView } from './BuildView';

jest.mock('react-virtualized-auto-sizer', () => ({
  __esModule: true,
  default: (props: {
    children: (size: { width: number; height: number }) => unknown;
  }) => props.children({ width: 800, height: 600 }),
}));

const service = job({ fullName: 'payments/payments-service' });
const detail = buildDetail({ number: 151, status: 'success' });

function apiWith(overrides: Parameters<typeof fakeJenkinsApi>[0] = {}) {
  return fakeJenkinsApi({
    getBuild: jest.fn(async () => detail),
    getBuildGraph: jest.fn(async () => ({
      source: 'pipeline-graph-view' as const,
      complete: true,
      stages: failedPaymentsGraph,
      canReadLogs: { allowed: true },
    })),
    getBuildLog: jest.fn(async () => ({
      text: 'console\n',
      nextStart: 8,
      more: false,
      hasMore: false,
    })),
    getRestartInfo: jest.fn(async () => ({
      restartEnabled: true,
      restartableStages: ['Test'],
      capability: { allowed: true },
    })),
    getReplayInfo: jest.fn(async () => ({
      main: 'pipeline {}',
      loaded: {},
      sha256: 'a'.repeat(64),
      canReplay: { allowed: true },
      canEditScript: { allowed: true },
    })),
    ...overrides,
  });
}

async function renderTab(
  api: ReturnType<typeof apiWith>,
  tab: string,
  onOpenBuild = jest.fn(),
) {
  await renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api]]}>
      <BuildView
        entityRef={entityRef}
        target={{ job: service }}
        buildNumber={151}
        onBack={jest.fn()}
        onOpenBuild={onOpenBuild}
      />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  await userEvent.click(await screen.findByRole('tab', { name: tab }));
  return screen.getByRole('tabpanel', { name: tab });
}

const commit = (id: string, name: string, userRef: string | null) => ({
  id,
  message: `Change by ${name}\n\nLonger explanation`,
  author: { name, email: `${name.toLowerCase()}@example.com`, userRef },
  timestamp: Date.now() - 60_000,
  paths: [{ path: 'src/refunds.ts', editType: 'edit' }],
});

describe('BuildView: Changes, Artifacts, Parameters and cause', () => {
  it('lists the commits, authors linked to their catalog users', async () => {
    const api = apiWith({
      getBuildChanges: jest.fn(async () => ({
        truncated: false,
        changeSets: [
          {
            kind: 'git',
            commits: [
              commit('a'.repeat(40), 'Alice', 'user:default/alice'),
              commit('b'.repeat(40), 'Mallory', null),
            ],
          },
        ],
      })),
    });
    const panel = await renderTab(api, 'Changes');
    const commits = await within(panel).findByRole('list', { name: 'Commits' });
    expect(within(commits).getByText('Change by Alice')).toBeInTheDocument();
    expect(
      within(commits).getByRole('link', { name: 'Alice' }),
    ).toHaveAttribute('href', '/catalog/default/user/alice');
    // No catalog user with that e-mail: the name, not a link.
    expect(within(commits).getByText('Mallory')).toBeInTheDocument();
    expect(within(commits).queryByRole('link', { name: 'Mallory' })).toBeNull();
    expect(
      within(panel).getByRole('link', { name: /Open Changes in Jenkins/ }),
    ).toHaveAttribute('href', `${detail.url}changes`);
  });

  it('says so when a build has no changes', async () => {
    const panel = await renderTab(
      apiWith({
        getBuildChanges: jest.fn(async () => ({
          truncated: false,
          changeSets: [],
        })),
      }),
      'Changes',
    );
    expect(await within(panel).findByText(/^No changes/)).toBeInTheDocument();
  });

  it("shows Jenkins' failure instead of an empty list when Jenkins is down", async () => {
    const down = await responseError(
      502,
      "Jenkins instance 'default' is unreachable",
    );
    const panel = await renderTab(
      apiWith({ getBuildChanges: jest.fn(() => Promise.reject(down)) }),
      'Changes',
    );
    expect(
      await within(panel).findByText(
        "Jenkins instance 'default' is unreachable",
      ),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(/Could not load the changes/),
    ).toBeInTheDocument();
  });

  it('downloads an artifact through the backend', async () => {
    const api = apiWith({
      getBuildArtifacts: jest.fn(async () => ({
        truncated: false,
        canDownload: { allowed: true },
        artifacts: [
          {
            path: 'build/libs/payments-service.jar',
            fileName: 'payments-service.jar',
            displayPath: 'payments-service.jar',
          },
        ],
      })),
      downloadArtifact: jest.fn(async () => new Blob(['jar'])),
    });
    const createObjectURL = jest.fn(() => 'blob:jar');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const panel = await renderTab(api, 'Artifacts');
    const table = await within(panel).findByRole('table', {
      name: 'Artifacts',
    });
    await userEvent.click(
      within(table).getByRole('button', {
        name: 'Download payments-service.jar',
      }),
    );
    expect(api.downloadArtifact).toHaveBeenCalledWith(
      entityRef,
      service.id,
      151,
      'build/libs/payments-service.jar',
    );
    expect(createObjectURL).toHaveBeenCalled();
  });

  it('disables downloads with the reason for a caller without artifact access', async () => {
    const reason =
      'Your permission policy does not allow jenkins.build.artifacts.read on payments/payments-service';
    const panel = await renderTab(
      apiWith({
        getBuildArtifacts: jest.fn(async () => ({
          truncated: false,
          canDownload: { allowed: false, reason },
          artifacts: [
            { path: 'a.jar', fileName: 'a.jar', displayPath: 'a.jar' },
          ],
        })),
      }),
      'Artifacts',
    );
    const button = await within(panel).findByRole('button', {
      name: 'Download a.jar',
    });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      `You cannot download artifacts: ${reason}`,
    );
  });

  it('says when a build archived nothing', async () => {
    const panel = await renderTab(
      apiWith({
        getBuildArtifacts: jest.fn(async () => ({
          truncated: false,
          canDownload: { allowed: true },
          artifacts: [],
        })),
      }),
      'Artifacts',
    );
    expect(
      await within(panel).findByText(/This build archived no artifacts/),
    ).toBeInTheDocument();
  });

  it('shows the cause chain: a restart by a person, linked to the build it restarted', async () => {
    const onOpenBuild = jest.fn();
    const panel = await renderTab(
      apiWith({
        getBuildCauses: jest.fn(async () => ({
          causes: [
            {
              kind: 'user' as const,
              description: 'Started by user Alice',
              userId: 'alice',
              userName: 'Alice',
            },
            {
              kind: 'restart' as const,
              description: 'Restarted from build #149, stage Test',
              originBuild: 149,
              stage: 'Test',
            },
            {
              kind: 'upstream' as const,
              description:
                'Started by upstream project "payments/build" build number 12',
              project: 'payments/build',
              build: 12,
              url: 'job/payments/job/build/12/',
              causes: [
                { kind: 'timer' as const, description: 'Started by timer' },
              ],
            },
          ],
        })),
      }),
      'Parameters and cause',
      onOpenBuild,
    );
    const causes = await within(panel).findByRole('list', { name: 'Causes' });
    expect(
      within(causes).getByText('Started by user Alice'),
    ).toBeInTheDocument();
    expect(
      within(causes).getByText('Restarted from build #149, stage Test'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(causes).getByRole('button', { name: 'Open build #149' }),
    );
    expect(onOpenBuild).toHaveBeenCalledWith(service.id, 149);
    expect(
      within(causes).getByRole('link', {
        name: 'Open payments/build #12 in Jenkins',
      }),
    ).toHaveAttribute(
      'href',
      'https://jenkins.example.com/job/payments/job/build/12/',
    );
    expect(
      within(
        within(causes).getByRole('list', {
          name: 'What started payments/build #12',
        }),
      ).getByText('Started by timer'),
    ).toBeInTheDocument();
  });
});
