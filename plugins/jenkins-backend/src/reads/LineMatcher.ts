import { InputError } from '@backstage/errors';
import { MAX_LOG_SEARCH_LINE_LENGTH } from '@internal/plugin-jenkins-common';
import vm from 'node:vm';

/** How long one search may spend matching a regular expression, in total. */
export const REGEX_TIME_BUDGET_MS = 1000;

/**
 * Matches a regular expression against every line in a fresh V8 context
 * with a time limit: a pattern that backtracks without end (`(a+)+$`) is
 * stopped by V8 and refused, instead of blocking the event loop.
 */
const REGEX_SCRIPT = new vm.Script(`(() => {
  const re = new RegExp(source, flags);
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    if (re.test(lines[i])) found.push(i);
  }
  return found;
})()`);

/** Which lines a search pattern matches, within a time budget. */
export class LineMatcher {
  private spentMs = 0;

  constructor(
    private readonly pattern: string,
    private readonly mode: 'literal' | 'regex',
    private readonly ignoreCase: boolean,
    private readonly budgetMs = REGEX_TIME_BUDGET_MS,
  ) {}

  /** The indexes of the lines that match; lines are matched in their first part only. */
  matchingLines(lines: string[]): number[] {
    const visible = lines.map(line =>
      line.slice(0, MAX_LOG_SEARCH_LINE_LENGTH),
    );
    if (this.mode === 'literal') {
      const needle = this.ignoreCase
        ? this.pattern.toLocaleLowerCase()
        : this.pattern;
      return visible.flatMap((line, index) =>
        (this.ignoreCase ? line.toLocaleLowerCase() : line).includes(needle)
          ? [index]
          : [],
      );
    }
    const remaining = this.budgetMs - this.spentMs;
    if (remaining <= 0) {
      throw this.tooSlow();
    }
    const started = performance.now();
    try {
      const found = REGEX_SCRIPT.runInNewContext(
        {
          lines: visible,
          source: this.pattern,
          flags: this.ignoreCase ? 'iu' : 'u',
        },
        { timeout: Math.max(1, Math.ceil(remaining)) },
      ) as number[];
      // The array comes from another context: copy it into this one.
      return Array.from(found);
    } catch (error) {
      if (
        (error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT'
      ) {
        throw this.tooSlow();
      }
      throw error;
    } finally {
      this.spentMs += performance.now() - started;
    }
  }

  private tooSlow(): InputError {
    return new InputError(
      `Invalid input field 'pattern': the regular expression took longer than ${this.budgetMs} ms to match; use a simpler pattern or mode 'literal'`,
    );
  }
}
