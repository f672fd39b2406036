import type { Build, InputState } from '../../model/types';
import { buildPath } from '../../export/urls';
import { plainJson } from '../apiJson';
import {
  accessDenied,
  loginRequired,
  notFound,
  requirePost,
  sendError,
} from '../errorPages';
import type { RequestContext } from '../RequestContext';
import type { SimResponse } from '../SimResponse';
import type { SimState } from '../SimState';

/** `InputStepExecution.canSettle`. */
function canSettle(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  input: InputState,
): boolean {
  const submitter = input.plan.submitter;
  if (!submitter) return ctx.has('Job/Build', build.job);
  if (state.roles.isAdmin(ctx.identity)) return true;
  if (ctx.identity.anonymous) return false;
  const allowed = submitter
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  return (
    allowed.includes(ctx.identity.id) ||
    ['authenticated', ...ctx.identity.groups].some(g => allowed.includes(g))
  );
}

function denySettle(ctx: RequestContext, input: InputState, verb: string) {
  if (ctx.identity.anonymous) {
    return loginRequired(ctx.path, false);
  }
  return accessDenied(
    ctx.identity,
    `You need to be ${input.plan.submitter} to ${verb} this`,
  );
}

/** `GET …/N/wfapi/pendingInputActions`. */
export function pendingInputActions(
  state: SimState,
  build: Build,
): SimResponse {
  const input = state.engine.pendingInput(build);
  const base = buildPath(build);
  return plainJson(
    input
      ? [
          {
            id: input.plan.id,
            proceedText: input.plan.ok,
            message: input.plan.message,
            inputs: [],
            proceedUrl: `${base}wfapi/inputSubmit?inputId=${input.plan.id}`,
            abortUrl: `${base}input/${input.plan.id}/abort`,
            redirectApprovalUrl: `${base}input/`,
          },
        ]
      : [],
  );
}

function parseInputParameters(ctx: RequestContext) {
  const json = ctx.params.get('json');
  if (!json) return undefined;
  try {
    const parsed = JSON.parse(json) as { parameter?: unknown };
    return ([] as unknown[]).concat(parsed.parameter ?? []) as Array<{
      name: string;
      value: unknown;
    }>;
  } catch {
    throw sendError(400, 'This page expects a form submission');
  }
}

/** `POST …/N/input/<id>/{proceedEmpty,proceed,submit,abort}` and `wfapi/inputSubmit`. */
export function answerInput(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  inputId: string,
  action: string,
): SimResponse {
  const input = state.engine.pendingInput(build, inputId);
  if (!input) throw notFound();
  if (
    !['proceedEmpty', 'proceed', 'submit', 'abort', 'inputSubmit'].includes(
      action,
    )
  ) {
    throw notFound();
  }
  if (ctx.method !== 'POST') throw requirePost();
  const aborting =
    action === 'abort' ||
    (action === 'submit' && ctx.params.get('proceed') === null);
  if (!canSettle(ctx, state, build, input)) {
    throw denySettle(ctx, input, aborting ? 'abort' : 'submit');
  }
  const parameters =
    action === 'proceedEmpty' ? undefined : parseInputParameters(ctx);
  state.engine.answerInput(
    input,
    aborting ? 'abort' : 'proceed',
    ctx.identity,
    parameters,
  );
  if (action === 'submit') {
    return {
      status: 302,
      headers: { Location: `${ctx.baseUrl}${buildPath(build)}console` },
    };
  }
  return {
    status: 200,
    headers: { 'Content-Type': 'text/plain;charset=utf-8' },
    body: '',
  };
}
