import {
  BuildDetail,
  FailureSummary,
  MAX_LOG_SEARCH_LINE_LENGTH,
} from '@internal/plugin-jenkins-common';
import { Caller } from '../identity/types';
import { LogChunkReader } from './LogSearchService';

/** The most log text read to reach a log's end, in bytes. */
export const FAILURE_LOG_BYTE_BUDGET = 8 * 1024 * 1024;

/** How many of the log's last lines are looked at for errors. */
const TAIL_LINES = 400;

/** The most failed tests a summary lists. */
const MAX_FAILED_TESTS = 10;

/** Lines that report a failure in the usual words of build tools and Jenkins. */
const ERROR_LINE =
  /\b(error|errors|exception|fatal|failed|failure|failures|caused by)\b|^\s*at\s+\S+\(|^\[ERROR\]|ERROR:/i;

/** Reads one build (`AuthorizedReadService.getBuild`: `jenkins.job.read`). */
export type BuildReader = (
  caller: Caller,
  entityRef: string,
  jobId: string,
  buildNumber: number,
) => Promise<BuildDetail>;

const NOT_SUCCEEDED = new Set(['failure', 'unstable', 'aborted']);

/**
 * A compact account of a build for an assistant: the failing stage, the
 * failed tests and the last lines of the log that report an error. The
 * build is read as `GET …/builds/:number` reads it (`jenkins.job.read`);
 * the log lines, like the stage errors and test details, only with
 * `jenkins.build.logs.read`.
 */
export class FailureSummaryService {
  constructor(
    private readonly readBuild: BuildReader,
    private readonly readChunk: LogChunkReader,
    private readonly byteBudget = FAILURE_LOG_BYTE_BUDGET,
  ) {}

  async summarize(
    caller: Caller,
    entityRef: string,
    jobId: string,
    buildNumber: number,
    errorLines: number,
  ): Promise<FailureSummary> {
    const build = await this.readBuild(caller, entityRef, jobId, buildNumber);
    const failedStages = build.stages.filter(stage =>
      NOT_SUCCEEDED.has(stage.status),
    );
    let lastErrorLines: string[] | null = null;
    let logTailRead = false;
    if (build.canReadLogs.allowed) {
      const tail = await this.tailOf(caller, entityRef, jobId, buildNumber);
      logTailRead = tail.reachedEnd;
      const errors = tail.lines.filter(line => ERROR_LINE.test(line));
      lastErrorLines = (errors.length > 0 ? errors : tail.lines).slice(
        -errorLines,
      );
    }
    return {
      number: build.number,
      url: build.url,
      status: build.status,
      durationMs: build.durationMs,
      failed: NOT_SUCCEEDED.has(build.status),
      failingStage: failedStages[0] ?? null,
      failedStages: failedStages.map(stage => stage.name),
      failedTestCount: build.tests?.failed ?? build.failedTests.length,
      failedTests: build.failedTests.slice(0, MAX_FAILED_TESTS),
      lastErrorLines,
      logTailRead,
      canReadLogs: build.canReadLogs,
    };
  }

  /** The last lines of the log, reading it in chunks within the budget. */
  private async tailOf(
    caller: Caller,
    entityRef: string,
    jobId: string,
    buildNumber: number,
  ): Promise<{ lines: string[]; reachedEnd: boolean }> {
    let lines: string[] = [];
    let partial = '';
    let start = 0;
    let read = 0;
    for (;;) {
      const chunk = await this.readChunk(
        caller,
        entityRef,
        jobId,
        buildNumber,
        start,
      );
      const parts = (partial + chunk.text).split('\n');
      partial = parts.pop() ?? '';
      lines = lines
        .concat(
          parts.map(line =>
            line.replace(/\r$/, '').slice(0, MAX_LOG_SEARCH_LINE_LENGTH),
          ),
        )
        .slice(-TAIL_LINES);
      read += Math.max(0, chunk.nextStart - start);
      const advanced = chunk.nextStart > start;
      start = chunk.nextStart;
      if (!chunk.hasMore || !advanced || read >= this.byteBudget) {
        if (partial !== '') {
          lines = lines
            .concat(partial.slice(0, MAX_LOG_SEARCH_LINE_LENGTH))
            .slice(-TAIL_LINES);
        }
        return { lines, reachedEnd: !chunk.hasMore };
      }
    }
  }
}
