import type { Build } from '../../model/types';
import { Ancestors, buildPath } from '../../export/urls';
import { plainJson } from '../apiJson';
import { notFound, oops, requirePost } from '../errorPages';
import type { RequestContext } from '../RequestContext';
import type { SimResponse } from '../SimResponse';
import type { SimState } from '../SimState';
import { submittedForm } from '../submittedForm';
import { preAbortCheck, preSubmissionCheck } from './inputChecks';

/**
 * `GET …/N/wfapi/pendingInputActions` (pipeline-stage-view
 * `RunAPI.doPendingInputActions`, `PendingInputActionsExt.create`): URLs
 * from `Run.getUrl()`, so in the request's spelling.
 */
export function pendingInputActions(
  state: SimState,
  build: Build,
  ancestors?: Ancestors,
): SimResponse {
  const input = state.engine.pendingInput(build);
  const base = buildPath(build, ancestors);
  return plainJson(
    input
      ? [
          {
            id: input.plan.id,
            proceedText: input.plan.ok,
            message: input.plan.message,
            inputs: [],
            proceedUrl: `${base}wfapi/inputSubmit?inputId=${encodeURIComponent(
              input.plan.id,
            )}`,
            abortUrl: `${base}input/${encodeURIComponent(input.plan.id)}/abort`,
            redirectApprovalUrl: `${base}input/`,
          },
        ]
      : [],
  );
}

/** `InputStepExecution.parseValue`: the `parameter` entries of the submitted form. */
function parseValue(ctx: RequestContext) {
  const form = submittedForm(ctx);
  return ([] as unknown[]).concat(form.parameter ?? []) as Array<{
    name: string;
    value: unknown;
  }>;
}

/** `HttpResponses.ok()`: a bare 200, no body, no Content-Type. */
const OK: SimResponse = { status: 200 };

/**
 * `POST …/N/input/<id>/{proceedEmpty,proceed,submit,abort}`
 * (pipeline-input-step `InputAction.getDynamic` → `InputStepExecution`).
 * An unknown or settled id is a 404 (the execution left the `InputAction`);
 * refusals are `Failure`s (400) from `preSubmissionCheck` /
 * `preAbortCheck`; `submit` proceeds with `proceed=…`, aborts otherwise,
 * and redirects to `ConsoleUrlProvider.getRedirectUrl(run)`.
 */
export function answerInput(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  inputId: string,
  action: string,
): SimResponse {
  const input = state.engine.pendingInput(build, inputId);
  if (!input) throw notFound();
  if (!['proceedEmpty', 'proceed', 'submit', 'abort'].includes(action)) {
    throw notFound();
  }
  // @RequirePOST
  if (ctx.method !== 'POST') throw requirePost();
  const aborting =
    action === 'abort' ||
    (action === 'submit' && ctx.params.get('proceed') === null);
  if (aborting) {
    preAbortCheck(ctx, state, build, input);
    state.engine.answerInput(input, 'abort', ctx.identity);
  } else {
    preSubmissionCheck(ctx, state, build, input);
    const parameters = action === 'proceedEmpty' ? undefined : parseValue(ctx);
    state.engine.answerInput(input, 'proceed', ctx.identity, parameters);
  }
  if (action === 'submit') {
    // DefaultConsoleUrlProvider: Run.getUrl() + "console".
    return {
      status: 302,
      headers: {
        Location: `${ctx.baseUrl}${buildPath(build, ctx.ancestors)}console`,
      },
    };
  }
  return OK;
}

/**
 * `POST …/N/wfapi/inputSubmit?inputId=` (pipeline-stage-view
 * `RunAPI.doInputSubmit`): hands the request to
 * `InputStepExecution.doProceed`. Every failure there — no `InputAction`,
 * no such input, `preSubmissionCheck`'s `Failure` — is wrapped in a
 * ServletException and, through `@ServeJson`'s RuntimeException, becomes
 * the 500 oops page; a missing `json` form is stapler's own 400. The method
 * is `void`, so success is an empty 200.
 */
export function inputSubmit(
  ctx: RequestContext,
  state: SimState,
  build: Build,
): SimResponse {
  if (ctx.method !== 'POST') throw requirePost();
  const inputId = ctx.params.get('inputId') ?? '';
  const pending = state.engine.pendingInput(build);
  const input = pending?.plan.id === inputId ? pending : undefined;
  // The step adds the InputAction when it starts waiting; it stays afterwards.
  const reached =
    pending !== undefined || build.inputs.some(i => i.answeredAt !== undefined);
  if (!reached) {
    throw oops(
      'jakarta.servlet.ServletException: Error processing Input Submit request. This Run instance does not have an InputAction.',
    );
  }
  if (!input) {
    throw oops(
      `jakarta.servlet.ServletException: Error processing Input Submit request. This Run instance does not have an Input with an ID of '${inputId}'. The input ID may not be pre-normalized appropriately.`,
    );
  }
  try {
    preSubmissionCheck(ctx, state, build, input);
  } catch (e) {
    throw oops(
      `jakarta.servlet.ServletException: Error processing Input Submit request.\nCaused by: hudson.model.Failure: ${
        (e as Error).message
      }`,
    );
  }
  state.engine.answerInput(input, 'proceed', ctx.identity, parseValue(ctx));
  return OK;
}
