import {
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  JenkinsBadResponseError,
  JenkinsCircuitOpenError,
  JenkinsTimeoutError,
  JenkinsUnreachableError,
} from './JenkinsErrors';
import { codeOf } from './JenkinsAnswer';
import { JenkinsHttpError } from './JenkinsHttpError';
import { isCallerCaused, isLocalHeaderError } from './callerCausedFailures';

/** What a failed call was, for error messages. */
export interface FailedCall {
  instance: string;
  /** e.g. `read job payments/deploy-staging`. */
  action: string;
  /** The Jenkins user the call was made as. */
  jenkinsUser: string;
  timeoutMs: number;
  /**
   * Statuses with which Jenkins refuses this call for who the person is,
   * besides 401/403: an input step's `Failure` (400) from
   * `InputStepExecution.preSubmissionCheck`/`preAbortCheck`, or
   * `Queue.doCancelItem`'s 422 without Item.CANCEL.
   */
  refusals?: number[];
}

/** A mapped failure and how the gateway should treat it. */
export interface MappedFailure {
  error: Error;
  /** Worth another attempt for an idempotent read. */
  retryable: boolean;
  /** Counts against the instance's circuit breaker. */
  instanceFailure: boolean;
}

interface HttpFailure {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

function httpFailureOf(error: unknown): HttpFailure | undefined {
  if (error instanceof JenkinsHttpError) {
    return { status: error.status, headers: error.headers, body: error.body };
  }
  // Errors of the `jenkins` client carry the raw response as `res`.
  const res = (error as { res?: any })?.res;
  if (res && typeof res.statusCode === 'number') {
    const body = res.body;
    return {
      status: res.statusCode,
      headers: res.headers ?? {},
      body: bodyText(body),
    };
  }
  return undefined;
}

function bodyText(body: unknown): string {
  if (Buffer.isBuffer(body)) {
    return body.toString('utf8');
  }
  return typeof body === 'string' ? body : '';
}

function header(failure: HttpFailure, name: string): string | undefined {
  const value = failure.headers[name] ?? failure.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function isTimeout(error: unknown): boolean {
  const e = error as { name?: string; isTimeout?: boolean; cause?: any };
  return (
    e?.isTimeout === true ||
    e?.name === 'TimeoutError' ||
    e?.cause?.name === 'TimeoutError' ||
    e?.cause?.isTimeout === true
  );
}

/** Whether Jenkins refused a POST for a missing or stale crumb. */
export function isCrumbRejection(error: unknown): boolean {
  const failure = httpFailureOf(error);
  return (
    failure !== undefined &&
    failure.status === 403 &&
    /no valid crumb/i.test(failure.body)
  );
}

/**
 * Maps anything a Jenkins call throws to a `@backstage/errors` type (or one
 * of the gateway's 502/503/504 errors) with a message naming the instance.
 */
export function mapJenkinsError(
  error: unknown,
  call: FailedCall,
): MappedFailure {
  if (
    error instanceof NotFoundError ||
    error instanceof NotAllowedError ||
    error instanceof InputError ||
    error instanceof ConflictError ||
    error instanceof JenkinsCircuitOpenError ||
    error instanceof JenkinsTimeoutError ||
    error instanceof JenkinsUnreachableError
  ) {
    return { error, retryable: false, instanceFailure: false };
  }
  if (error instanceof JenkinsBadResponseError) {
    return {
      error: new JenkinsBadResponseError(
        `Jenkins instance '${call.instance}' gave a malformed answer to ${call.action}: ${error.message}`,
      ),
      retryable: false,
      instanceFailure: true,
    };
  }
  if (isTimeout(error)) {
    return {
      error: new JenkinsTimeoutError(
        `Jenkins instance '${call.instance}' did not answer ${call.action} within ${call.timeoutMs} ms`,
      ),
      retryable: false,
      instanceFailure: true,
    };
  }
  if ((error as { notFound?: boolean })?.notFound) {
    return {
      error: new NotFoundError(
        `Jenkins instance '${call.instance}' has no ${call.action.replace(
          /^\w+ /,
          '',
        )} (or does not show it to ${call.jenkinsUser})`,
      ),
      retryable: false,
      instanceFailure: false,
    };
  }
  if ((error as { isCodec?: boolean })?.isCodec) {
    return {
      error: new JenkinsBadResponseError(
        `Jenkins instance '${call.instance}' gave a malformed answer to ${call.action}`,
      ),
      retryable: false,
      instanceFailure: true,
    };
  }
  const failure = httpFailureOf(error);
  if (failure && failure.status >= 400) {
    const { status } = failure;
    if (status === 401 || status === 403) {
      const required = header(failure, 'X-Required-Permission');
      return {
        error: new NotAllowedError(
          `Jenkins denied ${call.jenkinsUser} to ${call.action} on instance '${
            call.instance
          }'${required ? `: requires ${required}` : ''}`,
        ),
        retryable: false,
        instanceFailure: false,
      };
    }
    if (call.refusals?.includes(status)) {
      return {
        error: new NotAllowedError(
          `Jenkins denied ${call.jenkinsUser} to ${call.action} on instance '${
            call.instance
          }': ${jenkinsMessageOf(failure)}`,
        ),
        retryable: false,
        instanceFailure: false,
      };
    }
    if (status === 404) {
      return {
        error: new NotFoundError(
          `Jenkins instance '${call.instance}' has no ${call.action.replace(
            /^\w+ /,
            '',
          )} (or does not show it to ${call.jenkinsUser})`,
        ),
        retryable: false,
        instanceFailure: false,
      };
    }
    if (status === 409) {
      return {
        error: new ConflictError(
          `Jenkins refused to ${call.action}: ${
            summary(failure.body) || 'conflict'
          }`,
        ),
        retryable: false,
        instanceFailure: false,
      };
    }
    if (status >= 400 && status < 500) {
      return {
        error: new InputError(
          `Jenkins rejected ${call.action} with HTTP ${status}: ${
            summary(failure.body) || 'bad request'
          }`,
        ),
        retryable: false,
        instanceFailure: false,
      };
    }
    return {
      error: new JenkinsUnreachableError(
        `Jenkins instance '${call.instance}' failed to ${call.action} with HTTP ${status}`,
      ),
      retryable: true,
      instanceFailure: true,
    };
  }
  const code = codeOf(error);
  if (isLocalHeaderError(error, code)) {
    // Node refused to send the identity headers: nothing reached Jenkins,
    // and the instance is not to blame.
    return {
      error: Object.assign(
        new InputError(
          `Jenkins instance '${call.instance}' cannot be asked to ${
            call.action
          }: the identity ${JSON.stringify(
            call.jenkinsUser,
          )} cannot be sent in an HTTP header`,
        ),
        { callerCaused: true },
      ),
      retryable: false,
      instanceFailure: false,
    };
  }
  if (
    (code && UNREACHABLE_CODES.has(code)) ||
    (error instanceof TypeError && /fetch failed/i.test(error.message)) ||
    (isError(error) && /socket hang up|ECONN/i.test(error.message))
  ) {
    return {
      error: new JenkinsUnreachableError(
        `Jenkins instance '${call.instance}' is unreachable (${
          code ?? (error as Error).message
        }) while trying to ${call.action}`,
      ),
      retryable: true,
      instanceFailure: true,
    };
  }
  if (isCallerCaused(error)) {
    return { error: error as Error, retryable: false, instanceFailure: false };
  }
  return {
    error: new JenkinsUnreachableError(
      `Jenkins instance '${call.instance}' failed to ${call.action}: ${
        isError(error) ? error.message : String(error)
      }`,
    ),
    retryable: false,
    instanceFailure: true,
  };
}

/**
 * Jenkins' own words for a refusal: the `X-Error` header that core's
 * `error.jelly` sets for a `hudson.model.Failure`, else the exception line
 * of an oops page (`HttpResponses.error`), else the page's text.
 */
function jenkinsMessageOf(failure: HttpFailure): string {
  const xError = header(failure, 'X-Error');
  if (xError) {
    return xError.slice(0, 300);
  }
  const pre = /<pre[^>]*>([\s\S]*?)<\/pre>/i.exec(failure.body)?.[1];
  const line = pre
    ?.split('\n')[0]
    .replace(/^[\w.$]+(Exception|Error|Failure): /, '')
    .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
  return (line || summary(failure.body) || `HTTP ${failure.status}`).slice(
    0,
    300,
  );
}

/** The text of Jenkins' (usually HTML) error page, shortened. */
function summary(body: string): string {
  return body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}
