/**
 * A non-success HTTP answer from Jenkins, before it is mapped to a Backstage
 * error. Internal to the gateway.
 */
export class JenkinsHttpError extends Error {
  name = 'JenkinsHttpError';

  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly body: string,
  ) {
    super(`Jenkins answered HTTP ${status}`);
  }
}
