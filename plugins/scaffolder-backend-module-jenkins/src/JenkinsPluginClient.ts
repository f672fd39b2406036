import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { parseErrorResponseBody } from '@backstage/errors';
import {
  actionResponseSchema,
  ActionResponse,
  buildDetailSchema,
  BuildDetail,
  inputAnswerRequestSchema,
  InputAnswerRequest,
  JobTarget,
  queueStateSchema,
  QueueState,
  triggerRequestSchema,
  TriggerRequest,
  triggerResponseSchema,
  TriggerResponse,
} from '@internal/plugin-jenkins-common';

/** What the client needs of a `-common` zod schema (no zod import here). */
interface ResponseSchema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: Array<{ message: string }> } };
}

/** A refusal or failure of the Jenkins plugin's API, with its status. */
export class JenkinsPluginError extends Error {
  readonly name = 'JenkinsPluginError';

  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/**
 * The Jenkins plugin's own HTTP API (`/api/jenkins/v1`), called on behalf of
 * the template's user: the plugin checks that person's permissions, sends
 * their identity to Jenkins, keeps the idempotency key and writes the audit
 * row, exactly as for a click in the portal. The token is a plugin request
 * token issued *on behalf of* the user, so the Jenkins plugin sees the user
 * with the scaffolder as the actor (which it records as `via: template`).
 */
export class JenkinsPluginClient {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  /** `POST …/jobs/:jobId/builds` with an `Idempotency-Key`. */
  async trigger(
    credentials: BackstageCredentials,
    target: JobTarget,
    body: TriggerRequest,
    idempotencyKey: string,
  ): Promise<TriggerResponse & { replayed: boolean }> {
    return this.call(
      credentials,
      'POST',
      `${jobPath(target)}/builds`,
      triggerResponseSchema,
      { body: triggerRequestSchema.parse(body), idempotencyKey },
    );
  }

  /** `GET …/jobs/:jobId/queue/:queueId`. */
  async queueState(
    credentials: BackstageCredentials,
    target: JobTarget,
    queueId: number,
  ): Promise<QueueState> {
    return this.call(
      credentials,
      'GET',
      `${jobPath(target)}/queue/${queueId}`,
      queueStateSchema,
    );
  }

  /** `GET …/jobs/:jobId/builds/:number`. */
  async build(
    credentials: BackstageCredentials,
    target: JobTarget,
    buildNumber: number,
  ): Promise<BuildDetail> {
    return this.call(
      credentials,
      'GET',
      `${jobPath(target)}/builds/${buildNumber}`,
      buildDetailSchema,
    );
  }

  /** `POST …/builds/:number/inputs/:inputId` with an `Idempotency-Key`. */
  async answerInput(
    credentials: BackstageCredentials,
    target: JobTarget,
    buildNumber: number,
    inputId: string,
    body: InputAnswerRequest,
    idempotencyKey: string,
  ): Promise<ActionResponse> {
    return this.call(
      credentials,
      'POST',
      `${jobPath(target)}/builds/${buildNumber}/inputs/${encodeURIComponent(
        inputId,
      )}`,
      actionResponseSchema,
      { body: inputAnswerRequestSchema.parse(body), idempotencyKey },
    );
  }

  private async call<T>(
    credentials: BackstageCredentials,
    method: 'GET' | 'POST',
    path: string,
    schema: ResponseSchema<T>,
    write?: { body: unknown; idempotencyKey: string },
  ): Promise<T & { replayed: boolean }> {
    const baseUrl = await this.discovery.getBaseUrl('jenkins');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'jenkins',
    });
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
    };
    if (write) {
      headers['Content-Type'] = 'application/json';
      headers['Idempotency-Key'] = write.idempotencyKey;
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: write ? JSON.stringify(write.body) : undefined,
    });
    if (!response.ok) {
      const parsed = await parseErrorResponseBody(response);
      throw new JenkinsPluginError(parsed.error.message, response.status);
    }
    const answer = schema.safeParse(await response.json());
    if (!answer.success) {
      throw new JenkinsPluginError(
        `The Jenkins plugin answered ${method} ${path} with an unexpected body: ${answer.error.issues[0].message}`,
        502,
      );
    }
    return {
      ...answer.data,
      replayed: response.headers.get('Idempotent-Replayed') === 'true',
    };
  }
}

/** `/v1/entities/:kind/:namespace/:name/jobs/:jobId` of a job target. */
function jobPath(target: JobTarget): string {
  const [kind, rest] = target.entityRef.split(':');
  const [namespace, name] = rest.split('/');
  return `/v1/entities/${encodeURIComponent(kind)}/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}/jobs/${encodeURIComponent(target.jobId)}`;
}
