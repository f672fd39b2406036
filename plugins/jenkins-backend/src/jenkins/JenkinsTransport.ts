import Jenkins from 'jenkins';
import { JenkinsBadResponseError } from './JenkinsErrors';
import { JenkinsHttpError } from './JenkinsHttpError';

/**
 * The `jenkins` npm client's object-form calls; its published types only
 * declare positional forms, which silently drop options at runtime.
 */
interface ObjectFormJenkinsClient {
  job: {
    get(opts: { name: string; tree?: string }): Promise<unknown>;
    build(opts: {
      name: string;
      parameters?: Record<string, string>;
    }): Promise<unknown>;
  };
  build: {
    get(opts: {
      name: string;
      number: number;
      tree?: string;
    }): Promise<unknown>;
    stop(opts: { name: string; number: number }): Promise<void>;
  };
  queue: {
    item(opts: { number: number }): Promise<unknown>;
  };
}

/** A plain HTTP answer from Jenkins. */
export interface JenkinsResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** `/job/a/job/b` for `a/b`; each part is encoded once, as Jenkins expects. */
export function jobPath(fullName: string): string {
  return fullName
    .split('/')
    .map(part => `/job/${encodeURIComponent(part)}`)
    .join('');
}

/**
 * One attempt's connection to one Jenkins instance under one identity: the
 * `jenkins` client (which takes identity only as client-wide headers) and
 * plain `fetch` for what the client lacks, both with the same headers and
 * the same deadline.
 */
export class JenkinsTransport {
  readonly client: ObjectFormJenkinsClient;
  private readonly signal: AbortSignal;

  constructor(
    private readonly baseUrl: string,
    private readonly headers: Record<string, string>,
    private readonly needsCrumb: boolean,
    timeoutMs: number,
  ) {
    this.signal = AbortSignal.timeout(timeoutMs);
    this.client = new Jenkins({
      baseUrl,
      headers,
      crumbIssuer: needsCrumb,
      timeout: timeoutMs,
    } as ConstructorParameters<typeof Jenkins>[0]) as unknown as ObjectFormJenkinsClient;
  }

  /** GET and parse JSON; non-2xx → JenkinsHttpError. */
  async getJson(
    path: string,
    query?: Record<string, string>,
  ): Promise<unknown> {
    const res = await this.request('GET', path, { query });
    return parseJson(res.text);
  }

  /** A GET whose non-2xx answers are thrown as JenkinsHttpError. */
  async get(
    path: string,
    query?: Record<string, string>,
  ): Promise<JenkinsResponse> {
    return this.request('GET', path, { query });
  }

  /**
   * A POST with the crumb + session cookie round trip under the same
   * identity when the strategy needs one; 2xx and 3xx succeed.
   */
  async post(
    path: string,
    options: {
      query?: Record<string, string>;
      form?: Record<string, string>;
    } = {},
  ): Promise<JenkinsResponse> {
    const extra: Record<string, string> = {};
    if (this.needsCrumb) {
      Object.assign(extra, await this.crumbHeaders());
    }
    return this.request('POST', path, { ...options, headers: extra });
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
    const cookies = res.headers
      .getSetCookie()
      .map(cookie => cookie.split(';')[0])
      .filter(Boolean);
    if (cookies.length > 0) {
      headers.Cookie = cookies.join('; ');
    }
    return headers;
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    options: {
      query?: Record<string, string>;
      form?: Record<string, string>;
      headers?: Record<string, string>;
    } = {},
  ): Promise<JenkinsResponse> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      url.searchParams.set(key, value);
    }
    const headers: Record<string, string> = {
      ...this.headers,
      ...options.headers,
    };
    let body: string | undefined;
    if (options.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const response = await fetch(url, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: this.signal,
    });
    const text = await response.text();
    if (response.status >= 400) {
      throw new JenkinsHttpError(
        response.status,
        Object.fromEntries(response.headers.entries()),
        text,
      );
    }
    return { status: response.status, headers: response.headers, text };
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
