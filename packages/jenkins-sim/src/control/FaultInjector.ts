/**
 * What an injected fault does to a matching request:
 * - `latency`: answers normally after `latencyMs`;
 * - `status`: answers `status` (HTML body, or `body`) without serving it;
 * - `malformed`: answers 200 with JSON cut off mid-document;
 * - `json`: answers 200 with well-formed JSON of the wrong shape (`body`,
 *   default a job whose `builds` is not a list), as a proxy or a plugin
 *   answering for Jenkins may;
 * - `reset`: drops the connection (TCP RST) before serving it;
 * - `hang`: never answers and never serves it;
 * - `expireCrumb`: the HTTP session (and with it every crumb) expires just
 *   before the request is served, as after Jenkins' session timeout or a
 *   restart, so a crumb fetched before is refused with 403;
 * - `applyThenHang` / `applyThenReset`: serves the request (a POST takes
 *   effect) but the answer never arrives: the connection hangs or is reset,
 *   as when a reverse proxy times out after Jenkins acted.
 */
export type FaultKind =
  | 'latency'
  | 'status'
  | 'malformed'
  | 'json'
  | 'reset'
  | 'hang'
  | 'expireCrumb'
  | 'applyThenHang'
  | 'applyThenReset';

const FAULT_KINDS: FaultKind[] = [
  'latency',
  'status',
  'malformed',
  'json',
  'reset',
  'hang',
  'expireCrumb',
  'applyThenHang',
  'applyThenReset',
];

/** A fault to inject for requests whose path matches. */
export interface FaultSpec {
  /** Regex tested against the request path (e.g. `^/job/payments/`). */
  path: string;
  /** Only this HTTP method (default: any). */
  method?: string;
  kind: FaultKind;
  /** Added latency before the fault's effect (the whole effect for `latency`). */
  latencyMs?: number;
  /** For `status`: the status code to answer with. */
  status?: number;
  /** For `status`: an optional body; for `json`: the JSON text to send. */
  body?: string;
  /** Apply only this many times, then the fault disappears. */
  times?: number;
}

/** An injected fault and how often it fired. */
export interface Fault extends FaultSpec {
  id: string;
  hits: number;
}

/** Keeps the injected faults and picks the one that applies to a request. */
export class FaultInjector {
  private faults: Array<Fault & { regex: RegExp }> = [];
  private nextId = 1;

  add(spec: FaultSpec): string {
    if (!FAULT_KINDS.includes(spec.kind)) {
      throw new Error(
        `Unknown fault kind '${spec.kind}'; expected one of ${FAULT_KINDS.join(
          ', ',
        )}`,
      );
    }
    if (spec.kind === 'json' && spec.body !== undefined) {
      try {
        JSON.parse(spec.body);
      } catch {
        throw new Error('A json fault needs a body that is JSON');
      }
    }
    if (
      spec.kind === 'status' &&
      !(Number(spec.status) >= 100 && Number(spec.status) <= 599)
    ) {
      throw new Error('A status fault needs a status between 100 and 599');
    }
    const id = `fault-${this.nextId++}`;
    this.faults.push({ ...spec, id, hits: 0, regex: new RegExp(spec.path) });
    return id;
  }

  list(): Fault[] {
    return this.faults.map(({ regex: _regex, ...f }) => ({ ...f }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter(f => f.id !== id);
    return this.faults.length !== before;
  }

  clear() {
    this.faults = [];
  }

  /** The first matching fault, counted as used. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      f =>
        (!f.method || f.method.toUpperCase() === method) && f.regex.test(path),
    );
    if (!fault) return undefined;
    fault.hits++;
    if (fault.times !== undefined && fault.hits >= fault.times) {
      this.remove(fault.id);
    }
    const { regex: _regex, ...copy } = fault;
    return copy;
  }
}
