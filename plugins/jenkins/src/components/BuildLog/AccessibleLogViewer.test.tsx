import { renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  AccessibleLogViewer,
  repairLogViewerAccessibility,
} from './AccessibleLogViewer';

jest.mock('react-virtualized-auto-sizer', () => ({
  __esModule: true,
  default: (props: {
    children: (size: { width: number; height: number }) => unknown;
  }) => props.children({ width: 800, height: 600 }),
}));

describe('AccessibleLogViewer', () => {
  it("renders Backstage's LogViewer without orphan rows, with named controls", async () => {
    await renderInTestApp(
      <div style={{ height: 480 }}>
        <AccessibleLogViewer
          label="Console output of build 42"
          text={'Started by user Alice\n\u001b[31mFAILED\u001b[0m contract\n'}
        />
      </div>,
    );
    const log = screen.getByRole('group', {
      name: 'Console output of build 42',
    });
    expect(
      await within(log).findByText(/Started by user Alice/),
    ).toBeInTheDocument();
    await waitFor(() => expect(log.querySelector('[role="row"]')).toBeNull());
    expect(within(log).getByRole('link', { name: 'Line 1' })).toHaveAttribute(
      'href',
      '#line-1',
    );
    expect(
      within(log).getByRole('button', { name: 'Show only matching lines' }),
    ).toBeInTheDocument();
    const search = within(log).getByRole('textbox', { name: 'Search the log' });
    await userEvent.type(search, 'contract');
    // The search's step buttons appear with a result count: named too.
    expect(
      await within(log).findByRole('button', { name: 'Previous match' }),
    ).toBeInTheDocument();
    expect(
      within(log).getByRole('button', { name: 'Next match' }),
    ).toBeInTheDocument();
    for (const button of within(log).getAllByRole('button')) {
      expect(button).toHaveAccessibleName();
    }
  });
});

describe('repairLogViewerAccessibility', () => {
  it('removes the row role from line links and names icon-only buttons', () => {
    const root = document.createElement('div');
    root.innerHTML = `
      <button><svg><path d="M10 18h4v-2h-4v2zM3 6v2h18V6H3zm3 7h12v-2H6v2z"></path></svg></button>
      <button aria-label="Copy">x</button>
      <input placeholder="Search">
      <a role="row" href="#line-7">7</a>`;
    repairLogViewerAccessibility(root);
    const [filter, copy] = Array.from(root.querySelectorAll('button'));
    expect(filter.getAttribute('aria-label')).toBe('Show only matching lines');
    expect(copy.getAttribute('aria-label')).toBe('Copy');
    expect(root.querySelector('input')!.getAttribute('aria-label')).toBe(
      'Search the log',
    );
    const link = root.querySelector('a')!;
    expect(link.hasAttribute('role')).toBe(false);
    expect(link.getAttribute('aria-label')).toBe('Line 7');
  });
});
