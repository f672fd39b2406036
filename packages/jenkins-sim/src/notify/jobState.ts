/**
 * The Notification plugin's payload: `model/JobState` with its `BuildState`,
 * `ScmState` and `TestState`, as `Format.JSON` writes them — Gson with
 * `FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES`, fields in declaration
 * order, nulls omitted (no `serializeNulls()`), HTML characters escaped
 * (Gson's default `htmlSafe`). Built by `Phase#buildJobState`.
 */
import { itemPath } from '../export/urls';
import { consoleLog } from '../model/BuildLog';
import type { Build } from '../model/types';

/** `com.tikal.hudson.plugins.notification.Phase` (without `NONE`). */
export type NotificationPhase =
  | 'QUEUED'
  | 'STARTED'
  | 'COMPLETED'
  | 'FINALIZED';

/** What a phase knows about the build when it fires. */
export interface PhaseSnapshot {
  phase: NotificationPhase;
  /** The `timestamp` the plugin's `JobListener` passes for this phase. */
  timestamp: number;
}

/** `Functions.humanReadableByteSize`. */
function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size.toFixed(2)} ${units[unit]}`;
}

/**
 * `Phase#getLog`: nothing for 0, the whole log for -1, else `Run#getLog(n)`
 * — the last n lines, the first of them replaced by `[...truncated <size>...]`
 * when the log is longer (size: the byte offset `RandomAccessFile` stopped
 * at) — each line followed by `\n`.
 */
function logText(build: Build, loglines: number, at: number): string {
  if (loglines === 0) return '';
  const text = consoleLog(build, at);
  if (loglines === -1) return text;
  const lines = text.replace(/\r/g, '').split('\n');
  // The newline ending the file does not count as a line break.
  if (text.endsWith('\n')) lines.pop();
  const kept = lines.slice(-loglines);
  if (lines.length > loglines) {
    const before = lines.slice(0, lines.length - loglines).join('\n');
    kept[0] = `[...truncated ${byteSize(Buffer.byteLength(before) - 1)}...]`;
  }
  return kept.map(l => `${l}\n`).join('');
}

/**
 * `ScmState`: `GIT_URL`, `GIT_BRANCH`, `GIT_COMMIT` come from the run's
 * environment, which git contributes once the pipeline checked out (so not
 * at QUEUED / STARTED); `changes` and `culprits` are lists of an
 * `AbstractBuild`'s change set and culprits — empty for pipelines and for
 * the simulator's builds, which have no change sets.
 */
function scmState(build: Build, checkedOut: boolean) {
  const scm: Record<string, unknown> = {};
  if (checkedOut && build.git) {
    const multibranch = build.job.parent?.kind === 'multibranch';
    scm.url = build.git.remote;
    // Multibranch sets GIT_BRANCH to the branch name, a plain job to origin/<branch>.
    scm.branch = multibranch ? build.git.branch : `origin/${build.git.branch}`;
    scm.commit = build.git.sha;
  }
  scm.changes = [];
  scm.culprits = [];
  return scm;
}

/**
 * `buildState.setParameters(env)`: every non-sensitive parameter through
 * `ParameterValue#buildEnvironment` (booleans as `true`/`false`); passwords
 * are sensitive and left out. Absent without a `ParametersAction`.
 */
function parameters(build: Build): Record<string, string> | undefined {
  if (build.parameters.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const p of build.parameters) {
    if (p.type !== 'password') env[p.name] = String(p.value);
  }
  return env;
}

/** The JobState object for one phase of a build. */
export function jobState(
  build: Build,
  snapshot: PhaseSnapshot,
  options: { rootUrl?: string; loglines: number },
): Record<string, unknown> {
  const { phase, timestamp } = snapshot;
  const completed = phase === 'COMPLETED' || phase === 'FINALIZED';
  const runUrl = `${itemPath(build.job)}${build.number}/`;
  const at = completed ? build.endTime ?? timestamp : timestamp;
  const state: Record<string, unknown> = {};
  // Jenkins#getRootUrl ends with '/', Run#getUrl has no leading one.
  if (options.rootUrl) state.full_url = `${options.rootUrl}/${runUrl}`;
  state.number = build.number;
  state.queue_id = build.queueId;
  state.timestamp = timestamp;
  state.duration =
    completed && build.endTime !== null ? build.endTime - build.startTime : 0;
  state.phase = phase;
  if (completed && build.result !== null) state.status = build.result;
  state.url = runUrl;
  state.scm = scmState(build, completed);
  const params = parameters(build);
  if (params) state.parameters = params;
  state.log = logText(build, options.loglines, at);
  // `notes` is null unless a `notifyEndpoints` step passes buildNotes: omitted.
  if (completed && build.tests) {
    const { total, skip, failed } = build.tests;
    state.test_summary = {
      total,
      failed: failed.length,
      passed: total - failed.length - skip,
      skipped: skip,
      failed_tests: failed.map(c => `${c.className}.${c.name}`),
    };
  }
  state.artifacts = {};
  return {
    name: build.job.name,
    display_name: build.job.displayName,
    url: itemPath(build.job),
    build: state,
  };
}

const GSON_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '=': '\\u003d',
  "'": '\\u0027',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** `Format.JSON#serialize`: Gson's output bytes, HTML-safe escapes included. */
export function serializeJobState(state: Record<string, unknown>): Buffer {
  const json = JSON.stringify(state).replace(
    /[<>&='\u2028\u2029]/g,
    c => GSON_ESCAPES[c],
  );
  return Buffer.from(json, 'utf8');
}
