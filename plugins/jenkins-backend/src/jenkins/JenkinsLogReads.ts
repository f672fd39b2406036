import { MAX_LOG_CHUNK_BYTES } from '@internal/plugin-jenkins-common';
import { Readable } from 'node:stream';
import { JenkinsLogChunk, JenkinsLogStream } from './JenkinsGateway';
import { jobPath, JenkinsTransport } from './JenkinsTransport';

/**
 * One chunk of console text from `logText/progressiveText?start=`, read as
 * a stream and cut at {@link MAX_LOG_CHUNK_BYTES}: Jenkins sends everything
 * from `start` to the end of a finished build's log (stapler
 * `LargeText.writeLogTo`), however large, so the rest is never read.
 *
 * Uncut, `nextStart` is Jenkins' `X-Text-Size`. Cut, it is counted from the
 * text kept, which ends at a line break: Jenkins' `LineEndNormalizingWriter`
 * turns each bare `\n` into `\r\n`, so each `\r\n` counts as the one byte it
 * was in the log. Where the log held console notes (stripped from the text)
 * or real `\r\n`, the count falls short and the next chunk repeats a little:
 * it never skips any text.
 */
export async function readLogChunk(
  t: JenkinsTransport,
  fullName: string,
  buildNumber: number,
  start: number,
): Promise<JenkinsLogChunk> {
  const res = await t.stream(
    `${jobPath(fullName)}/${buildNumber}/logText/progressiveText`,
    { start: String(start) },
  );
  const size = Number(res.headers['x-text-size']);
  const more = res.headers['x-more-data'] === 'true';
  const { bytes, cut } = await readAtMost(res.body, MAX_LOG_CHUNK_BYTES);
  const validSize = Number.isSafeInteger(size) && size >= 0;
  if (!cut) {
    return {
      text: bytes.toString('utf8'),
      nextStart: validSize ? size : start,
      more,
      hasMore: false,
    };
  }
  const kept = keptPart(bytes);
  // A start beyond the log makes Jenkins start over from 0.
  const base = validSize && size < start ? 0 : start;
  const counted = base + kept.length - countCrLf(kept);
  return {
    text: kept.toString('utf8'),
    nextStart: validSize ? Math.min(counted, size) : counted,
    more,
    hasMore: true,
  };
}

/**
 * The whole console log as Jenkins' `consoleText` streams it, for a
 * download: nothing is held in memory.
 */
export async function openConsoleText(
  t: JenkinsTransport,
  fullName: string,
  buildNumber: number,
): Promise<JenkinsLogStream> {
  const res = await t.stream(`${jobPath(fullName)}/${buildNumber}/consoleText`);
  return { body: res.body };
}

/**
 * Reads at most `limit` bytes of a body and one more to tell whether it
 * goes on; then stops Jenkins sending the rest.
 */
async function readAtMost(
  body: Readable,
  limit: number,
): Promise<{ bytes: Buffer; cut: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size > limit) {
        break;
      }
    }
  } finally {
    // Leaving the loop early destroys the body; make sure of it.
    body.destroy();
  }
  const bytes = Buffer.concat(chunks, size);
  return size > limit
    ? { bytes: bytes.subarray(0, limit), cut: true }
    : { bytes, cut: false };
}

/** The bytes up to the last line break, or to the last whole character. */
function keptPart(bytes: Buffer): Buffer {
  const newline = bytes.lastIndexOf(0x0a);
  if (newline > 0) {
    return bytes.subarray(0, newline + 1);
  }
  let end = bytes.length;
  // Back off over a UTF-8 sequence the cut split (continuation bytes 10xxxxxx).
  while (end > 0 && (bytes[end - 1] & 0xc0) === 0x80) {
    end--;
  }
  if (end > 0 && bytes[end - 1] >= 0xc0) {
    end--;
  }
  return bytes.subarray(0, end === 0 ? bytes.length : end);
}

function countCrLf(bytes: Buffer): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0d); i >= 0; i = bytes.indexOf(0x0d, i + 1)) {
    if (bytes[i + 1] === 0x0a) {
      count++;
    }
  }
  return count;
}
