/** What a route produces; the server adds the common Jenkins headers. */
export interface SimResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}

/** An error Jenkins would answer with a specific page and headers. */
export class JenkinsHttpError extends Error {
  constructor(
    readonly response: SimResponse,
    message = `HTTP ${response.status}`,
  ) {
    super(message);
    this.name = 'JenkinsHttpError';
  }
}
