/** What an injected fault does to a matching request. */
export type FaultKind = 'latency' | 'status' | 'malformed' | 'reset' | 'hang';

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
  /** For `status`: an optional body. */
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
    const kinds: FaultKind[] = [
      'latency',
      'status',
      'malformed',
      'reset',
      'hang',
    ];
    if (!kinds.includes(spec.kind)) {
      throw new Error(
        `Unknown fault kind '${spec.kind}'; expected one of ${kinds.join(
          ', ',
        )}`,
      );
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
