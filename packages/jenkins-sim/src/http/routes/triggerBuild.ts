import type { JobItem, ParameterDef, ParameterValue } from '../../model/types';
import { itemPath } from '../../export/urls';
import { oops, requirePost, sendError } from '../errorPages';
import { submittedForm } from '../submittedForm';
import type { RequestContext } from '../RequestContext';
import type { SimResponse } from '../SimResponse';
import type { SimState } from '../SimState';

/** `SimpleParameterDefinition.createValue(String)`. */
function createValue(def: ParameterDef, raw: string): ParameterValue {
  if (def.type === 'boolean') {
    return {
      name: def.name,
      type: def.type,
      value: raw.toLowerCase() === 'true',
    };
  }
  if (def.type === 'choice' && !(def.choices ?? []).includes(raw)) {
    // core ChoiceParameterDefinition#createValue: IllegalArgumentException → uncaught → /oops.
    throw oops(
      `java.lang.IllegalArgumentException: Illegal choice for parameter ${def.name}: ${raw}`,
    );
  }
  return { name: def.name, type: def.type, value: raw };
}

function defaultValue(def: ParameterDef): ParameterValue {
  return { name: def.name, type: def.type, value: def.defaultValue };
}

/** `?delay=` as `TimeDuration`: `5`, `5sec`, `300ms`, `2min`. */
function parseDelay(raw: string | null, fallbackMs: number): number {
  if (raw === null || raw === '') return fallbackMs;
  const m = /^\s*(\d+)\s*(ms|millis|sec|secs|s|min|mins|m)?\s*$/i.exec(raw);
  if (!m)
    throw oops(`java.lang.IllegalArgumentException: Invalid delay: ${raw}`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 'sec').toLowerCase();
  if (unit.startsWith('ms') || unit === 'millis') return n;
  if (unit.startsWith('m')) return n * 60000;
  return n * 1000;
}

function location(ctx: RequestContext, id: number) {
  return `${ctx.baseUrl}/queue/item/${id}/`;
}

/** `HttpResponses.errorWithoutStack(SC_CONFLICT, …)` for a disabled job. */
function checkBuildable(job: JobItem) {
  if (job.disabled) {
    throw sendError(409, `${job.fullName} is not buildable`);
  }
}

/** `BuildAuthorizationToken.checkPermission`: Item.BUILD, then POST only (405). */
function checkPermission(ctx: RequestContext, job: JobItem) {
  ctx.check('Job/Build', job);
  if (ctx.method !== 'POST') throw requirePost();
}

function causeOf(ctx: RequestContext) {
  return {
    kind: 'user' as const,
    userId: ctx.identity.anonymous ? null : ctx.identity.id,
    userName: ctx.identity.fullName,
  };
}

/**
 * `/job/X/build` (core `ParameterizedJobMixIn.doBuild`): 409 when not
 * buildable, the parameter form for a non-POST on a parameterized job (read
 * access is enough), then `BuildAuthorizationToken.checkPermission`. A
 * parameterized job goes through `ParametersDefinitionProperty._doBuild`:
 * the `json` form, `Queue.schedule` (null for an identical queued item →
 * `sendRedirect(".")`), else `statusCode` (default 201) to the item. A plain
 * job answers 201 even for an already queued item (JENKINS-66105).
 */
export function doBuild(
  ctx: RequestContext,
  state: SimState,
  job: JobItem,
): SimResponse {
  const delay = parseDelay(ctx.params.get('delay'), state.engine.quietPeriodMs);
  checkBuildable(job);
  const parameterized = job.parameters.length > 0;
  if (parameterized && ctx.method !== 'POST') {
    return {
      status: 200,
      headers: { 'Content-Type': 'text/html;charset=utf-8' },
      body: `<html><body><form method="post" action="build">${job.parameters
        .map(p => `<input name="${p.name}"/>`)
        .join('')}</form></body></html>`,
    };
  }
  checkPermission(ctx, job);
  if (!parameterized) {
    const { item } = state.engine.schedule(job, [], causeOf(ctx), delay);
    return { status: 201, headers: { Location: location(ctx, item.id) } };
  }
  const form = submittedForm(ctx);
  const submitted = ([] as unknown[]).concat(form.parameter ?? []) as Array<{
    name?: string;
    value?: unknown;
  }>;
  const seen = new Map<string, ParameterValue>();
  for (const entry of submitted) {
    const def = job.parameters.find(d => d.name === entry.name);
    if (!def) {
      throw oops(
        `java.lang.IllegalArgumentException: No such parameter definition: ${entry.name}`,
      );
    }
    seen.set(def.name, createValue(def, String(entry.value ?? '')));
  }
  // Simplification: parameters not submitted take their defaults.
  const values = job.parameters.map(d => seen.get(d.name) ?? defaultValue(d));
  const { item, created } = state.engine.schedule(
    job,
    values,
    causeOf(ctx),
    delay,
  );
  if (!created) {
    // Jetty resolves "." against the request path …/job/X/build.
    return {
      status: 302,
      headers: { Location: `/${itemPath(job, ctx.ancestors)}` },
    };
  }
  const status = typeof form.statusCode === 'number' ? form.statusCode : 201;
  return { status, headers: { Location: location(ctx, item.id) } };
}

/**
 * `POST /job/X/buildWithParameters` (core
 * `ParameterizedJobMixIn.doBuildWithParameters`: permission and POST, 409
 * when not buildable, 400 when not parameterized; then
 * `ParametersDefinitionProperty.buildWithParameters`: 201, or 303 for an
 * identical queued item).
 */
export function doBuildWithParameters(
  ctx: RequestContext,
  state: SimState,
  job: JobItem,
): SimResponse {
  checkPermission(ctx, job);
  checkBuildable(job);
  if (job.parameters.length === 0) {
    throw sendError(400, `${job.fullName} is not parameterized`);
  }
  const delay = parseDelay(ctx.params.get('delay'), state.engine.quietPeriodMs);
  const values = job.parameters.map(def => {
    const given = ctx.params.getAll(def.name);
    if (given.length === 0) return defaultValue(def);
    if (given.length !== 1) {
      throw oops(
        `java.lang.IllegalArgumentException: Illegal number of parameter values for ${def.name}: ${given.length}`,
      );
    }
    return createValue(def, given[0]);
  });
  const { item, created } = state.engine.schedule(
    job,
    values,
    causeOf(ctx),
    delay,
  );
  return {
    status: created ? 201 : 303,
    headers: { Location: location(ctx, item.id) },
  };
}
