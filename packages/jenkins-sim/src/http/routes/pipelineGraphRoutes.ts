/**
 * Pipeline Graph View's REST API under `…/N/stages/` (jenkinsci/
 * pipeline-graph-view-plugin `PipelineConsoleViewAction`, `openapi.yaml`,
 * `PipelineJsonWriter`, `PipelineStage`, `PipelineStep`). The URL name was
 * `pipeline-overview` until PGV #1134 (Feb 2026); the simulator serves the
 * current one.
 */
import { createHash } from 'node:crypto';
import { consoleLog } from '../../model/BuildLog';
import {
  allViews,
  graphAt,
  isInProgress,
  NodeView,
} from '../../model/PipelineGraph';
import type { Build, JobItem } from '../../model/types';
import { buildPath, itemPath } from '../../export/urls';
import { notFound, requirePost, sendError } from '../errorPages';
import type { RequestContext } from '../RequestContext';
import type { SimResponse } from '../SimResponse';
import type { SimState } from '../SimState';
import { replayRun } from './runActions';

/** `PipelineConsoleViewAction.CACHE_AGE`: one day. */
const CACHE_AGE = 86400;

/** Core `HttpResponses.okJSON` / `errorJSON` (`JSONObjectResponse`): always 200. */
function okJson(data?: unknown): SimResponse {
  const body: Record<string, unknown> = { status: 'ok' };
  if (data !== undefined) body.data = data;
  return jsonObjectResponse(body);
}

function errorJson(message: string): SimResponse {
  return jsonObjectResponse({ status: 'error', message });
}

function jsonObjectResponse(body: unknown): SimResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=UTF-8' },
    body: JSON.stringify(body),
  };
}

/** `PipelineJsonWriter.write`: `{"status":"ok","data":…}`, nulls omitted. */
function writerJson(data: unknown, complete: boolean): SimResponse {
  return {
    status: 200,
    headers: {
      'Content-Type': 'application/json;charset=UTF-8',
      'Cache-Control': complete
        ? `private, immutable, max-age=${CACHE_AGE}`
        : 'private, no-store',
    },
    body: JSON.stringify({ status: 'ok', data }),
  };
}

function text(body: string, type = 'text/plain;charset=UTF-8'): SimResponse {
  return { status: 200, headers: { 'Content-Type': type }, body };
}

/**
 * `AbstractPipelineNode` timing: `totalDurationMillis` is null (omitted)
 * while the node is in progress.
 */
function timing(view: NodeView) {
  const out: Record<string, unknown> = { pauseDurationMillis: view.pauseMs };
  if (!isInProgress(view.state)) out.totalDurationMillis = view.durationMs ?? 0;
  out.startTimeMillis = view.startTime;
  return out;
}

/** The node an agent ran on (`WorkspaceAction.getNode()`, `built-in` for the controller). */
function agentOf(view: NodeView): string | undefined {
  if (view.state === 'queued' || view.state === 'skipped') return undefined;
  if (view.state === 'not_built') return undefined;
  return view.node.agent ? `${view.node.agent}-agent-1` : 'built-in';
}

/** `PipelineStage` in Jackson's creator order. */
function stageJson(view: NodeView, base: string, nested: boolean): unknown {
  const out: Record<string, unknown> = {
    id: view.node.id,
    name: view.node.name,
    children: view.children.map(c => stageJson(c, base, true)),
    state: view.state,
    type: view.node.kind === 'branch' ? 'PARALLEL' : 'STAGE',
    title: view.node.name,
    // stages inside a `stages {}` block of a parallel branch are sequential
    isSequential: nested && view.node.kind === 'stage',
    synthetic: false,
    placeholder: false,
    ...timing(view),
  };
  const agent = agentOf(view);
  if (agent !== undefined) out.agent = agent;
  out.url = `${base}stages/?selected-node=${view.node.id}`;
  if (view.causeOfBlockage) out.causeOfBlockage = view.causeOfBlockage;
  return out;
}

