import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BranchSummary } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import {
  annotatedEntity,
  build,
  fakeJenkinsApi,
  job,
} from '../../testing/jenkinsFixtures';
import { JenkinsContent } from './JenkinsContent';

jest.mock('react-virtualized-auto-sizer', () => ({
  __esModule: true,
  default: (props: {
    children: (size: { width: number; height: number }) => unknown;
  }) => props.children({ width: 800, height: 600 }),
}));

function branch(i: number): BranchSummary {
  const name = `feature/branch-${i}`;
  return {
    id: `branch-${i}`,
    name,
    fullName: `big/monorepo/${encodeURIComponent(name)}`,
    url: `https://jenkins.example.com/job/big/job/monorepo/job/feature%252Fbranch-${i}/`,
    status: 'success',
    lastBuild: build({ number: i + 1, branch: name }),
  };
}

/** A multibranch job whose summary lists 20 of its 2,000 branches. */
const monorepo = job({
  fullName: 'big/monorepo',
  kind: 'multibranch',
  environment: null,
  lastBuild: null,
  branches: Array.from({ length: 20 }, (_, i) => branch(i)),
  branchCount: 2000,
});

describe('JenkinsContent with a job of many branches', () => {
  it('shows the builds of a branch found by searching on the server', async () => {
    const api = fakeJenkinsApi({
      getJobs: jest.fn(async () => ({
        entityRef: 'component:default/payments-service',
        jobs: [monorepo],
      })),
      getBuilds: jest.fn(async (_entity, jobId: string) => ({
        items: [build({ number: jobId === 'branch-1234' ? 77 : 1 })],
        nextCursor: null,
      })),
      searchBranches: jest.fn(async (_entity, _jobId, options) => ({
        items: options?.q === 'branch-1234' ? [branch(1234)] : [],
        total: options?.q === 'branch-1234' ? 1 : 2000,
        nextCursor: null,
      })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>
        <EntityProvider entity={annotatedEntity}>
          <JenkinsContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    const box = await screen.findByRole('textbox', {
      name: 'Branch of monorepo',
    });
    await userEvent.click(box);
    await userEvent.type(box, 'branch-1234');
    await userEvent.click(
      await screen.findByRole('option', { name: /feature\/branch-1234/ }),
    );

    expect(
      await screen.findByText('Builds of monorepo / feature/branch-1234'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.getBuilds).toHaveBeenCalledWith(
        expect.anything(),
        'branch-1234',
        expect.anything(),
      ),
    );
    expect(
      await screen.findByRole('link', { name: 'Build #77' }),
    ).toBeVisible();
    expect(api.searchBranches).toHaveBeenCalledWith(
      expect.anything(),
      monorepo.id,
      expect.objectContaining({ q: 'branch-1234' }),
    );
  });
});
