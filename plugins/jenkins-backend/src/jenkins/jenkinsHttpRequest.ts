import http, { IncomingHttpHeaders } from 'node:http';
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

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      flat[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return flat;
}