/**
 * `PipelineStepApi.parseSteps`: `name` is the step's arguments and `title`
 * its display name, blanked for `Shell Script` and `Print Message`.
 */
function stepJson(view: NodeView): unknown {
  const node = view.node;
  const args = node.name;
  const display = node.displayName ?? '';
  const name = args || display;
  const title =
    !args || display === 'Shell Script' || display === 'Print Message'
      ? ''
      : display;
  const out: Record<string, unknown> = {
    id: node.id,
    name,
    state: view.state,
    type: 'STEP',
    title,
    ...timing(view),
    stageId: node.parentId,
  };
  if (node.input) {
    out.inputStep = {
      message: node.input.message,
      cancel: 'Abort',
      id: node.input.id,
      ok: node.input.ok,
      parameters: false,
    };
  }
  out.flags = {};
  return out;
}

function allSteps(views: NodeView[]): NodeView[] {
  return allViews(views)
    .filter(v => v.node.kind === 'step')
    .sort(
      (a, b) =>
        Number(a.node.parentId) - Number(b.node.parentId) ||
        Number(a.node.id) - Number(b.node.id),
    );
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

/** Everything below `…/N/stages/`. */
export function pipelineGraphRoute(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  rest: string[],
): SimResponse {
  // Without the plugin there is no `stages` action: stapler answers 404.
  if (!state.plugins.pipelineGraphView || build.job.kind !== 'pipeline') {
    throw notFound();
  }
  const path = rest.join('/');
  const job = build.job;
  const now = state.engine.now();
  const complete = build.result !== null;
  const base = buildPath(build, ctx.ancestors);
  const nodeId = ctx.params.get('nodeId');
  const post = () => {
    if (ctx.method !== 'POST') throw requirePost();
  };
  switch (path) {
    case '':
      return text(
        `<!DOCTYPE html><html><head><title>${escapeHtml(
          `${job.fullName} #${build.number}`,
        )} - Stages - Jenkins</title></head><body><div id="main-panel"></div></body></html>`,
        'text/html;charset=utf-8',
      );
    case 'tree': {
      const views = graphAt(build, now);
      return writerJson(
        { stages: views.map(v => stageJson(v, base, false)), complete },
        complete,
      );
    }
    case 'allSteps': {
      const steps = allSteps(graphAt(build, now));
      return writerJson(
        { steps: steps.map(stepJson), runIsComplete: complete },
        complete,
      );
    }
    case 'steps': {
      if (nodeId === null) return errorJson('Error getting console text');
      const steps = allSteps(graphAt(build, now)).filter(
        s => s.node.parentId === nodeId,
      );
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json;charset=UTF-8' },
        body: JSON.stringify({
          status: 'ok',
          data: { steps: steps.map(stepJson), runIsComplete: complete },
        }),
      };
    }
    case 'log': {
      if (nodeId === null) return text('Error getting console text\n');
      const views = allViews(graphAt(build, now));
      const node = views.find(v => v.node.id === nodeId);
      if (node?.node.kind === 'step') {
        return text(node.log + (node.errorText ?? ''));
      }
      // A stage: the logs and error texts of its own steps (getSteps(nodeId)).
      let out = '';
      for (const step of views.filter(
        v => v.node.kind === 'step' && v.node.parentId === nodeId,
      )) {
        out += step.log;
        if (step.errorText) {
          out += step.errorText.endsWith('\n')
            ? step.errorText
            : `${step.errorText}\n`;
        }
      }
      return text(out === '' ? 'No logs found\n' : out);
    }
    case 'exceptionText': {
      if (nodeId === null) throw sendError(400, 'missing ?nodeId');
      const node = allViews(graphAt(build, now)).find(
        v => v.node.id === nodeId,
      );
      return text(node?.errorText ?? '');
    }
    case 'consoleBuildOutput':
      return text(
        escapeHtml(consoleLog(build, now)),
        'text/html;charset=UTF-8',
      );
    case 'nextBuild': {
      const raw = ctx.params.get('queueId');
      if (raw === null || raw.trim() === '') {
        return errorJson('No queueId provided');
      }
      const queueId = Number(raw);
      for (let n = job.builds.lastNumber; n > build.number; n--) {
        const next = job.builds.get(n);
        if (next?.queueId === queueId) {
          return okJson({
            nextBuildUrl: `${itemPath(job)}${next.number}/stages/`,
          });
        }
      }
      return okJson();
    }
    case 'pauseState':
      return okJson({
        paused: state.engine.isPaused(build),
        building: state.engine.isBuilding(build),
      });
    case 'rerun': {
      post();
      ctx.check('Job/Build', job);
      if (job.disabled) return errorJson('Could not schedule a build');
      // ReplayAction.run2(original script, loaded scripts): ReplayCause
      // "Replayed #N" (the 2-argument run2 passes rebuilt=false).
      const item = replayRun(
        ctx,
        state,
        build,
        build.script ?? job.script,
        false,
      );
      return okJson({ message: 'Build scheduled', queueId: item.id });
    }
    case 'cancel': {
      post();
      ctx.check('Job/Cancel', job);
      if (state.engine.isBuilding(build)) {
        state.engine.stop(build, ctx.identity);
        return okJson();
      }
      return errorJson(
        build.result === 'ABORTED'
          ? 'Run was already cancelled'
          : 'Run is already finished',
      );
    }
    case 'pause':
    case 'resume': {
      post();
      ctx.check('Job/Cancel', job);
      if (!state.engine.isBuilding(build)) {
        return errorJson('Run is already finished');
      }
      state.engine.setPaused(build, path === 'pause');
      return okJson();
    }
    default:
  }
  throw notFound();
}

/** `PipelineState.of(WorkflowRun)`. */
function runState(build: Build): string {
  if (build.result === null) return 'running';
  return build.result.toLowerCase();
}

/**
 * `GET /job/X/multi-pipeline-graph/runs` (`MultiPipelineGraphViewAction`,
 * `PipelineRun`, `EtagBuilder`): the newest 10 runs; an MD5 ETag unless a
 * run is building; `If-None-Match` → 304.
 */
export function multiPipelineRuns(
  ctx: RequestContext,
  state: SimState,
  job: JobItem,
): SimResponse {
  if (!state.plugins.pipelineGraphView || job.kind !== 'pipeline') {
    throw notFound();
  }
  state.engine.tick();
  const runs: Array<Record<string, unknown>> = [];
  const digest = createHash('md5');
  let building = false;
  for (let n = job.builds.lastNumber; n >= 1 && runs.length < 10; n--) {
    const b = job.builds.get(n);
    if (!b) continue;
    const run = {
      id: String(b.number),
      displayName: `#${b.number}`,
      timestamp: b.startTime,
      duration:
        b.result === null || b.endTime === null ? 0 : b.endTime - b.startTime,
      changesCount: b.changes?.length ?? 0,
      result: runState(b),
    };
    runs.push(run);
    if (b.result === null) building = true;
    digest.update(
      `${run.id}|${run.displayName}|${run.timestamp}|${run.duration}|${
        run.changesCount
      }|${run.result.toUpperCase()}`,
    );
    digest.update(Buffer.from([0]));
  }
  const etag = building ? undefined : `"${digest.digest('base64')}"`;
  if (etag && ctx.req.headers['if-none-match'] === etag) {
    return { status: 304, headers: { ETag: etag } };
  }
  const headers: Record<string, string> = {
    'Cache-Control': 'no-cache',
    'Content-Type': 'application/json;charset=UTF-8',
  };
  if (etag) headers.ETag = etag;
  return {
    status: 200,
    headers,
    body: JSON.stringify({ status: 'ok', data: runs }),
  };
}
