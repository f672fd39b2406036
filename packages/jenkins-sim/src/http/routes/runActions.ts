/**
 * Run actions of a Pipeline build: restart from a stage
 * (pipeline-model-definition `RestartDeclarativePipelineAction`), replay and
 * rebuild (workflow-cps `ReplayAction`), pause / resume (workflow-cps
 * `PauseUnpauseAction`), and archived artifacts (core `Run.doArtifact`,
 * `DirectoryBrowserSupport`).
 */
import zlib from 'node:zlib';
import {
  contentTypeOf,
  displayPaths,
  visibleArtifacts,
} from '../../model/artifacts';
import { restartableStages, restartEnabled } from '../../model/declarative';
import type { QueueItem } from '../../model/SimEngine';
import type { Build, BuildCause, JobItem } from '../../model/types';
import { restartActionType } from '../../export/beans/actionBeans';
import { Bean } from '../../export/exportModel';
import { buildPath, fullDisplayName, itemPath } from '../../export/urls';
import { apiJson } from '../apiJson';
import {
  accessDenied,
  failure,
  notFound,
  oops,
  page,
  requirePost,
} from '../errorPages';
import type { RequestContext } from '../RequestContext';
import type { SimResponse } from '../SimResponse';
import type { SimState } from '../SimState';
import { submittedForm } from '../submittedForm';

function userCause(ctx: RequestContext): BuildCause {
  return {
    kind: 'user',
    userId: ctx.identity.anonymous ? null : ctx.identity.id,
    userName: ctx.identity.fullName,
  };
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

function html(title: string, body: string): SimResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/html;charset=utf-8' },
    body: page(title, body),
  };
}

/** `rsp.sendRedirect("../..")` from `…/N/<action>/<method>`: the job, as a path. */
function backToJob(ctx: RequestContext, job: JobItem): SimResponse {
  return {
    status: 302,
    headers: { Location: `/${itemPath(job, ctx.ancestors)}` },
  };
}

function fullRunName(build: Build) {
  return `${fullDisplayName(build.job)} #${build.number}`;
}

// ---------------------------------------------------------------- restart

/**
 * `RestartDeclarativePipelineAction.run(stageName)`: checks, then
 * `scheduleBuild2(job, 0, RestartFlowFactoryAction, CauseAction(UserIdCause,
 * RestartDeclarativePipelineCause))`. Throws IllegalStateException messages.
 */
function restartRun(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  stageName: string | null,
): QueueItem {
  const job = build.job;
  const fail = (message: string): never => {
    throw new Error(`java.lang.IllegalStateException: ${message}`);
  };
  if (stageName === null || stageName === '') {
    fail('Stage name cannot be null or an empty string.');
  }
  if (!ctx.has('Job/Build', job) || job.disabled) {
    fail(`Job ${job.fullName} is not buildable.`);
  }
  if (build.result === null) {
    fail(
      `The origin build ${fullRunName(
        build,
      )} is not complete, so cannot be restarted.`,
    );
  }
  if (!job.declarative) {
    fail(
      `${fullRunName(
        build,
      )} was not a Declarative Pipeline, and cannot be restarted.`,
    );
  }
  if (!restartableStages(build, state.engine.now()).includes(stageName!)) {
    fail(
      `Stage ${stageName} is not present in the top-level stages for ${fullRunName(
        build,
      )}, so cannot be restarted.`,
    );
  }
  // ParameterizedJobMixIn.scheduleBuild2 without a ParametersAction: defaults.
  const parameters = job.parameters.map(p => ({
    name: p.name,
    type: p.type,
    value: p.defaultValue,
  }));
  return state.engine.scheduleRun(
    job,
    parameters,
    [
      userCause(ctx),
      {
        kind: 'restart',
        originRunNumber: build.number,
        originStage: stageName!,
      },
    ],
    { restart: { number: build.number, stage: stageName! } },
  );
}

