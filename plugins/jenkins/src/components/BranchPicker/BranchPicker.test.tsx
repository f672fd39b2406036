import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BranchSummary } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import {
  entityRef,
  fakeJenkinsApi,
  job,
  responseError,
} from '../../testing/jenkinsFixtures';
import {
  BRANCH_SEARCH_DEBOUNCE_MS,
  BRANCH_SEARCH_PAGE_SIZE,
  BranchPicker,
} from './BranchPicker';

function branch(name: string): BranchSummary {
  return {
    id: `id-${name}`,
    name,
    fullName: `big/monorepo/${encodeURIComponent(name)}`,
    url: `https://jenkins.example.com/job/big/job/monorepo/job/${name}/`,
    status: 'success',
    lastBuild: null,
  };
}

/** What the backend would answer for `q`, paged by 20 with offset cursors. */
const NAMES = Array.from({ length: 2000 }, (_, i) => `feature/branch-${i}`);
function searchBackend() {
  return jest.fn(
    async (
      _entity: unknown,
      _jobId: string,
      options: { q?: string; limit?: number; cursor?: string } = {},
    ) => {
      const q = (options.q ?? '').toLowerCase();
      const matching = NAMES.filter(n => n.includes(q));
      const offset = options.cursor ? Number(options.cursor) : 0;
      const limit = options.limit ?? 20;
      return {
        items: matching.slice(offset, offset + limit).map(branch),
        total: matching.length,
        nextCursor:
          offset + limit < matching.length ? String(offset + limit) : null,
      };
    },
  );
}

const monorepo = job({
  id: 'id-monorepo',
  fullName: 'big/monorepo',
  kind: 'multibranch',
  branches: NAMES.slice(0, 20).map(branch),
  branchCount: 2000,
});

async function renderPicker(
  api: ReturnType<typeof fakeJenkinsApi>,
  props: Partial<Parameters<typeof BranchPicker>[0]> = {},
) {
  const onSelectBranch = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api]]}>
      <BranchPicker
        entityRef={entityRef}
        job={monorepo}
        branch={monorepo.branches![0]}
        onSelectBranch={onSelectBranch}
        {...props}
      />
    </TestApiProvider>,
  );
  return onSelectBranch;
}

describe('BranchPicker', () => {
  it('lists every branch in a plain list when the summary has them all', async () => {
    const api = fakeJenkinsApi();
    const small = job({
      kind: 'multibranch',
      branches: [branch('main'), branch('release/2.x')],
      branchCount: 2,
    });
    const onSelect = await renderPicker(api, {
      job: small,
      branch: small.branches![0],
    });
    const select = screen.getByLabelText(`Branch of ${small.displayName}`);
    await userEvent.selectOptions(select, 'id-release/2.x');
    expect(onSelect).toHaveBeenCalledWith(small.branches![1]);
    expect(api.searchBranches).not.toHaveBeenCalled();
  });

  it('searches 2,000 branches on the server once typing pauses, and picks one', async () => {
    jest.useFakeTimers();
    try {
      const user = userEvent.setup({
        advanceTimers: jest.advanceTimersByTime,
      });
      const api = fakeJenkinsApi({ searchBranches: searchBackend() });
      const onSelect = await renderPicker(api);
      const box = screen.getByRole('textbox', { name: 'Branch of monorepo' });
      expect(box).toHaveValue('feature/branch-0');
      expect(screen.getByText('2000 branches: type to search')).toBeVisible();

      await user.click(box);
      await act(async () => {
        jest.advanceTimersByTime(BRANCH_SEARCH_DEBOUNCE_MS);
      });
      expect(api.searchBranches).toHaveBeenCalledWith(
        entityRef,
        'id-monorepo',
        { q: undefined, limit: BRANCH_SEARCH_PAGE_SIZE, cursor: undefined },
      );
      // Typed key by key, with no pause: one search, for the whole word.
      const word = 'branch-123';
      for (let i = 1; i <= word.length; i++) {
        fireEvent.change(box, { target: { value: word.slice(0, i) } });
      }
      await act(async () => {
        jest.advanceTimersByTime(BRANCH_SEARCH_DEBOUNCE_MS);
      });
      await screen.findByText(/11 branches match “branch-123”/);
      expect(
        api.searchBranches.mock.calls
          .map(([, , options]) => options?.q)
          .filter(Boolean),
      ).toEqual(['branch-123']);
      const options = screen.getAllByRole('option');
      expect(options.map(o => o.textContent?.split(' ')[0])).toEqual(
        NAMES.filter(n => n.includes('branch-123')),
      );

      await user.click(
        screen.getByRole('option', { name: /feature\/branch-1234 / }),
      );
      expect(onSelect).toHaveBeenCalledWith(branch('feature/branch-1234'));
    } finally {
      jest.useRealTimers();
    }
  });

  it('asks for the next page when the list is scrolled to its end', async () => {
    const api = fakeJenkinsApi({ searchBranches: searchBackend() });
    await renderPicker(api);
    await userEvent.click(
      screen.getByRole('textbox', { name: 'Branch of monorepo' }),
    );
    await screen.findByText(/2000 branches, 20 shown: scroll for more/);
    const list = screen.getByRole('listbox');
    Object.defineProperty(list, 'scrollHeight', { value: 1000 });
    Object.defineProperty(list, 'clientHeight', { value: 300 });
    list.scrollTop = 700;
    fireEvent.scroll(list);
    await screen.findByText(/2000 branches, 40 shown: scroll for more/);
    expect(api.searchBranches).toHaveBeenLastCalledWith(
      entityRef,
      'id-monorepo',
      { q: undefined, limit: BRANCH_SEARCH_PAGE_SIZE, cursor: '20' },
    );
    expect(screen.getAllByRole('option')).toHaveLength(40);
  });

  it('says so when no branch matches', async () => {
    const api = fakeJenkinsApi({ searchBranches: searchBackend() });
    await renderPicker(api);
    const box = screen.getByRole('textbox', { name: 'Branch of monorepo' });
    await userEvent.click(box);
    await userEvent.type(box, 'no-such-branch');
    expect(
      await screen.findAllByText('No branch matches “no-such-branch”'),
    ).not.toHaveLength(0);
    expect(screen.queryByRole('option')).toBeNull();
  });

  it('shows the backend’s message when the search fails', async () => {
    const api = fakeJenkinsApi({
      searchBranches: jest.fn(async () => {
        throw await responseError(
          502,
          "Jenkins instance 'default' is unreachable",
        );
      }),
    });
    await renderPicker(api);
    await userEvent.click(
      screen.getByRole('textbox', { name: 'Branch of monorepo' }),
    );
    expect(
      await screen.findAllByText(
        /Could not search branches: .*Jenkins instance 'default' is unreachable/,
      ),
    ).not.toHaveLength(0);
  });
});
