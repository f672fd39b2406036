import { consoleLog } from '../../model/BuildLog';
import type { Build } from '../../model/types';
import { oops } from '../errorPages';
import type { RequestContext } from '../RequestContext';
import type { SimResponse } from '../SimResponse';
import type { SimState } from '../SimState';

/** `GET …/N/consoleText`: the raw log so far. */
export function consoleText(state: SimState, build: Build): SimResponse {
  const now = state.engine.now();
  return {
    status: 200,
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    body: consoleLog(build, now),
  };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};

function escapeHtml(s: string) {
  return s.replace(/[&<>]/g, c => HTML_ESCAPES[c]);
}

/** stapler `LargeText.MAX_LINES_READ`: lines one answer carries at most while the build runs. */
const MAX_LINES_READ = 10000;

/**
 * Where stapler's `LargeText.writeLogTo` stops for a log still being
 * written: after the last line break (`\r` or `\n`) among at most
 * `MAX_LINES_READ` lines from `start`, so a partial last line waits for the
 * next read (`X-Text-Size` is that offset).
 */
function completeLinesEnd(bytes: Buffer, start: number): number {
  let end = start;
  let lines = 0;
  for (let i = start; i < bytes.length && lines < MAX_LINES_READ; i++) {
    if (bytes[i] === 0x0d || bytes[i] === 0x0a) {
      end = i + 1;
      lines++;
    }
  }
  return end;
}

/**
 * `…/N/logText/progressiveText?start=B` (stapler `LargeText.doProgressText`):
 * `X-Text-Size` is the next offset, `X-More-Data: true` only while the
 * build runs; a start beyond the end resets to 0; `Long.parseLong` of a
 * malformed start throws, so the oops page.
 */
export function progressiveLog(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  html: boolean,
): SimResponse {
  const now = state.engine.now();
  const bytes = Buffer.from(consoleLog(build, now), 'utf8');
  const raw = ctx.params.get('start');
  if (
    raw !== null &&
    (!/^[+-]?\d+$/.test(raw) ||
      BigInt(raw) > 9223372036854775807n ||
      BigInt(raw) < -9223372036854775808n)
  ) {
    throw oops(`java.lang.NumberFormatException: For input string: "${raw}"`);
  }
  let start = Number(raw ?? 0);
  // A negative start is left to the simulator (0); Jenkins' behaviour is unverified.
  if (start < 0 || start > bytes.length) start = 0;
  let end = bytes.length;
  if (build.result === null) {
    end = completeLinesEnd(bytes, start);
  }
  const text = bytes.subarray(Math.floor(start), end).toString('utf8');
  // LineEndNormalizingWriter: bare \n becomes \r\n in the response.
  const normalized = text.replace(/\r?\n/g, '\r\n');
  const headers: Record<string, string> = {
    'Content-Type': html
      ? 'text/html;charset=UTF-8'
      : 'text/plain;charset=UTF-8',
    'X-Text-Size': String(end),
  };
  if (build.result === null) {
    headers['X-More-Data'] = 'true';
  }
  return {
    status: 200,
    headers,
    body: html ? escapeHtml(normalized) : normalized,
  };
}
