import { expect } from '@playwright/test';
import { simAdminAuth, simUrl } from './stack';

/*
 * The Jenkins simulator's control API (`/__sim/`, packages/jenkins-sim/README.md)
 * and, with the scenario's administrator token, its Jenkins REST API: how the
 * tests set up Jenkins and check what it recorded.
 */

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${simUrl}/__sim/${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  expect(response.ok, `${method} /__sim/${path}`).toBe(true);
  return response.json();
}

/** Back to the demo scenario: builds, queue, faults and request log. */
export async function resetSim() {
  await control('POST', 'reset');
}

/** A request the simulator served, as its request log records it. */
export interface SimRequest {
  method: string;
  path: string;
  status: number;
  user: string | null;
  groups: string[];
  realm: 'basic' | 'jwt' | 'proxy' | 'anonymous' | 'rejected';
}

export async function simRequests(filter: {
  method?: string;
  path?: string;
}): Promise<SimRequest[]> {
  const query = new URLSearchParams(filter as Record<string, string>);
  return control('GET', `requests?${query}`);
}

/** Empties the simulator's request log (faults and builds stay as they are). */
export async function clearSimRequests() {
  await control('DELETE', 'requests');
}

/**
 * Makes Jenkins requests whose path matches `path` (a regex; default: every
 * request) fail the way an unreachable host does: the connection is reset.
 */
export async function resetConnections(path = '^/'): Promise<string> {
  const { id } = await control('POST', 'faults', { path, kind: 'reset' });
  return id;
}

export async function clearFaults() {
  await control('DELETE', 'faults');
}

/** `job/a/job/b` for `a/b`. */
function jobPath(fullName: string) {
  return fullName
    .split('/')
    .map(part => `job/${encodeURIComponent(part)}`)
    .join('/');
}

/** A build as Jenkins' REST API returns it, read as the administrator. */
export async function simBuild(fullName: string, buildNumber: number) {
  const response = await fetch(
    `${simUrl}/${jobPath(fullName)}/${buildNumber}/api/json`,
    { headers: { authorization: simAdminAuth } },
  );
  expect(response.status, `${fullName} #${buildNumber}`).toBe(200);
  return response.json() as Promise<{
    number: number;
    building: boolean;
    result: string | null;
    actions: Array<{
      _class?: string;
      causes?: Array<{ userId?: string; shortDescription?: string }>;
      parameters?: Array<{ name: string; value?: unknown }>;
    }>;
  }>;
}

/** Who Jenkins says started a build (`Cause$UserIdCause`). */
export function startedBy(build: Awaited<ReturnType<typeof simBuild>>) {
  return build.actions
    .flatMap(a => a.causes ?? [])
    .map(c => c.userId)
    .filter(Boolean);
}

/** The parameters Jenkins recorded for a build. */
export function buildParameters(build: Awaited<ReturnType<typeof simBuild>>) {
  return Object.fromEntries(
    build.actions
      .flatMap(a => a.parameters ?? [])
      .map(p => [p.name, p.value] as const),
  );
}

/**
 * Moves the simulator's clock ahead (on its real clock, a jump), so queued
 * and running builds get where they would be `ms` later.
 */
export async function advanceSimClock(ms: number) {
  await control('POST', 'clock/advance', { ms });
}
