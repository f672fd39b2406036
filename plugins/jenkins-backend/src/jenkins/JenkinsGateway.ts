import { JenkinsPrincipal } from '../identity/types';

/**
 * Who a single Jenkins call is made for, and on which instance.
 */
export interface JenkinsRequestContext {
  /** The configured instance name. */
  instance: string;
  /** The person the call is made for. */
  principal: JenkinsPrincipal;
  /**
   * Reads may go through the instance's shared read identity when config
   * says so; writes always carry the person's identity.
   */
  purpose: 'read' | 'write';
  /**
   * Set by the reads once Jenkins has confirmed, as the person, that they may
   * read the job (`reads: verified`): only then may a read go through the
   * instance's shared read identity.
   */
  accessVerified?: boolean;
}

/** A chunk of console text, from `logText/progressiveText`. */
export interface JenkinsLogChunk {
  text: string;
  /** `X-Text-Size`: the `start` for the next chunk. */
  nextStart: number;
  /** `X-More-Data: true` while the build still writes. */
  more: boolean;
  /** The answer was cut at the chunk bound: more text waits after `nextStart`. */
  hasMore: boolean;
}

/** A whole console log, streaming from Jenkins' `consoleText`. */
export interface JenkinsLogStream {
  /** Pipe it on, or destroy it to stop Jenkins sending the rest. */
  body: NodeJS.ReadableStream & { destroy(error?: Error): void };
}

/**
 * What Jenkins answered a write: the HTTP status of its final response (e.g.
 * 302 for a stop, 204 for a queue cancellation), as sent, not assumed.
 */
export interface JenkinsWriteResult {
  status: number;
}

/** What Jenkins answered a build trigger. */
export interface JenkinsTriggerResult extends JenkinsWriteResult {
  /** From the absolute queue item `Location`. */
  queueId: number;
  /** Jenkins answered 303: an identical item was already queued. */
  alreadyQueued: boolean;
}

/** Part of a build resource's text (`stages/log`, `stages/exceptionText`, `replay/`). */
export interface JenkinsTextPart {
  /** UTF-8 text from `skipBytes`, at most `maxBytes`, ending at a line break when cut. */
  text: string;
  /** Bytes of the resource before `text` plus the bytes `text` holds. */
  end: number;
  /** More text follows after `end`. */
  cut: boolean;
}

/** A build file streaming from Jenkins (an artifact), with what Jenkins said of it. */
export interface JenkinsFileStream extends JenkinsLogStream {
  /** Jenkins' `Content-Type`, if it sent one. */
  contentType?: string;
  /** Jenkins' `Content-Length`, if it sent one. */
  contentLength?: number;
}

/** What Jenkins answered a build action POST (restart, replay, pause, resume). */
export interface JenkinsActionAnswer extends JenkinsWriteResult {
  /** The answer's body (at most a few KiB are read), e.g. Pipeline Graph View's JSON envelope. */
  text: string;
}

/**
 * The only way the plugin talks to Jenkins. It wraps the `jenkins` npm client
 * (object-form calls only) and, for what the client lacks (wfapi, inputs,
 * test reports, descriptions), plain HTTP with the same authentication.
 *
 * Every call: carries the identity built by the instance's strategy, has a
 * timeout, goes through the instance's circuit breaker, and maps failures to
 * `@backstage/errors` types (unreachable → ServiceUnavailableError naming the
 * instance (502), timeout → 504, 401/403 → NotAllowedError "Jenkins denied
 * <user> …", 404 → NotFoundError, malformed JSON → 502). Reads are retried
 * with backoff; writes are never retried except once after a crumb or session
 * refresh. Raw Jenkins JSON is returned as `unknown`: callers parse it.
 * Writes return the status Jenkins answered; every error carries what
 * Jenkins answered, read with `jenkinsAnswerOf`.
 */