/** Everything below `…/N/restart/` (404 unless `isRestartEnabled()`: `getUrlName()` is null). */
export function restartRoute(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  rest: string[],
): SimResponse {
  state.engine.tick();
  if (!restartEnabled(build, ctx.has('Job/Build', build.job))) {
    throw notFound();
  }
  const path = rest.join('/');
  switch (path) {
    case '': {
      const options = restartableStages(build, state.engine.now())
        .map(s => `<option value="${escapeHtml(s)}">${escapeHtml(s)}</option>`)
        .join('');
      return html(
        `Restart ${fullRunName(build)} from Stage`,
        `<h1>Restart #${build.number} from Stage</h1><form action="restart" method="POST" name="restart"><select class="jenkins-select__input" name="stageName">${options}</select><button type="submit">Run</button></form>`,
      );
    }
    case 'api/json':
      return apiJson(new Bean(restartActionType, build), ctx, state);
    case 'restart': {
      if (ctx.method !== 'POST') throw requirePost();
      const form = submittedForm(ctx);
      if (!('stageName' in form)) {
        throw oops(
          'net.sf.json.JSONException: JSONObject["stageName"] not found.',
        );
      }
      const raw = form.stageName;
      const stageName = raw === null || raw === '' ? null : String(raw);
      try {
        restartRun(ctx, state, build, stageName);
      } catch (e) {
        throw failure(`Failure restarting from stage: ${(e as Error).message}`);
      }
      return backToJob(ctx, build.job);
    }
    case 'restartPipeline': {
      if (ctx.method !== 'POST') throw requirePost();
      // HashMap iteration order of the two keys: success, message.
      let data: Record<string, string>;
      try {
        restartRun(ctx, state, build, ctx.params.get('stageName'));
        data = { success: 'true', message: 'ok' };
      } catch (e) {
        data = {
          success: 'false',
          message: `Failure restarting from stage: ${(e as Error).message}`,
        };
      }
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json; charset=UTF-8' },
        body: JSON.stringify({ status: 'ok', data }),
      };
    }
    default:
  }
  throw notFound();
}

// ----------------------------------------------------------------- replay

/**
 * `ReplayAction.run2(script, loadedScripts, rebuilt)`: a password parameter
 * refuses (Failure, 400); else `scheduleBuild2(job, 0,
 * ReplayFlowFactoryAction, CauseAction(UserIdCause, ReplayCause), copied
 * ParametersAction)`.
 */
export function replayRun(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  script: string,
  rebuilt: boolean,
): QueueItem {
  if (build.parameters.some(p => p.type === 'password')) {
    throw failure('Replay is not allowed when password parameters are used.');
  }
  return state.engine.scheduleRun(
    build.job,
    build.parameters.map(p => ({ ...p })),
    [userCause(ctx), { kind: 'replay', originalNumber: build.number, rebuilt }],
    { script },
  );
}

/** `ReplayAction.isEnabled()`: Run/Replay, buildable, sandboxed (or an administrator). */
function replayEnabled(ctx: RequestContext, build: Build): boolean {
  const job = build.job;
  return (
    ctx.has('Run/Replay', job) &&
    !job.disabled &&
    (job.sandbox || ctx.has('Overall/Administer'))
  );
}

/** `ReplayAction.isRebuildEnabled()`: Job/Build on a buildable job. */
function rebuildEnabled(ctx: RequestContext, build: Build): boolean {
  return ctx.has('Job/Build', build.job) && !build.job.disabled;
}

