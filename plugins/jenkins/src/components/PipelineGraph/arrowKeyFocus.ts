import { KeyboardEvent } from 'react';

/** The attribute that marks the elements the arrow keys move between. */
export const ARROW_TARGET = 'data-arrow-target';

const NEXT = new Set(['ArrowRight', 'ArrowDown']);
const PREVIOUS = new Set(['ArrowLeft', 'ArrowUp']);

/**
 * A keydown handler for a container: the arrow keys move the focus to the
 * next or previous marked element in reading order, Home and End to the
 * first and last. Tab still reaches every element, so nothing depends on
 * knowing the keys.
 */
export function arrowKeyFocus(event: KeyboardEvent<HTMLElement>) {
  const { key } = event;
  if (!NEXT.has(key) && !PREVIOUS.has(key) && key !== 'Home' && key !== 'End') {
    return;
  }
  // Alt+arrows (history), Ctrl+Home and Shift+arrows keep their own meaning.
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
    return;
  }
  const targets = Array.from(
    event.currentTarget.querySelectorAll<HTMLElement>(`[${ARROW_TARGET}]`),
  );
  const current = targets.indexOf(event.target as HTMLElement);
  if (current === -1 || targets.length === 0) return;
  let next = current;
  if (key === 'Home') next = 0;
  else if (key === 'End') next = targets.length - 1;
  else if (NEXT.has(key)) next = Math.min(current + 1, targets.length - 1);
  else next = Math.max(current - 1, 0);
  event.preventDefault();
  targets[next].focus();
}
