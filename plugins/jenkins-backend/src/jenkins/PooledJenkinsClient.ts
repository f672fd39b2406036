import Jenkins from 'jenkins';
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import {
  JenkinsAttempt,
  markAnswered,
  markSent,
  remainingMs,
} from './JenkinsAttempt';
import { JenkinsBadResponseError } from './JenkinsErrors';

/**
 * The `jenkins` npm client's object-form calls; its published types only
 * declare positional forms, which silently drop options at runtime.
 */
export interface ObjectFormJenkinsClient {
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

/** A request as papi (the client's HTTP layer) hands it to extensions. */
interface PapiRequest {
  opts: {
    method?: string;
    headers?: Record<string, unknown>;
    timeout?: number;
  };
  state: { attempt?: JenkinsAttempt };
  res?: { statusCode?: number };
}

type PapiNext = (error?: unknown) => void;

interface PapiClient {
  _ext(
    event: 'onCreate' | 'onResponse',
    fn: (request: PapiRequest, next: PapiNext) => void,
  ): void;
  crumbIssuer: { get(): Promise<any> };
}

/**
 * One `jenkins` client per instance over the instance's keep-alive agent.
 * The client only knows client-wide headers, so the identity of each call
 * is injected per request from the attempt the call runs in (an
 * AsyncLocalStorage store): the client's nested crumb GET runs in the same
 * store, so it carries the same identity as the POST it is for.
 */
export class PooledJenkinsClient {
  readonly client: ObjectFormJenkinsClient;
  private readonly attempts = new AsyncLocalStorage<JenkinsAttempt>();

  constructor(baseUrl: string, agent: http.Agent) {
    const jenkins = new Jenkins({
      baseUrl,
      agent,
      crumbIssuer: (client: PapiClient) => this.crumb(client),
    } as unknown as ConstructorParameters<typeof Jenkins>[0]);
    const papi = jenkins as unknown as PapiClient;
    // Registered after the client's own crumb extension, so the crumb and
    // its session cookie are already on the request and are kept.
    papi._ext('onCreate', (request, next) => {
      const attempt = this.attempts.getStore();
      if (!attempt) {
        next(new Error('Jenkins client used outside a gateway call'));
        return;
      }
      request.state.attempt = attempt;
      request.opts.headers = { ...attempt.headers, ...request.opts.headers };
      // papi takes a per-request timeout over the client-wide one.
      request.opts.timeout = remainingMs(attempt);
      markSent(attempt);
      next();
    });
    papi._ext('onResponse', (request, next) => {
      if (request.res?.statusCode !== undefined && request.state.attempt) {
        markAnswered(request.state.attempt, request.res.statusCode);
      }
      next();
    });
    this.client = jenkins as unknown as ObjectFormJenkinsClient;
  }

  /** Runs `operation` with the client sending as the attempt's identity. */
  run<T>(attempt: JenkinsAttempt, operation: () => Promise<T>): Promise<T> {
    return this.attempts.run(attempt, operation);
  }

  /**
   * The crumb for a POST, as the client's default issuer fetches it, but
   * only when the call's identity needs one, and none when Jenkins has no
   * crumb issuer (404: CSRF protection off), as for plain requests.
   */
  private async crumb(client: PapiClient): Promise<{
    headerName?: string;
    headerValue?: string;
    cookies?: string[];
  }> {
    if (!this.attempts.getStore()?.needsCrumb) {
      return {};
    }
    let data: any;
    try {
      data = await client.crumbIssuer.get();
    } catch (error) {
      if (
        (error as { res?: { statusCode?: number } }).res?.statusCode === 404
      ) {
        return {};
      }
      throw error;
    }
    if (!data?.crumbRequestField || !data.crumb) {
      throw new JenkinsBadResponseError(
        'Jenkins answered the crumb request without a crumb',
      );
    }
    return {
      headerName: data.crumbRequestField,
      headerValue: data.crumb,
      cookies: data.cookies,
    };
  }
}