/** Jelly text output (`st:out`, `${…}` in a text node): only &, < and > are escaped. */
function textNode(value: string) {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** `f:textarea`: a leading newline is doubled so the browser keeps it. */
function textarea(name: string, value: string): string {
  const lead = value.startsWith('\n') || value.startsWith('\r') ? '\n' : '';
  const rows = value.split('\n').length;
  return `<textarea name="${name}" class="setting-input validated  " checkMethod="post" rows="${rows}">${lead}${textNode(
    value,
  )}</textarea>`;
}

/** A unified diff (`Diff.toUnifiedDiff`, 3 lines of context) of two scripts. */
export function unifiedDiff(name: string, oldText: string, newText: string) {
  if (oldText === newText) return '';
  const a = oldText.split('\n');
  const b = newText.split('\n');
  // LCS table (scripts are small).
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] =
        a[i] === b[j]
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: Array<{
    op: ' ' | '-' | '+';
    line: string;
    ai: number;
    bi: number;
  }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ op: ' ', line: a[i], ai: i++, bi: j++ });
    } else if (
      i < a.length &&
      (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1])
    ) {
      ops.push({ op: '-', line: a[i], ai: i++, bi: j });
    } else {
      ops.push({ op: '+', line: b[j], ai: i, bi: j++ });
    }
  }
  const out = [`--- old/${name}`, `+++ new/${name}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].op === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - 3);
    let end = k;
    while (end < ops.length) {
      if (ops[end].op !== ' ') {
        end++;
        continue;
      }
      let run = 0;
      while (end + run < ops.length && ops[end + run].op === ' ') run++;
      if (end + run >= ops.length || run > 6) {
        end += Math.min(run, 3);
        break;
      }
      end += run;
    }
    const hunk = ops.slice(start, end);
    const aLen = hunk.filter(o => o.op !== '+').length;
    const bLen = hunk.filter(o => o.op !== '-').length;
    out.push(
      `@@ -${hunk[0].ai + 1},${aLen} +${hunk[0].bi + 1},${bLen} @@`,
      ...hunk.map(o => `${o.op}${o.line}`),
    );
    k = end;
  }
  return `${out.join('\n')}\n`;
}

/** Everything below `…/N/replay/` (404 unless replay or rebuild is enabled). */
export function replayRoute(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  rest: string[],
): SimResponse {
  if (build.job.kind !== 'pipeline') throw notFound();
  state.engine.tick();
  const canReplay = replayEnabled(ctx, build);
  const canRebuild = rebuildEnabled(ctx, build);
  if (!canReplay && !canRebuild) throw notFound();
  const script = build.script ?? build.job.script;
  const path = rest.join('/');
  switch (path) {
    case '':
      if (canReplay) {
        return html(
          `Replay #${build.number}`,
          `<h1>Replay #${
            build.number
          }</h1><form action="run" method="POST" name="config">${textarea(
            '_.mainScript',
            script,
          )}<button type="submit">Run</button></form>`,
        );
      }
      return html(
        `Rebuild #${build.number}`,
        `<h1>Rebuild #${build.number}</h1><form action="rebuild" method="POST" name="rebuild"><button type="submit">Run</button></form>`,
      );
    case 'run': {
      if (ctx.method !== 'POST') throw requirePost();
      if (!canReplay) throw accessDenied(ctx.identity, 'not allowed to replay');
      const form = submittedForm(ctx);
      if (typeof form.mainScript !== 'string') {
        throw oops(
          'net.sf.json.JSONException: JSONObject["mainScript"] not found.',
        );
      }
      replayRun(ctx, state, build, form.mainScript, false);
      return backToJob(ctx, build.job);
    }
    case 'rebuild':
      if (ctx.method !== 'POST') throw requirePost();
      if (!canRebuild)
        throw accessDenied(ctx.identity, 'not allowed to replay');
      replayRun(ctx, state, build, script, true);
      return backToJob(ctx, build.job);
    case 'diff': {
      // diff.jelly: l:layout permission="${it.REPLAY}".
      ctx.check('Run/Replay', build.job);
      // ReplayAction.getDiff: against the first run of the replay chain.
      let original = build;
      for (;;) {
        const cause = original.causes.find(c => c.kind === 'replay');
        const earlier =
          cause?.kind === 'replay'
            ? original.job.builds.get(cause.originalNumber)
            : undefined;
        if (!earlier) break;
        original = earlier;
      }
      const diff = unifiedDiff(
        'Jenkinsfile',
        original.script ?? original.job.script,
        script,
      );
      return html(
        'Replay Diff',
        `<textarea readonly="readonly" codemirror-mode="diff">${textNode(
          diff,
        )}</textarea>`,
      );
    }
    default:
  }
  throw notFound();
}

// ------------------------------------------------------------ pause/resume

/** `…/N/pause/toggle` (PauseUnpauseAction: only while running, only with Job/Cancel). */
export function pauseRoute(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  rest: string[],
): SimResponse {
  if (
    build.job.kind !== 'pipeline' ||
    !state.engine.isBuilding(build) ||
    !ctx.has('Job/Cancel', build.job)
  ) {
    throw notFound();
  }
  if (rest.join('/') !== 'toggle') throw notFound();
  if (ctx.method !== 'POST') throw requirePost();
  state.engine.setPaused(build, !state.engine.isPaused(build));
  return { status: 200, headers: {}, body: '' };
}

// -------------------------------------------------------------- artifacts

const CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'self';";

