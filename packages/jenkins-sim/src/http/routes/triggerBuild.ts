import type { JobItem, ParameterDef, ParameterValue } from '../../model/types';
import { oops, requirePost, sendError } from '../errorPages';
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
    // IllegalArgumentException → uncaught → /oops (inferred from code, see facts sheet A11).
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

function checkBuildable(ctx: RequestContext, job: JobItem) {
  ctx.check('Job/Build', job);
  if (job.disabled) {
    throw sendError(409, `${job.fullName} is not buildable`);
  }
}

function causeOf(ctx: RequestContext) {
  return {
    kind: 'user' as const,
    userId: ctx.identity.anonymous ? null : ctx.identity.id,
    userName: ctx.identity.fullName,
  };
}

/** `/job/X/build` (`ParameterizedJobMixIn.doBuild`). */
export function doBuild(
  ctx: RequestContext,
  state: SimState,
  job: JobItem,
): SimResponse {
  checkBuildable(ctx, job);
  const parameterized = job.parameters.length > 0;
  if (ctx.method !== 'POST') {
    if (parameterized) {
      return {
        status: 200,
        headers: { 'Content-Type': 'text/html;charset=utf-8' },
        body: `<html><body><form method="post" action="build">${job.parameters
          .map(p => `<input name="${p.name}"/>`)
          .join('')}</form></body></html>`,
      };
    }
    throw requirePost();
  }
  const delay = parseDelay(ctx.params.get('delay'), state.engine.quietPeriodMs);
  let values: ParameterValue[] = [];
  let status = 201;
  if (parameterized) {
    const json = ctx.params.get('json');
    if (json === null) {
      const others = [...ctx.params.keys()].filter(
        k => k !== 'Jenkins-Crumb' && k !== 'delay',
      );
      throw sendError(
        400,
        others.length > 0
          ? 'This page expects a form submission'
          : 'Nothing is submitted',
      );
    }
    let form: { parameter?: unknown; statusCode?: unknown };
    try {
      form = JSON.parse(json);
    } catch {
      throw sendError(400, 'This page expects a form submission');
    }
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
    // Parameters not submitted take their defaults.
    values = job.parameters.map(d => seen.get(d.name) ?? defaultValue(d));
    if (typeof form.statusCode === 'number') status = form.statusCode;
  }
  const { item } = state.engine.schedule(job, values, causeOf(ctx), delay);
  // JENKINS-66105: 201 even when the item was already queued.
  return { status, headers: { Location: location(ctx, item.id) } };
}

/** `POST /job/X/buildWithParameters` (`ParametersDefinitionProperty.buildWithParameters`). */
export function doBuildWithParameters(
  ctx: RequestContext,
  state: SimState,
  job: JobItem,
): SimResponse {
  checkBuildable(ctx, job);
  if (ctx.method !== 'POST') throw requirePost();
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
