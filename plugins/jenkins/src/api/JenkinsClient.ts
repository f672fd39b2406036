import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ActionResponse,
  actionResponseSchema,
  ActivityPage,
  activityPageSchema,
  BranchesPage,
  branchesPageSchema,
  BuildArtifacts,
  buildArtifactsSchema,
  BuildCauses,
  buildCausesSchema,
  BuildChanges,
  buildChangesSchema,
  BuildDetail,
  buildDetailSchema,
  ChangeRecord,
  changeRecordSchema,
  BuildGraph,
  buildGraphSchema,
  BuildsPage,
  buildsPageSchema,
  InputAnswerRequest,
  JobsResponse,
  jobsResponseSchema,
  LogChunk,
  logChunkSchema,
  OverviewResponse,
  overviewResponseSchema,
  PauseState,
  pauseStateSchema,
  QueueState,
  queueStateSchema,
  ReplayInfo,
  replayInfoSchema,
  ReplayRequest,
  RestartInfo,
  restartInfoSchema,
  RestartRequest,
  StageSteps,
  stageStepsSchema,
  StartedBuildResponse,
  startedBuildResponseSchema,
  TriggerRequest,
  TriggerResponse,
  triggerResponseSchema,
} from '@internal/plugin-jenkins-common';
import {
  JenkinsApi,
  JenkinsBranchSearchOptions,
  JenkinsOverviewOptions,
  JenkinsPageOptions,
  JenkinsWriteOptions,
} from './JenkinsApi';
import { newIdempotencyKey } from './idempotencyKey';
import { RememberedAnswers } from './RememberedAnswers';

/** A response schema: anything with zod's `safeParse`. */
interface ResponseSchema<T> {
  safeParse(data: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: {
          issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>;
        };
      };
}

/** @public */
export interface JenkinsClientOptions {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
  /** Makes idempotency keys; `crypto.randomUUID` by default. */
  generateIdempotencyKey?: () => string;
}

/**
 * Talks to the Jenkins backend plugin. Responses are validated against the
 * shared schemas, so a contract mismatch fails loudly instead of rendering
 * half a page; failed requests throw `ResponseError` carrying the server's
 * message.
 *
 * @public
 */
