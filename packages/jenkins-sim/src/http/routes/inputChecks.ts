import { caseFold } from '../../model/caseFold';
import type { Build, InputState } from '../../model/types';
import { failure } from '../errorPages';
import type { RequestContext } from '../RequestContext';
import type { SimState } from '../SimState';

/*
 * The permission checks of jenkinsci/pipeline-input-step-plugin's
 * InputStepExecution. Both refuse with a `hudson.model.Failure` (400), never
 * with a 403: by then stapler has already let the caller read the run.
 */

/**
 * `InputStepExecution.canSettle`: without `submitter`, Job/Build on the job;
 * otherwise an administrator, or `isMemberOf` the comma-separated list by
 * user id or any authority. The realm's `IdStrategy` compares, which is
 * `CASE_INSENSITIVE` for the realms simulated (SecurityRealm's default; the
 * jwt-auth realm does not override it).
 */
export function canSettle(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  input: InputState,
): boolean {
  const submitter = input.plan.submitter;
  if (!submitter) return ctx.has('Job/Build', build.job);
  if (state.roles.isAdmin(ctx.identity)) return true;
  const allowed = new Set(submitter.split(',').map(s => caseFold(s.trim())));
  const authorities = ctx.identity.anonymous
    ? ['anonymous']
    : ['authenticated', ...ctx.identity.groups];
  return [ctx.identity.id, ...authorities].some(n => allowed.has(caseFold(n)));
}

/** `InputStepExecution.preSubmissionCheck` (proceed, proceedEmpty, submit with `proceed`). */
export function preSubmissionCheck(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  input: InputState,
) {
  if (canSettle(ctx, state, build, input)) return;
  const submitter = input.plan.submitter;
  throw failure(
    submitter
      ? `You need to be ${submitter} to submit this.`
      : 'You need to have Job/Build permissions to submit this.',
  );
}

/**
 * `InputStepExecution.preAbortCheck` (abort, submit without `proceed`):
 * `canCancel()` — Job/Cancel on the job (Item.CANCEL) — or `canSubmit()`.
 */
export function preAbortCheck(
  ctx: RequestContext,
  state: SimState,
  build: Build,
  input: InputState,
) {
  if (ctx.has('Job/Cancel', build.job)) return;
  if (canSettle(ctx, state, build, input)) return;
  const submitter = input.plan.submitter;
  throw failure(
    submitter
      ? `You need to be '${submitter}' (or have Job/Cancel permissions) to cancel this.`
      : 'You need to have Job/Cancel permissions to cancel this.',
  );
}
