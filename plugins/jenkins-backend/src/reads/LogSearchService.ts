import {
  LogChunk,
  LogSearchMatch,
  LogSearchQuery,
  LogSearchResult,
  MAX_LOG_SEARCH_LINE_LENGTH,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { LineMatcher } from './LineMatcher';

/** The most log text one search reads before it answers, in bytes. */
export const LOG_SEARCH_BYTE_BUDGET = 8 * 1024 * 1024;

/** Reads a chunk of a build log after the permission check (`AuthorizedReadService.getLog`). */
export type LogChunkReader = (
  caller: Caller,
  entityRef: string,
  jobId: string,
  buildNumber: number,
  start: number,
) => Promise<LogChunk>;

/** A log line being read, with where it starts. */
interface Line {
  text: string;
  number: number;
  /** The log offset of the line's first byte. */
  offset: number;
}

/**
 * Searches a build log for a pattern through the same permission-checked
 * log reads as the log viewer (`jenkins.build.logs.read`), a chunk at a
 * time: at most {@link LOG_SEARCH_BYTE_BUDGET} bytes and `maxMatches`
 * matches per answer, each with `contextLines` lines around it; the answer
 * says where to go on (`nextStart`, `nextLine`).
 */
export class LogSearchService {
  constructor(
    private readonly readChunk: LogChunkReader,
    private readonly byteBudget = LOG_SEARCH_BYTE_BUDGET,
  ) {}

  async search(
    caller: Caller,
    entityRef: string,
    jobId: string,
    buildNumber: number,
    query: LogSearchQuery,
  ): Promise<LogSearchResult> {
    const matcher = new LineMatcher(
      query.pattern,
      query.mode,
      query.ignoreCase,
    );
    const matches: LogSearchMatch[] = [];
    /** Matches still collecting the lines after them. */
    const open: LogSearchMatch[] = [];
    let before: string[] = [];
    let offset = query.start;
    let lineNumber = query.startLine;
    let scanned = 0;
    let more = false;

    for (;;) {
      const chunk = await this.readChunk(
        caller,
        entityRef,
        jobId,
        buildNumber,
        offset,
      );
      more = chunk.more;
      const lines = splitLines(chunk, offset, lineNumber);
      // A running build's last line may still grow: it is searched next time.
      const whole =
        chunk.more && !chunk.hasMore && !/\n$/.test(chunk.text)
          ? lines.slice(0, -1)
          : lines;
      const hits = new Set(matcher.matchingLines(whole.map(l => l.text)));
      for (let i = 0; i < whole.length; i++) {
        const line = whole[i];
        const shown = line.text.slice(0, MAX_LOG_SEARCH_LINE_LENGTH);
        for (const match of open.splice(0)) {
          match.after.push(shown);
          if (match.after.length < query.contextLines) {
            open.push(match);
          }
        }
        if (hits.has(i)) {
          if (matches.length === query.maxMatches) {
            return {
              matches,
              truncated: true,
              scannedBytes: scanned + (line.offset - offset),
              nextStart: line.offset,
              nextLine: line.number,
              complete: false,
              more,
            };
          }
          const match = {
            line: line.number,
            text: shown,
            before: [...before],
            after: [],
          };
          matches.push(match);
          if (query.contextLines > 0) {
            open.push(match);
          }
        }
        before.push(shown);
        if (before.length > query.contextLines) {
          before = before.slice(before.length - query.contextLines);
        }
      }
      const end =
        whole.length < lines.length ? lines[lines.length - 1] : undefined;
      const nextStart = end ? end.offset : chunk.nextStart;
      const advanced = nextStart > offset;
      scanned += Math.max(0, nextStart - offset);
      lineNumber += whole.length;
      offset = Math.max(offset, nextStart);
      // A chunk that did not move on ends the answer, whatever it said.
      if (!chunk.hasMore || !advanced || scanned >= this.byteBudget) {
        return {
          matches,
          truncated: false,
          scannedBytes: scanned,
          nextStart: offset,
          nextLine: lineNumber,
          complete: !chunk.hasMore && !more,
          more,
        };
      }
    }
  }
}

/**
 * The lines of a chunk with their log offsets. Jenkins sends each `\n` of
 * the log as `\r\n` (`LineEndNormalizingWriter`), so a `\r\n` counts as
 * the one byte it was; where the log held console notes the offset falls
 * short, and a search resumed there repeats a little but never skips text.
 */
function splitLines(chunk: LogChunk, start: number, firstLine: number): Line[] {
  if (chunk.text === '') {
    return [];
  }
  const parts = chunk.text.split('\n');
  if (parts[parts.length - 1] === '') {
    parts.pop();
  }
  let offset = start;
  return parts.map((part, index) => {
    const line = {
      text: part.replace(/\r$/, ''),
      number: firstLine + index,
      offset,
    };
    offset += Buffer.byteLength(line.text, 'utf8') + 1;
    return line;
  });
}
