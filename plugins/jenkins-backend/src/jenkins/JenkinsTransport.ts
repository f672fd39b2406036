import { JenkinsAttempt, remainingMs } from './JenkinsAttempt';
import { JenkinsConnection } from './JenkinsConnectionPool';
import { JenkinsBadResponseError } from './JenkinsErrors';
import { JenkinsHttpError } from './JenkinsHttpError';
import {
  JenkinsHttpRequest,
  JenkinsResponse,
  JenkinsStreamResponse,
  sendJenkinsRequest,
  streamJenkinsRequest,
} from './jenkinsHttpRequest';
import { ObjectFormJenkinsClient } from './PooledJenkinsClient';

export type {
  JenkinsResponse,
  JenkinsStreamResponse,
} from './jenkinsHttpRequest';

/** `/job/a/job/b` for `a/b`; each part is encoded once, as Jenkins expects. */
export function jobPath(fullName: string): string {
  return fullName
    .split('/')
    .map(part => `/job/${encodeURIComponent(part)}`)
    .join('');
}

/**
 * One attempt's view of an instance's pooled connection: the instance's
 * `jenkins` client and plain requests for what the client lacks, both
 * sending the attempt's identity within the call's deadline. Cheap: it
 * opens nothing itself.
 */
export class JenkinsTransport {
  readonly client: ObjectFormJenkinsClient;

  constructor(
    private readonly connection: JenkinsConnection,
    private readonly attempt: JenkinsAttempt,
  ) {
    this.client = connection.client.client;
  }

  /**
   * The status Jenkins answered the attempt's latest request with, for
   * results that report it (e.g. a client call's 201 or 302).
   */
  lastStatus(): number {
    if (this.attempt.lastStatus === undefined) {
      throw new JenkinsBadResponseError('Jenkins sent no HTTP status');
    }
    return this.attempt.lastStatus;
  }

  /** GET and parse JSON; non-2xx → JenkinsHttpError. */
  async getJson(
    path: string,
    query?: Record<string, string>,
  ): Promise<unknown> {
    const res = await this.request('GET', path, { query });
    return parseJson(res.text);
  }

  /** A GET whose answers of 400 and above are thrown as JenkinsHttpError. */
  async get(
    path: string,
    query?: Record<string, string>,
  ): Promise<JenkinsResponse> {
    return this.request('GET', path, { query });
  }

  /**
   * A GET answered as soon as its headers arrive, its body still streaming
   * (see `streamJenkinsRequest`); the body may pause for as long as the
   * call's budget was when it was sent.
   */
  stream(
    path: string,
    query: Record<string, string> = {},
  ): Promise<JenkinsStreamResponse> {
    const url = new URL(`${this.connection.baseUrl}${path}`);
    for (const [key, value] of Object.entries(query)) {
      url.searchParams.set(key, value);
    }
    return streamJenkinsRequest(
      this.connection.agent,
      this.attempt,
      url,
      remainingMs(this.attempt),
    );
  }

  /**
   * A POST with the crumb + session cookie round trip under the same
   * identity when the identity needs one; 2xx and 3xx succeed.
   */
  async post(
    path: string,
    options: {
      query?: Record<string, string>;
      form?: Record<string, string>;
    } = {},
  ): Promise<JenkinsResponse> {
    const headers = this.attempt.needsCrumb ? await this.crumbHeaders() : {};
    return this.request('POST', path, { ...options, headers });
  }

  private async crumbHeaders(): Promise<Record<string, string>> {
    let res: JenkinsResponse;
    try {
      res = await this.request('GET', '/crumbIssuer/api/json');
    } catch (error) {
      // CSRF protection disabled: Jenkins has no crumb issuer.
      if (error instanceof JenkinsHttpError && error.status === 404) {
        return {};
      }
      throw error;
    }
    const crumb = parseJson(res.text) as {
      crumb?: string;
      crumbRequestField?: string;
    };
    if (!crumb.crumb || !crumb.crumbRequestField) {
      throw new JenkinsBadResponseError(
        'Jenkins answered the crumb request without a crumb',
      );
    }
    const headers: Record<string, string> = {
      [crumb.crumbRequestField]: crumb.crumb,
    };
    // Jenkins binds the crumb to the session it just started.
    const cookies = (res.headers['set-cookie'] ?? [])
      .map(cookie => cookie.split(';')[0])
      .filter(Boolean);
    if (cookies.length > 0) {
      headers.Cookie = cookies.join('; ');
    }
    return headers;
  }

  private request(
    method: JenkinsHttpRequest['method'],
    path: string,
    options: {
      query?: Record<string, string>;
      form?: Record<string, string>;
      headers?: Record<string, string>;
    } = {},
  ): Promise<JenkinsResponse> {
    const url = new URL(`${this.connection.baseUrl}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      url.searchParams.set(key, value);
    }
    return sendJenkinsRequest(this.connection.agent, this.attempt, {
      method,
      url,
      headers: options.headers,
      form: options.form,
    });
  }
}

function parseJson(text: string): unknown {
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
