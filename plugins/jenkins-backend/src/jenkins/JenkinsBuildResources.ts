import { Readable } from 'node:stream';
import { JenkinsBadResponseError } from './JenkinsErrors';
import { JenkinsFileStream, JenkinsTextPart } from './JenkinsGateway';
import { JenkinsHttpError } from './JenkinsHttpError';
import { jobPath, JenkinsTransport } from './JenkinsTransport';

/** `/job/a/job/b/12/<path>`: the path of a resource of a build. */
export function buildResourcePath(
  fullName: string,
  buildNumber: number,
  path: string,
): string {
  return `${jobPath(fullName)}/${buildNumber}/${path}`;
}

/** `artifact/a/b%20c.txt`: each segment encoded once, as Jenkins expects. */
export function artifactResourcePath(relativePath: string): string {
  return `artifact/${relativePath
    .split('/')
    .map(segment => encodeURIComponent(segment))
    .join('/')}`;
}

/** Runs a read whose 404 means "there is none" (no such plugin or action). */
export async function unless404<T>(
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof JenkinsHttpError && error.status === 404) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Part of a text resource, read as a stream: `skipBytes` are skipped as
 * they arrive and at most `maxBytes` kept; once one more byte arrives the
 * rest is never read. Jenkins' `stages/log` has no offsets of its own (it
 * writes the node's whole log), so this is how a step's log is read in
 * bounded chunks. A cut part ends at its last line break, or at the last
 * whole UTF-8 character of a line longer than `maxBytes`.
 */
export async function readTextPart(
  t: JenkinsTransport,
  path: string,
  query: Record<string, string>,
  skipBytes: number,
  maxBytes: number,
): Promise<JenkinsTextPart> {
  const res = await t.stream(path, query);
  const { bytes, cut, skipped } = await readWindow(
    res.body,
    skipBytes,
    maxBytes,
  );
  const kept = cut ? wholeLines(bytes) : bytes;
  return {
    text: kept.toString('utf8'),
    // A start beyond the text ends where the text does.
    end: skipped + kept.length,
    cut,
  };
}

/**
 * A build's artifact, streaming: its body is handed on as it arrives, with
 * the type and length Jenkins gave it.
 */
export async function openArtifact(
  t: JenkinsTransport,
  fullName: string,
  buildNumber: number,
  relativePath: string,
): Promise<JenkinsFileStream> {
  const res = await t.stream(
    buildResourcePath(
      fullName,
      buildNumber,
      artifactResourcePath(relativePath),
    ),
  );
  const contentType = res.headers['content-type'];
  const length = Number(res.headers['content-length']);
  return {
    body: res.body,
    contentType: typeof contentType === 'string' ? contentType : undefined,
    contentLength:
      Number.isSafeInteger(length) && length >= 0 ? length : undefined,
  };
}

/** Parses a JSON answer that must be an object. */
export function parseJsonObject(text: string): unknown {
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== 'object') {
      throw new Error('not an object');
    }
    return value;
  } catch (error) {
    throw new JenkinsBadResponseError(
      `Jenkins answered with malformed JSON: ${(error as Error).message}`,
    );
  }
}

async function readWindow(
  body: Readable,
  skipBytes: number,
  maxBytes: number,
): Promise<{ bytes: Buffer; cut: boolean; skipped: number }> {
  const chunks: Buffer[] = [];
  let skipped = 0;
  let size = 0;
  try {
    for await (const raw of body) {
      let chunk = raw as Buffer;
      if (skipped < skipBytes) {
        const skip = Math.min(skipBytes - skipped, chunk.length);
        skipped += skip;
        chunk = chunk.subarray(skip);
        if (chunk.length === 0) continue;
      }
      chunks.push(chunk);
      size += chunk.length;
      if (size > maxBytes) {
        break;
      }
    }
  } finally {
    body.destroy();
  }
  const bytes = Buffer.concat(chunks, size);
  return size > maxBytes
    ? { bytes: bytes.subarray(0, maxBytes), cut: true, skipped }
    : { bytes, cut: false, skipped };
}

/** The bytes up to the last line break, or to the last whole character. */
function wholeLines(bytes: Buffer): Buffer {
  const newline = bytes.lastIndexOf(0x0a);
  if (newline > 0) {
    return bytes.subarray(0, newline + 1);
  }
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] & 0xc0) === 0x80) {
    end--;
  }
  if (end > 0 && bytes[end - 1] >= 0xc0) {
    end--;
  }
  return bytes.subarray(0, end === 0 ? bytes.length : end);
}
