import http, { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import https from 'node:https';
import {
  JenkinsAttempt,
  markAnswered,
  markSent,
  remainingMs,
} from './JenkinsAttempt';
import { JenkinsHttpError } from './JenkinsHttpError';

/** A plain HTTP answer from Jenkins. */
export interface JenkinsResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One plain request to Jenkins. */
export interface JenkinsHttpRequest {
  method: 'GET' | 'POST';
  /** Absolute URL: the instance's base URL and the path. */
  url: URL;
  /** Extra headers (crumb, cookie) over the attempt's identity headers. */
  headers?: Record<string, string>;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, string>;
}

/**
 * Sends one request over the instance's pooled keep-alive agent with the
 * attempt's identity, within what is left of the call's deadline. Redirects
 * are not followed (Jenkins answers writes with 302/303); answers of 400 and
 * above are thrown as {@link JenkinsHttpError}.
 */
export function sendJenkinsRequest(
  agent: http.Agent,
  attempt: JenkinsAttempt,
  request: JenkinsHttpRequest,
): Promise<JenkinsResponse> {
  const headers: Record<string, string> = {
    ...attempt.headers,
    ...request.headers,
  };
  let body: string | undefined;
  if (request.form) {
    body = new URLSearchParams(request.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  const timeoutMs = remainingMs(attempt);
  const send = request.url.protocol === 'https:' ? https.request : http.request;
  return new Promise<JenkinsResponse>((resolve, reject) => {
    markSent(attempt);
    const req = send(request.url, { method: request.method, headers, agent });
    // An absolute deadline, not an idle timeout: a trickling answer must
    // not outlive the call's budget either.
    const timer = setTimeout(() => {
      const timeout = Object.assign(
        new Error(`Jenkins did not answer within ${timeoutMs} ms`),
        { name: 'TimeoutError' },
      );
      // Rejected first: destroying a request whose answer has begun makes
      // Node report a reset instead.
      reject(timeout);
      req.destroy(timeout);
    }, timeoutMs);
    req.on('error', error => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', res => {
      const status = res.statusCode ?? 0;
      markAnswered(attempt, status);
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', error => {
        clearTimeout(timer);
        reject(error);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        if (status >= 400) {
          reject(new JenkinsHttpError(status, flatHeaders(res.headers), text));
          return;
        }
        resolve({ status, headers: res.headers, text });
      });
    });
    req.end(body);
  });
}

/** A successful answer whose body is still arriving. */
export interface JenkinsStreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Read it, or destroy it to stop Jenkins sending the rest. */
  body: IncomingMessage;
}

/** The most of an error page a streamed request reads. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * A GET whose answer is handed over as soon as its headers arrive, so that
 * a large body (a console log) is never held in memory whole. The call's
 * deadline covers the wait for the headers; after that, the body may take
 * as long as it keeps flowing (`idleMs` without data ends it). Answers of
 * 400 and above are read (up to 64 KiB) and thrown as
 * {@link JenkinsHttpError}.
 */
export function streamJenkinsRequest(
  agent: http.Agent,
  attempt: JenkinsAttempt,
  url: URL,
  idleMs: number,
): Promise<JenkinsStreamResponse> {
  const timeoutMs = remainingMs(attempt);
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<JenkinsStreamResponse>((resolve, reject) => {
    markSent(attempt);
    const req = send(url, { method: 'GET', headers: attempt.headers, agent });
    const timer = setTimeout(() => {
      const timeout = Object.assign(
        new Error(`Jenkins did not answer within ${timeoutMs} ms`),
        { name: 'TimeoutError' },
      );
      reject(timeout);
      req.destroy(timeout);
    }, timeoutMs);
    req.on('error', error => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', res => {
      clearTimeout(timer);
      const status = res.statusCode ?? 0;
      markAnswered(attempt, status);
      if (status < 400) {
        res.setTimeout(idleMs, () =>
          res.destroy(new Error(`Jenkins sent nothing for ${idleMs} ms`)),
        );
        resolve({ status, headers: res.headers, body: res });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_ERROR_BODY_BYTES) {
          chunks.push(chunk);
          size += chunk.length;
        }
      });
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks)
          .subarray(0, MAX_ERROR_BODY_BYTES)
          .toString('utf8');
        reject(new JenkinsHttpError(status, flatHeaders(res.headers), text));
      });
    });
    req.end();
  });
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      flat[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return flat;
}
