import { LogViewer } from '@backstage/core-components';
import * as colors from '@material-ui/core/colors';
import { Theme, ThemeProvider } from '@material-ui/core/styles';
import { useEffect, useRef } from 'react';

/**
 * Names for the unnamed icon buttons of Backstage's LogViewer, by the icon
 * they hold (MUI writes `data-testid="<Icon>Icon"` only in tests, so the
 * icon's SVG path is what tells them apart).
 */
const ICON_BUTTON_NAMES: Array<{ path: string; name: string }> = [
  // ChevronLeft / ChevronRight: step through the search results.
  { path: 'M15.41 7.41', name: 'Previous match' },
  { path: 'M10 6L8.59 7.41', name: 'Next match' },
  // FilterList: show only the lines that match the search.
  { path: 'M10 18h4v-2h-4v2zM3 6v2h18V6H3z', name: 'Show only matching lines' },
  // FileCopy next to a selected line: copy the selected lines.
  { path: 'M16 1H4c-1.1', name: 'Copy the selected lines' },
];

/**
 * Makes what Backstage's LogViewer renders pass WCAG 2.1 A/AA (axe):
 * - each line number is an `<a role="row">` with no table or grid around it
 *   (`aria-required-parent`): the role goes, the link stays;
 * - icon buttons without a name (search steps, filter, copy) get one;
 * - the search field gets a label, not only a placeholder.
 * Idempotent; runs again whenever the virtualised list mounts new rows.
 */
export function repairLogViewerAccessibility(root: Element): void {
  root.querySelectorAll('a[role="row"]').forEach(link => {
    link.removeAttribute('role');
    const line = link.textContent ?? '';
    if (!link.getAttribute('aria-label') && line) {
      link.setAttribute('aria-label', `Line ${line}`);
    }
  });
  root.querySelectorAll('button').forEach(button => {
    if (button.getAttribute('aria-label') || button.textContent?.trim()) {
      return;
    }
    const d = button.querySelector('svg path')?.getAttribute('d') ?? '';
    const known = ICON_BUTTON_NAMES.find(icon => d.startsWith(icon.path));
    button.setAttribute('aria-label', known?.name ?? 'Log viewer action');
  });
  root.querySelectorAll('input:not([aria-label])').forEach(input => {
    input.setAttribute('aria-label', 'Search the log');
  });
}

/**
 * Text colours with at least 4.5:1 contrast on the log's background: the
 * LogViewer's own line numbers (blue 300) and ANSI colours (the 500 shades)
 * are too light on white.
 */
function readableLogColours(theme: Theme) {
  const dark = theme.palette.type === 'dark';
  return {
    lineNumber: {
      color: dark ? colors.grey[400] : colors.grey[700],
      borderRight: `1px solid ${theme.palette.divider}`,
    },
    modifierForegroundBlack: {
      color: dark ? colors.grey[300] : colors.common.black,
    },
    modifierForegroundRed: { color: dark ? colors.red[100] : colors.red[800] },
    modifierForegroundGreen: {
      color: dark ? colors.green[200] : colors.green[800],
    },
    modifierForegroundYellow: {
      color: dark ? colors.yellow[200] : '#735c00',
    },
    modifierForegroundBlue: {
      color: dark ? colors.blue[200] : colors.blue[800],
    },
    modifierForegroundMagenta: {
      color: dark ? colors.purple[100] : colors.purple[700],
    },
    modifierForegroundCyan: {
      color: dark ? colors.cyan[200] : colors.cyan[900],
    },
    modifierForegroundWhite: {
      color: dark ? colors.common.white : colors.grey[800],
    },
    modifierForegroundGrey: {
      color: dark ? colors.grey[400] : colors.grey[700],
    },
  };
}

/** The surrounding theme, with the LogViewer's colours made readable. */
function withReadableLogColours(outer: Theme): Theme {
  const overrides = (outer.overrides ?? {}) as Record<string, object>;
  return {
    ...outer,
    overrides: {
      ...overrides,
      BackstageLogViewer: {
        ...overrides.BackstageLogViewer,
        ...readableLogColours(outer),
      },
    } as Theme['overrides'],
  };
}

/**
 * Backstage's LogViewer (search, ANSI colours, line selection, virtualised
 * rows), made accessible: readable colours through the theme's
 * `BackstageLogViewer` overrides and the ARIA repairs of
 * {@link repairLogViewerAccessibility}. The same fixes belong upstream in
 * `@backstage/core-components`; this wrapper keeps them until then.
 */
export const AccessibleLogViewer = (props: {
  text: string;
  /** What the log is, for screen readers, e.g. "Console output of build 42". */
  label: string;
}) => {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = root.current;
    if (!element) {
      return undefined;
    }
    repairLogViewerAccessibility(element);
    const observer = new MutationObserver(() =>
      repairLogViewerAccessibility(element),
    );
    observer.observe(element, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={root}
      role="group"
      aria-label={props.label}
      style={{ height: '100%' }}
    >
      <ThemeProvider theme={withReadableLogColours}>
        <LogViewer text={props.text} />
      </ThemeProvider>
    </div>
  );
};