export class JenkinsClient implements JenkinsApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;
  readonly #generateKey: () => string;
  readonly #lastAnswers = new RememberedAnswers();

  constructor(options: JenkinsClientOptions) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
    this.#generateKey = options.generateIdempotencyKey ?? newIdempotencyKey;
  }

  getOverview(
    entity: CompoundEntityRef,
    options?: JenkinsOverviewOptions,
  ): Promise<OverviewResponse> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(options ?? {})) {
      if (value !== undefined && value !== '') {
        query.set(key, String(value));
      }
    }
    const text = query.toString();
    return this.#get(
      `${entityPath(entity)}/overview${text ? `?${text}` : ''}`,
      overviewResponseSchema,
    );
  }

  getJobs(
    entity: CompoundEntityRef,
    options?: { include?: string },
  ): Promise<JobsResponse> {
    const query = options?.include
      ? `?${new URLSearchParams({ include: options.include })}`
      : '';
    return this.#get(`${entityPath(entity)}/jobs${query}`, jobsResponseSchema);
  }

  searchBranches(
    entity: CompoundEntityRef,
    jobId: string,
    options?: JenkinsBranchSearchOptions,
  ): Promise<BranchesPage> {
    const query = new URLSearchParams(pageQuery(options).slice(1));
    if (options?.q) {
      query.set('q', options.q);
    }
    const text = query.toString();
    return this.#get(
      `${jobPath(entity, jobId)}/branches${text ? `?${text}` : ''}`,
      branchesPageSchema,
    );
  }

  getBuilds(
    entity: CompoundEntityRef,
    jobId: string,
    options?: JenkinsPageOptions,
  ): Promise<BuildsPage> {
    return this.#get(
      `${jobPath(entity, jobId)}/builds${pageQuery(options)}`,
      buildsPageSchema,
    );
  }

  getBuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<BuildDetail> {
    return this.#get(
      `${jobPath(entity, jobId)}/builds/${buildNumber}`,
      buildDetailSchema,
    );
  }

  getBuildLog(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    start: number,
  ): Promise<LogChunk> {
    return this.#get(
      `${jobPath(entity, jobId)}/builds/${buildNumber}/log?start=${start}`,
      logChunkSchema,
    );
  }

  getChangeRecord(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<ChangeRecord> {
    return this.#get(
      `${jobPath(entity, jobId)}/builds/${buildNumber}/record`,
      changeRecordSchema,
    );
  }

  async downloadBuildLog(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<Blob> {
    const path = `${jobPath(entity, jobId)}/builds/${buildNumber}/log/download`;
    const url = `${await this.#discoveryApi.getBaseUrl('jenkins')}${path}`;
    const response = await this.#fetchApi.fetch(url, {
      headers: { Accept: 'text/plain' },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.blob();
  }

  getActivity(
    entity: CompoundEntityRef,
    options?: JenkinsPageOptions,
  ): Promise<ActivityPage> {
    return this.#get(
      `${entityPath(entity)}/activity${pageQuery(options)}`,
      activityPageSchema,
    );
  }

  getQueueItem(
    entity: CompoundEntityRef,
    jobId: string,
    queueId: number,
  ): Promise<QueueState> {
    return this.#get(
      `${jobPath(entity, jobId)}/queue/${queueId}`,
      queueStateSchema,
    );
  }

  triggerBuild(
    entity: CompoundEntityRef,
    jobId: string,
    request: TriggerRequest,
    options?: JenkinsWriteOptions,
  ): Promise<TriggerResponse> {
    return this.#post(
      `${jobPath(entity, jobId)}/builds`,
      request,
      triggerResponseSchema,
      options,
    );
  }

  rebuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    request: TriggerRequest,
    options?: JenkinsWriteOptions,
  ): Promise<TriggerResponse> {
    return this.#post(
      `${jobPath(entity, jobId)}/builds/${buildNumber}/rebuild`,
      request,
      triggerResponseSchema,
      options,
    );
  }

  abortBuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    options?: JenkinsWriteOptions,
  ): Promise<ActionResponse> {
    return this.#post(
      `${jobPath(entity, jobId)}/builds/${buildNumber}/abort`,
      {},
      actionResponseSchema,
      options,
    );
  }

  cancelQueueItem(
    entity: CompoundEntityRef,
    jobId: string,
    queueId: number,
    options?: JenkinsWriteOptions,
  ): Promise<ActionResponse> {
    return this.#post(
      `${jobPath(entity, jobId)}/queue/${queueId}/cancel`,
      {},
      actionResponseSchema,
      options,
    );
  }

  answerInput(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    inputId: string,
    request: InputAnswerRequest,
    options?: JenkinsWriteOptions,
  ): Promise<ActionResponse> {
    return this.#post(
      `${jobPath(
        entity,
        jobId,
      )}/builds/${buildNumber}/inputs/${encodeURIComponent(inputId)}`,
      request,
      actionResponseSchema,
      options,
    );
  }

  getBuildGraph(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<BuildGraph> {
    return this.#get(
      `${buildPath(entity, jobId, buildNumber)}/graph`,
      buildGraphSchema,
    );
  }

  getStageSteps(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    stageId: string,
  ): Promise<StageSteps> {
    return this.#get(
      `${buildPath(entity, jobId, buildNumber)}/stages/${encodeURIComponent(
        stageId,
      )}/steps`,
      stageStepsSchema,
    );
  }

  getNodeLog(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    nodeId: string,
    start: number,
  ): Promise<LogChunk> {
    return this.#get(
      `${buildPath(entity, jobId, buildNumber)}/nodes/${encodeURIComponent(
        nodeId,
      )}/log?start=${start}`,
      logChunkSchema,
    );
  }

  getBuildChanges(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<BuildChanges> {
    return this.#get(
      `${buildPath(entity, jobId, buildNumber)}/changes`,
      buildChangesSchema,
    );
  }

  getBuildArtifacts(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<BuildArtifacts> {
    return this.#get(
      `${buildPath(entity, jobId, buildNumber)}/artifacts`,
      buildArtifactsSchema,
    );
  }

  async downloadArtifact(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    path: string,
  ): Promise<Blob> {
    const url = `${await this.#discoveryApi.getBaseUrl('jenkins')}${buildPath(
      entity,
      jobId,
      buildNumber,
    )}/artifacts/download?${new URLSearchParams({ path })}`;
    const response = await this.#fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.blob();
  }

  getBuildCauses(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<BuildCauses> {
    return this.#get(
      `${buildPath(entity, jobId, buildNumber)}/causes`,
      buildCausesSchema,
    );
  }

  getRestartInfo(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<RestartInfo> {
    return this.#get(
      `${buildPath(entity, jobId, buildNumber)}/restart`,
      restartInfoSchema,
    );
  }

  restartBuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    request: RestartRequest,
    options?: JenkinsWriteOptions,
  ): Promise<StartedBuildResponse> {
    return this.#post(
      `${buildPath(entity, jobId, buildNumber)}/restart`,
      request,
      startedBuildResponseSchema,
      options,
    );
  }

  getReplayInfo(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<ReplayInfo> {
    return this.#get(
      `${buildPath(entity, jobId, buildNumber)}/replay`,
      replayInfoSchema,
    );
  }

  replayBuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    request: ReplayRequest,
    options?: JenkinsWriteOptions,
  ): Promise<StartedBuildResponse> {
    return this.#post(
      `${buildPath(entity, jobId, buildNumber)}/replay`,
      request,
      startedBuildResponseSchema,
      options,
    );
  }

  getPauseState(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
  ): Promise<PauseState> {
    return this.#get(
      `${buildPath(entity, jobId, buildNumber)}/pause`,
      pauseStateSchema,
    );
  }

  pauseBuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    options?: JenkinsWriteOptions,
  ): Promise<ActionResponse> {
    return this.#post(
      `${buildPath(entity, jobId, buildNumber)}/pause`,
      {},
      actionResponseSchema,
      options,
    );
  }

  resumeBuild(
    entity: CompoundEntityRef,
    jobId: string,
    buildNumber: number,
    options?: JenkinsWriteOptions,
  ): Promise<ActionResponse> {
    return this.#post(
      `${buildPath(entity, jobId, buildNumber)}/resume`,
      {},
      actionResponseSchema,
      options,
    );
  }

  async #get<T>(path: string, schema: ResponseSchema<T>): Promise<T> {
    const url = `${await this.#discoveryApi.getBaseUrl('jenkins')}${path}`;
    const last = this.#lastAnswers.get(url);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (last) {
      headers['If-None-Match'] = last.etag;
    }
    const response = await this.#fetchApi.fetch(url, { headers });
    if (response.status === 304 && last) {
      this.#lastAnswers.remember(url, last);
      return last.value as T;
    }
    const value = await parseResponse(response, schema, path);
    const etag = response.headers.get('ETag');
    if (etag) {
      this.#lastAnswers.remember(url, { etag, value });
    } else {
      this.#lastAnswers.forget(url);
    }
    return value;
  }

  async #post<T>(
    path: string,
    body: unknown,
    schema: ResponseSchema<T>,
    options?: JenkinsWriteOptions,
  ): Promise<T> {
    const url = `${await this.#discoveryApi.getBaseUrl('jenkins')}${path}`;
    const init: RequestInit = {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'Idempotency-Key': options?.idempotencyKey ?? this.#generateKey(),
      },
      body: JSON.stringify(body),
    };
    let response: Response;
    try {
      response = await this.#fetchApi.fetch(url, init);
    } catch {
      // The request may or may not have reached the backend; the same key
      // makes a second attempt safe, since the backend answers a repeated
      // key with the first result.
      response = await this.#fetchApi.fetch(url, init);
    }
    return parseResponse(response, schema, path);
  }
}

function entityPath(entity: CompoundEntityRef): string {
  return `/v1/entities/${encodeURIComponent(
    entity.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(entity.namespace)}/${encodeURIComponent(
    entity.name,
  )}`;
}

function jobPath(entity: CompoundEntityRef, jobId: string): string {
  return `${entityPath(entity)}/jobs/${encodeURIComponent(jobId)}`;
}

function buildPath(
  entity: CompoundEntityRef,
  jobId: string,
  buildNumber: number,
): string {
  return `${jobPath(entity, jobId)}/builds/${buildNumber}`;
}

function pageQuery(options?: JenkinsPageOptions): string {
  const query = new URLSearchParams();
  if (options?.limit !== undefined) {
    query.set('limit', String(options.limit));
  }
  if (options?.cursor) {
    query.set('cursor', options.cursor);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

async function parseResponse<T>(
  response: Response,
  schema: ResponseSchema<T>,
  path: string,
): Promise<T> {
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  const result = schema.safeParse(await response.json());
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.map(String).join('.') || '(root)';
    throw new Error(
      `Unexpected response from the Jenkins backend for ${path}: ${where}: ${issue?.message}`,
    );
  }
  return result.data;
}