/** A zip (stored, no compression) of the given files. */
function zip(files: Array<{ name: string; data: Buffer }>, time: number) {
  const d = new Date(time);
  const dosTime =
    (d.getUTCHours() << 11) |
    (d.getUTCMinutes() << 5) |
    (d.getUTCSeconds() >> 1);
  const dosDate =
    ((d.getUTCFullYear() - 1980) << 9) |
    ((d.getUTCMonth() + 1) << 5) |
    d.getUTCDate();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const crc = zlib.crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(f.data.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(f.data.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, f.data);
    centrals.push(central, name);
    offset += 30 + name.length + f.data.length;
  }
  const centralSize = centrals.reduce((a, b) => a + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/**
 * `…/N/artifact/…` (core `Run.doArtifact` → `DirectoryBrowserSupport`):
 * Run/Artifacts only with `hudson.security.ArtifactsPermission=true`
 * (scenario `artifactsPermission`), else reading the job is enough.
 */
export function artifactRoute(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  rest: string[],
): SimResponse {
  if (state.scenario.artifactsPermission) ctx.check('Run/Artifacts', build.job);
  state.engine.tick();
  const artifacts = visibleArtifacts(build);
  if (artifacts.length === 0) throw notFound();
  const lastModified = new Date(build.endTime ?? Date.now()).toUTCString();
  const path = rest.join('/');
  const zipMatch = /^(?:(.*)\/)?\*zip\*\/[^/]+\.zip$/.exec(path);
  if (zipMatch) {
    const dir = zipMatch[1] ? `${zipMatch[1]}/` : '';
    const files = artifacts
      .filter(a => a.relativePath.startsWith(dir))
      .map(a => ({ name: `archive/${a.relativePath}`, data: a.content }));
    if (files.length === 0) throw notFound();
    const body = zip(files, build.endTime ?? Date.now());
    return {
      status: 200,
      headers: {
        'Content-Type': 'application/zip',
        'Content-Security-Policy': CSP,
      },
      body,
    };
  }
  const file = artifacts.find(a => a.relativePath === path);
  if (file) {
    return {
      status: 200,
      headers: {
        'Content-Type': contentTypeOf(path),
        'Last-Modified': lastModified,
        'Content-Security-Policy': CSP,
        'X-Content-Security-Policy': CSP,
        'X-WebKit-CSP': CSP,
      },
      body: file.content,
    };
  }
  // A directory: DirectoryBrowserSupport's listing.
  const dir = path === '' ? '' : `${path.replace(/\/$/, '')}/`;
  const inside = artifacts.filter(a => a.relativePath.startsWith(dir));
  if (inside.length === 0) throw notFound();
  const names = displayPaths(artifacts);
  const base = `${buildPath(build, ctx.ancestors)}artifact/`;
  const rows = inside
    .map(
      a =>
        `<tr><td><a href="${base}${a.relativePath
          .split('/')
          .map(encodeURIComponent)
          .join('/')}">${escapeHtml(
          names.get(a.relativePath)!,
        )}</a></td><td class="fileSize">${a.content.length}</td></tr>`,
    )
    .join('');
  return html(
    `${build.job.fullName} #${build.number}`,
    `<table class="fileList">${rows}</table><a href="${base}${dir}*zip*/${
      dir === '' ? 'archive' : dir.slice(0, -1).split('/').pop()
    }.zip">(all files in zip)</a>`,
  );
}

// ------------------------------------------------------------------ wfapi

/** pipeline-stage-view `RunAPI.doArtifacts` → `BuildArtifactExt`. */
export function wfapiArtifacts(build: Build, ctx: RequestContext) {
  const artifacts = visibleArtifacts(build);
  const names = displayPaths(artifacts);
  const base = buildPath(build, ctx.ancestors);
  return artifacts.map((a, i) => ({
    id: `n${i + 1}`,
    name: names.get(a.relativePath),
    path: a.relativePath,
    url: `${base}artifact/${a.relativePath}`,
    size: a.content.length,
  }));
}

/** pipeline-stage-view `RunAPI.doChangesets` → `ChangeSetExt`. */
export function wfapiChangesets(build: Build, ctx: RequestContext) {
  if (!build.changes?.length) return [];
  const consoleUrl = `${buildPath(build, ctx.ancestors)}changes`;
  const commits = build.changes.map(c => ({
    commitId: c.commitId,
    authorJenkinsId: c.authorName,
    message: c.message.split('\n')[0],
    timestamp: c.timestamp,
    consoleUrl: `${consoleUrl}#${c.commitId}`,
  }));
  return [{ kind: 'git', commitCount: commits.length, commits, consoleUrl }];
}
