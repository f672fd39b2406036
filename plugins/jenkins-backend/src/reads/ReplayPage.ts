import { createHash } from 'node:crypto';

/** The scripts a pipeline run ran with, as its replay page shows them. */
export interface ReplayScriptsOfRun {
  main: string;
  /** By form field name: the class name with `.` as `_` (what `replay/run` reads). */
  loaded: Record<string, string>;
}

/** The most of a replay page the backend reads (scripts are bounded too). */
export const MAX_REPLAY_PAGE_BYTES = 8 * 1024 * 1024;

const TEXTAREA = /<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi;
const NAME = /\bname\s*=\s*"([^"]*)"/i;

/**
 * Reads the scripts from workflow-cps' replay page (`replay/`,
 * `ReplayAction/index.jelly`): Jenkins has no JSON for them, and the page's
 * form is what its own Replay screen submits to `replay/run` — a
 * `<textarea name="_.mainScript">` and one `_.<Class_name>` per loaded
 * script. Undefined when the page offers no script (the person may only
 * rebuild, or the run cannot be replayed).
 */
export function parseReplayPage(html: string): ReplayScriptsOfRun | undefined {
  let main: string | undefined;
  const loaded: Record<string, string> = {};
  for (const match of html.matchAll(TEXTAREA)) {
    const name = NAME.exec(match[1])?.[1];
    if (!name?.startsWith('_.')) continue;
    const field = decodeEntities(name.slice(2));
    // As a browser reads a textarea: one leading line break is not content.
    const value = decodeEntities(match[2]).replace(/^\r?\n/, '');
    if (field === 'mainScript') {
      main = value;
    } else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(field)) {
      loaded[field] = value;
    }
  }
  return main === undefined ? undefined : { main, loaded };
}

/** The sha256 (hex) of a script, as the audit trail records it. */
export function scriptSha256(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

function decodeEntities(text: string): string {
  return text.replace(
    /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos|#39);/g,
    (_, entity: string) => {
      switch (entity) {
        case 'amp':
          return '&';
        case 'lt':
          return '<';
        case 'gt':
          return '>';
        case 'quot':
          return '"';
        case 'apos':
          return "'";
        default: {
          const code = entity.startsWith('#x')
            ? parseInt(entity.slice(2), 16)
            : parseInt(entity.slice(1), 10);
          return Number.isFinite(code) && code <= 0x10ffff
            ? String.fromCodePoint(code)
            : '';
        }
      }
    },
  );
}
