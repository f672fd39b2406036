import type { SimResponse } from '../http/SimResponse';
import type { SimControl } from './SimControl';

function json(status: number, data: unknown): SimResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json;charset=utf-8' },
    body: JSON.stringify(data),
  };
}

/**
 * The HTTP control API under `/__sim/`:
 *
 * - `POST /__sim/reset` (optional body `{ keepRealm: true }`)
 * - `POST /__sim/scenario` `{ name }` or `{ scenario: {…} }`
 * - `GET /__sim/clock`, `POST /__sim/clock/advance` `{ ms }`
 * - `GET|POST /__sim/realm` (POST body: a realm change)
 * - `POST /__sim/crumbs/invalidate`
 * - `GET|POST|DELETE /__sim/faults`, `DELETE /__sim/faults/<id>`
 * - `GET|DELETE /__sim/requests` (GET filters: method, path, user, realm, status)
 * - `GET /__sim/counters`
 * - `POST /__sim/builds/log` `{ job, number, text }`: seed a build's log
 * - `GET|POST /__sim/jobs/notifications` (POST `{ job, endpoints }`): Notification-plugin endpoints
 * - `GET|DELETE /__sim/notifications` (GET filters: job, phase, outcome), `GET /__sim/notifications/pending`
 * - `GET|POST /__sim/environment` (POST: `{ NAME: value | null }`)
 * - `GET|POST /__sim/plugins` (POST: `{ pipelineGraphView: false }`; until the next reset)
 */
export function controlRoute(
  control: SimControl,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): SimResponse {
  const b = (body ?? {}) as Record<string, any>;
  try {
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'POST /__sim/reset':
        control.reset({ keepRealm: b.keepRealm === true });
        return json(200, { ok: true, now: control.now() });
      case 'POST /__sim/scenario':
        control.loadScenario(b.scenario ?? b.name);
        return json(200, { ok: true, scenario: control.state.scenario.name });
      case 'GET /__sim/clock':
        return json(200, {
          now: control.now(),
          virtual: control.state.clock.virtual,
        });
      case 'POST /__sim/clock/advance':
        return json(200, { now: control.advance(Number(b.ms)) });
      case 'GET /__sim/realm':
        return json(200, control.realm());
      case 'POST /__sim/realm':
        return json(200, control.configureRealm(b));
      case 'POST /__sim/crumbs/invalidate':
        control.invalidateCrumbs();
        return json(200, { ok: true });
      case 'GET /__sim/faults':
        return json(200, control.faults());
      case 'POST /__sim/faults':
        return json(201, { id: control.injectFault(b as any) });
      case 'DELETE /__sim/faults':
        control.clearFaults();
        return json(200, { ok: true });
      case 'GET /__sim/requests':
        return json(
          200,
          control.requests({
            method: query.get('method') ?? undefined,
            path: query.get('path') ?? undefined,
            user: query.get('user') ?? undefined,
            realm: query.get('realm') ?? undefined,
            status: query.has('status')
              ? Number(query.get('status'))
              : undefined,
          }),
        );
      case 'DELETE /__sim/requests':
        control.clearRequests();
        return json(200, { ok: true });
      case 'POST /__sim/builds/log':
        control.seedBuildLog(String(b.job), Number(b.number), String(b.text));
        return json(200, { ok: true });
      case 'POST /__sim/builds/step-log':
        control.seedStepLog(
          String(b.job),
          Number(b.number),
          String(b.nodeId),
          String(b.text),
        );
        return json(200, { ok: true });
      case 'GET /__sim/counters':
        return json(200, control.counters());
      case 'GET /__sim/jobs/notifications':
        return json(200, control.notificationEndpoints());
      case 'POST /__sim/jobs/notifications':
        if (typeof b.job !== 'string' || !Array.isArray(b.endpoints)) {
          return json(400, {
            error: 'Expected { job: "<full name>", endpoints: [...] }',
          });
        }
        return json(200, {
          job: b.job,
          endpoints: control.setNotificationEndpoints(b.job, b.endpoints),
        });
      case 'GET /__sim/notifications':
        return json(
          200,
          control.notifications({
            job: query.get('job') ?? undefined,
            phase: query.get('phase') ?? undefined,
            outcome: query.get('outcome') ?? undefined,
          }),
        );
      case 'GET /__sim/notifications/pending':
        control.state.engine.tick();
        return json(200, { pending: control.notifier.pending });
      case 'DELETE /__sim/notifications':
        control.clearNotifications();
        return json(200, { ok: true });
      case 'GET /__sim/environment':
        return json(200, control.environment());
      case 'POST /__sim/environment':
        return json(200, control.configureEnvironment(b));
      case 'GET /__sim/plugins':
        return json(200, control.plugins());
      case 'POST /__sim/plugins':
        return json(200, control.setPlugins(b));
      default:
    }
    const faultId = /^DELETE \/__sim\/faults\/([^/]+)$/.exec(route);
    if (faultId) {
      return control.removeFault(decodeURIComponent(faultId[1]))
        ? json(200, { ok: true })
        : json(404, { error: `No fault ${faultId[1]}` });
    }
    return json(404, { error: `No control route ${route}` });
  } catch (e) {
    return json(400, { error: (e as Error).message });
  }
}