export interface JenkinsGateway {
  /** `GET /job/…/api/json?tree=…`. */
  getJob(
    ctx: JenkinsRequestContext,
    fullName: string,
    tree: string,
  ): Promise<unknown>;
  /** `GET /job/…/N/api/json?tree=…`. */
  getBuild(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    tree: string,
  ): Promise<unknown>;
  /** `GET /job/…/N/wfapi/describe`; undefined when the job is not a pipeline. */
  getRunDescription(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ): Promise<unknown | undefined>;
  /** `GET /job/…/N/wfapi/pendingInputActions`; [] when none or not a pipeline. */
  getPendingInputs(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ): Promise<unknown[]>;
  /** `GET /job/…/N/testReport/api/json?tree=…`; undefined when there is no report. */
  getTestReport(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    tree: string,
  ): Promise<unknown | undefined>;
  /** `logText/progressiveText?start=`, cut at `MAX_LOG_CHUNK_BYTES`. */
  getLog(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    start: number,
  ): Promise<JenkinsLogChunk>;
  /** `GET /job/…/N/consoleText`, streamed, never cached. */
  streamLog(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ): Promise<JenkinsLogStream>;
  /** `GET /queue/item/N/api/json`. */
  getQueueItem(ctx: JenkinsRequestContext, queueId: number): Promise<unknown>;
  /** `GET /queue/api/json?tree=…`: the items waiting in the queue, never cached. */
  getQueue(ctx: JenkinsRequestContext, tree: string): Promise<unknown>;
  /**
   * `POST build` or `buildWithParameters` (when parameters are given); the
   * queue id from the absolute `Location`. 201 and 303 both succeed.
   */
  triggerBuild(
    ctx: JenkinsRequestContext,
    fullName: string,
    parameters?: Record<string, string>,
  ): Promise<JenkinsTriggerResult>;
  /** `POST /job/…/N/stop` (302 is success). */
  stopBuild(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
  ): Promise<JenkinsWriteResult>;
  /** `POST /queue/cancelItem?id=N` (204 is success, 404 → NotFoundError). */
  cancelQueueItem(
    ctx: JenkinsRequestContext,
    queueId: number,
  ): Promise<JenkinsWriteResult>;
  /**
   * Answers a pipeline input step: `proceedEmpty` / `submit` (with
   * parameters) for approve, `abort` for reject.
   */
  answerInput(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    inputId: string,
    answer: {
      action: 'approve' | 'reject';
      parameters?: Record<string, string>;
    },
  ): Promise<JenkinsWriteResult>;
  /** `POST /job/…/N/submitDescription`. */
  setBuildDescription(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    description: string,
  ): Promise<JenkinsWriteResult>;
  /**
   * `GET /job/…/N/<path>` as JSON (e.g. `stages/tree`, `stages/allSteps`,
   * `restart/api/json`, `execution/node/7/wfapi/describe`); undefined on
   * 404 (the plugin or the action is not there). `path` is built by the
   * plugin from validated ids only.
   */
  getBuildResource(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    path: string,
    query?: Record<string, string>,
  ): Promise<unknown | undefined>;
  /**
   * `GET /job/…/N/<path>` as text, read as a stream: `skipBytes` skipped,
   * at most `maxBytes` kept, the rest never read; undefined on 404.
   */
  getBuildText(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    path: string,
    options: {
      query?: Record<string, string>;
      skipBytes?: number;
      maxBytes: number;
    },
  ): Promise<JenkinsTextPart | undefined>;
  /** `GET /job/…/N/artifact/<path>`, streamed, never cached nor buffered. */
  streamArtifact(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    relativePath: string,
  ): Promise<JenkinsFileStream>;
  /**
   * `POST /job/…/N/<path>` (with the crumb round trip), e.g.
   * `restart/restart`, `replay/rebuild`, `replay/run`, `stages/pause`;
   * 2xx and 3xx succeed. `refusals` are statuses Jenkins uses to refuse the
   * person (mapped like 403).
   */
  postBuildAction(
    ctx: JenkinsRequestContext,
    fullName: string,
    buildNumber: number,
    path: string,
    form?: Record<string, string>,
    refusals?: number[],
  ): Promise<JenkinsActionAnswer>;
  /** Releases pooled connections, where the gateway holds any. */
  close?(): Promise<void>;
}
