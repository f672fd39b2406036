import { buildBean } from '../../export/beans/buildBeans';
import { itemBean } from '../../export/beans/jobBeans';
import type { Build, JobItem } from '../../model/types';
import { buildPath } from '../../export/urls';
import { apiJson, plainJson } from '../apiJson';
import { notFound, requirePost } from '../errorPages';
import type { RequestContext } from '../RequestContext';
import type { SimResponse } from '../SimResponse';
import type { SimState } from '../SimState';
import { answerInput, inputSubmit, pendingInputActions } from './inputRoutes';
import { consoleText, progressiveLog } from './logRoutes';
import { multiPipelineRuns, pipelineGraphRoute } from './pipelineGraphRoutes';
import {
  artifactRoute,
  pauseRoute,
  replayRoute,
  restartRoute,
  wfapiArtifacts,
  wfapiChangesets,
} from './runActions';
import { resolveBuild, resolveItem } from './resolveItem';
import { testReportBean } from './testReport';
import { doBuild, doBuildWithParameters } from './triggerBuild';
import {
  jobDescribe,
  jobRuns,
  nodeDescribe,
  nodeLog,
  runDescribe,
} from './wfapi';

/**
 * `HttpResponses.forwardToPreviousPage()`: back to the Referer, or to "."
 * without one, which Jetty resolves against the request path (…/N/stop →
 * …/N/).
 */
function forwardToPreviousPage(ctx: RequestContext, build: Build): SimResponse {
  const referer = ctx.req.headers.referer;
  return {
    status: 302,
    headers: { Location: referer ?? buildPath(build, ctx.ancestors) },
  };
}

function htmlPage(title: string): SimResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/html;charset=utf-8' },
    body: `<!DOCTYPE html><html><head><title>${title} - Jenkins</title></head><body></body></html>`,
  };
}

/** Everything below `/job/…`. */
export function itemRoute(ctx: RequestContext, state: SimState): SimResponse {
  ctx.check('Overall/Read');
  const { item, rest } = resolveItem(ctx, state, ctx.segments);
  const path = rest.join('/');
  if (path === 'api/json') return apiJson(itemBean(item), ctx, state);
  if (path === '') return htmlPage(item.fullName);
  if (item.kind === 'folder' || item.kind === 'multibranch') throw notFound();
  return jobRoute(ctx, state, item as JobItem, rest);
}

function jobRoute(
  ctx: RequestContext,
  state: SimState,
  job: JobItem,
  rest: string[],
): SimResponse {
  const path = rest.join('/');
  switch (path) {
    case 'build':
      return doBuild(ctx, state, job);
    case 'buildWithParameters':
      return doBuildWithParameters(ctx, state, job);
    case 'wfapi/describe':
      if (job.kind !== 'pipeline') throw notFound();
      return plainJson(jobDescribe(job, ctx.ancestors));
    case 'multi-pipeline-graph/runs':
      return multiPipelineRuns(ctx, state, job);
    case 'wfapi/runs':
      if (job.kind !== 'pipeline') throw notFound();
      return plainJson(
        jobRuns(
          job,
          state.engine.now(),
          ctx.params.get('since'),
          ctx.params.get('fullStages') === 'true',
          ctx.ancestors,
        ),
      );
    default:
  }
  const [token, ...buildRest] = rest;
  if (token === undefined) throw notFound();
  const build = resolveBuild(ctx, job, ctx.segments.length - rest.length);
  state.engine.tick();
  return buildRoute(ctx, state, build, buildRest);
}

function buildRoute(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  rest: string[],
): SimResponse {
  const path = rest.join('/');
  const pipeline = build.job.kind === 'pipeline';
  switch (path) {
    case '':
      return htmlPage(`${build.job.fullName} #${build.number}`);
    case 'api/json':
      return apiJson(buildBean(build), ctx, state);
    case 'consoleText':
      return consoleText(state, build);
    case 'logText/progressiveText':
      return progressiveLog(ctx, state, build, false);
    case 'logText/progressiveHtml':
      return progressiveLog(ctx, state, build, true);
    case 'stop': {
      if (ctx.method !== 'POST') throw requirePost();
      // AbstractBuild.doStop answers a finished freestyle build without a
      // permission check; WorkflowRun.doStop → doKill checks Item.CANCEL,
      // and so does Executor.doStopBuild for anything running.
      const idle =
        build.job.kind === 'freestyle' && !state.engine.isBuilding(build);
      if (!idle) {
        ctx.check('Job/Cancel', build.job);
        state.engine.stop(build, ctx.identity);
      }
      return forwardToPreviousPage(ctx, build);
    }
    case 'submitDescription': {
      // Run.doSubmitDescription → setDescription: checkPermission(UPDATE).
      if (ctx.method !== 'POST') throw requirePost();
      ctx.check('Run/Update', build.job);
      build.description = ctx.params.get('description');
      return {
        status: 302,
        headers: { Location: buildPath(build, ctx.ancestors) },
      };
    }
    case 'testReport/api/json': {
      const bean = testReportBean(build);
      if (!bean) throw notFound();
      return apiJson(bean, ctx, state);
    }
    default:
  }
  if (rest[0] === 'artifact') {
    return artifactRoute(ctx, state, build, rest.slice(1));
  }
  if (pipeline) {
    switch (rest[0]) {
      case 'stages':
        return pipelineGraphRoute(ctx, state, build, rest.slice(1));
      case 'restart':
        return restartRoute(ctx, state, build, rest.slice(1));
      case 'replay':
        return replayRoute(ctx, state, build, rest.slice(1));
      case 'pause':
        return pauseRoute(ctx, state, build, rest.slice(1));
      default:
    }
  }
  if (pipeline) {
    const now = state.engine.now();
    if (path === 'wfapi/describe' || path === 'wfapi') {
      return plainJson(
        runDescribe(
          build,
          now,
          ctx.params.get('fullStages') === 'true',
          ctx.ancestors,
        ),
      );
    }
    // RunAPI.doChangesets / doArtifacts.
    if (path === 'wfapi/changesets') {
      return plainJson(wfapiChangesets(build, ctx));
    }
    if (path === 'wfapi/artifacts') {
      return plainJson(wfapiArtifacts(build, ctx));
    }
    if (path === 'wfapi/pendingInputActions')
      return pendingInputActions(state, build, ctx.ancestors);
    if (path === 'wfapi/nextPendingInputAction') {
      const response = pendingInputActions(state, build, ctx.ancestors);
      const list = JSON.parse(String(response.body)) as unknown[];
      return plainJson(list[0] ?? null);
    }
    if (path === 'wfapi/inputSubmit') return inputSubmit(ctx, state, build);
    if (rest[0] === 'input' && rest.length === 3) {
      return answerInput(ctx, state, build, rest[1], rest[2]);
    }
    if (rest[0] === 'execution' && rest[1] === 'node' && rest[3] === 'wfapi') {
      let data: unknown;
      if (rest[4] === 'describe') {
        data = nodeDescribe(build, rest[2], now, ctx.ancestors);
      } else if (rest[4] === 'log') {
        data = nodeLog(build, rest[2], now, ctx.ancestors);
      }
      if (!data) throw notFound();
      return plainJson(data);
    }
  }
  throw notFound();
}
